// `group undo --report <file>`: put every group a bulk run (or `group apply`) wrote back to the rule
// it held before that run, as the report recorded it (`before`: PUT it, or DELETE the rule when the
// group had none). It reads the current rules first (in batches) and decides per group:
//
//   current state                      action
//   equals the report's `before`       unchanged (already as it was; nothing sent)
//   equals the report's `after`        restore `before`
//   anything else                      conflict: someone changed it since; left alone
//                                      (--force restores `before` anyway)
//
// Only lines marked written (`ok`) are undone. The undo writes its own report (default
// <report>.undo.jsonl, in the same format, so an undo can itself be undone); run again, it skips
// the groups that report marks restored or unchanged: an interrupted undo is finished by running it
// again. A report of another organization (--account, or the profile's) is refused, nothing sent.

import fs from 'node:fs';
import { configDir } from '../../config/store.js';
import type { GroupRule } from '../../api/uipath-rules.js';
import type { Context, ResolvedProfile } from '../../context.js';
import { usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { readReport, ReportWriter, type ReportLine } from '../../uipath/bulk/report.js';
import { withReport } from '../../uipath/bulk/report-file.js';
import { diffRules, formatDiff, ruleJson, sameRule } from '../../uipath/rules.js';
import { placeholder, reportLine, renderResults, tally, type GroupResult } from './shared/bulk-results.js';
import { openWriteClient, runWrites, type WriteJob } from './shared/bulk-writes.js';
import { readAllRules } from './shared/rule-io.js';

interface Opts {
  report: string;
  undoReport?: string;
  account?: string;
  /** `auto` (src/pool-adaptive.ts) or a fixed number of requests in flight. */
  concurrency: number | 'auto';
  dryRun?: boolean;
  force?: boolean;
}

type Written = ReportLine & { accountId: string; before: GroupRule | null; after: GroupRule | null };

export async function run(ctx: Context, _args: string[], opts: Opts): Promise<number> {
  const resolved = ctx.resolveProfile();
  const written = readWritten(opts.report);
  const expected = opts.account ?? resolved.profile?.account;
  const foreign = expected === undefined ? undefined : written.find((l) => l.accountId.toLowerCase() !== expected.toLowerCase());
  if (foreign) {
    throw usageError(`${opts.report} belongs to organization ${foreign.accountId}, not ${expected} (${opts.account ? '--account' : 'the profile\'s account'}): nothing was sent`);
  }
  const undoFile = opts.undoReport ?? `${opts.report}.undo.jsonl`;
  // Not the report being undone, nor the config folder, nor another file; locked while written.
  return withReport(undoFile, { input: opts.report, configDir: configDir(ctx.env), lock: !opts.dryRun }, () => undo(ctx, resolved, opts, written, undoFile));
}

async function undo(ctx: Context, resolved: ResolvedProfile, opts: Opts, written: Written[], undoFile: string): Promise<number> {
  const previous = readReport(undoFile);
  const done = new Set([...previous.lines.values()].filter((l) => l.status === 'ok' || l.status === 'unchanged').map((l) => l.groupId));
  const todo = written.filter((l) => !done.has(l.groupId));
  const out = ctx.out;
  if (todo.length === 0) {
    if (out.json) out.writeJson([]);
    out.note(written.length === 0 ? `${opts.report} records no written group: nothing to undo` : `every group of ${opts.report} is already restored (see ${undoFile}): nothing to undo`);
    return ExitCode.ok;
  }

  const { client, limit } = await openWriteClient(ctx, resolved, opts.concurrency, todo.length * 1.1);
  const current = await readAllRules(client, todo, limit);
  const plans = todo.map((l) => {
    const now = current(l);
    const action: 'unchanged' | 'restore' | 'conflict' = sameRule(now, l.before) ? 'unchanged' : sameRule(now, l.after) || opts.force ? 'restore' : 'conflict';
    return { line: l, now, action };
  });

  if (opts.dryRun) {
    if (out.json) out.writeJson(plans.map((p) => ({ groupId: p.line.groupId, action: p.action, current: ruleJson(p.now), before: p.line.before })));
    else for (const p of plans) out.line(planLine(out.mode === 'tsv', p.line.groupId, p.action, p.now, p.line));
    const n = (a: string) => plans.filter((p) => p.action === a).length;
    out.note(`dry run: ${n('restore')} to restore, ${n('unchanged')} already as before, ${n('conflict')} changed since the run (left alone; --force restores them); nothing was sent`);
    return ExitCode.ok;
  }

  const keep = [...previous.lines.values()].filter((l) => done.has(l.groupId));
  const writer = ReportWriter.open(undoFile, keep);
  const results = new Map<string, GroupResult>();
  let outcome;
  try {
    for (const p of plans) {
      if (p.action === 'restore') continue;
      const r = placeholder(p.line.groupId, p.action);
      if (p.action === 'conflict') r.error = `changed since the run: it holds ${describe(p.now)}, the run left ${describe(p.line.after)} (--force restores it anyway)`;
      results.set(r.groupId, r);
      writer.write(reportLine(r, { accountId: p.line.accountId, before: p.now, after: p.now }));
    }
    const jobs: WriteJob[] = plans.filter((p) => p.action === 'restore').map((p) => ({ accountId: p.line.accountId, groupId: p.line.groupId, before: p.now, rule: p.line.before }));
    outcome = await runWrites(ctx, client, jobs, { concurrency: limit, label: 'restoring', writer });
  } finally {
    writer.close();
  }
  for (const [id, r] of outcome.results) results.set(id, r);

  const all = written.map((l) => results.get(l.groupId) ?? placeholder(l.groupId, done.has(l.groupId) ? 'skipped' : 'not_sent'));
  renderResults(out, all);
  const t = tally(all);
  const interrupted = ctx.signal.aborted && (t.notSent > 0 || outcome.cut > 0);
  const parts = [`${t.ok} restored`, `${t.unchanged} already as before`, `${t.conflict} changed since (left alone)`, `${t.failed} failed`];
  if (t.skipped > 0) parts.unshift(`${t.skipped} restored earlier (skipped)`);
  if (t.notSent > 0) parts.push(`${t.notSent} not sent`);
  const text = `${t.total} group${t.total === 1 ? '' : 's'}: ${parts.join(', ')} (see ${undoFile})`;
  out.note(interrupted ? `interrupted: ${text}; run the same command again to finish` : text);
  if (interrupted) return ctx.interruptCode;
  if (outcome.fatal) throw outcome.fatal;
  return t.failed > 0 || t.conflict > 0 ? ExitCode.partial : ExitCode.ok;
}

/**
 * The lines of the report that record a write, each with its organization and both rules. Anything
 * that is not a licensectl report (or one too old to record `before`) is refused: nothing is sent.
 */
function readWritten(file: string): Written[] {
  if (!fs.existsSync(file)) throw usageError(`cannot read the report ${file}: no such file`);
  const report = readReport(file);
  if (report.lines.size === 0) throw usageError(`${file} is empty: not a licensectl report`);
  const lines = [...report.lines.values()];
  const bad = lines.find((l) => l.accountId === undefined || (l.status === 'ok' && (l.before === undefined || l.after === undefined)));
  if (bad) throw usageError(`${file}: the line of group ${bad.groupId} does not record the organization and the rule before the run (not a report of this licensectl's bulk allocate or apply): nothing was sent`);
  return lines.filter((l): l is Written => l.status === 'ok');
}

function describe(rule: GroupRule | null | undefined): string {
  if (!rule || rule.userBundleCodes.length === 0) return 'no rule';
  return rule.userBundleCodes.join(',') + (rule.useExternalLicense ? ' (external)' : '');
}

/** `<groupId>  +A -B` (what restoring changes), or the reason it is left as it is. */
function planLine(tsv: boolean, groupId: string, action: string, now: GroupRule | null, line: Written): string {
  const what = action === 'restore' ? formatDiff(diffRules(now, line.before)) : action === 'unchanged' ? 'already as before' : `conflict: holds ${describe(now)}, the run left ${describe(line.after)}`;
  return tsv ? `${groupId}\t${action}\t${what}` : `${groupId}  ${what}`;
}
