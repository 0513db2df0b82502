// `group allocate --from-file`: validate the whole file, resolve group names, check the codes
// against what the organization owns, read every group's current rule (in batches), then write
// only the groups whose rule changes, with bounded concurrency over kept-alive connections. The
// report gets one line per group as it completes, with the rule before and after, so a crash or
// Ctrl-C leaves every completed line behind and `group undo` can put each group back.
// Ctrl-C stops starting new groups, lets the requests in flight finish, and still reports.
// --dry-run makes the same reads, then shows each group's change and the request that would make it.

import fs from 'node:fs';
import { READ_SCOPE, revokeRequest, type GroupRule } from '../../../api/uipath-rules.js';
import { allocateRequest } from '../../../api/uipath.js';
import { parseGroups } from '../../../uipath/bulk/input.js';
import { readInputFile } from '../../../input/read.js';
import { readReport, ReportWriter, type ReportLine } from '../../../uipath/bulk/report.js';
import { withReport } from '../../../uipath/bulk/report-file.js';
import { configDir } from '../../../config/store.js';
import { describeProblem, editOf, validateRows, type BulkItem, type Problem } from '../../../uipath/bulk/rows.js';
import { applyEdit, sameRule } from '../../../uipath/rules.js';
import { sendingUnknownMessage, unknownCodes } from '../../../uipath/catalog/suggest.js';
import type { Context } from '../../../context.js';
import type { Output } from '../../../output/output.js';
import { CliError, failure, usageError } from '../../../errors.js';
import { ExitCode } from '../../../exit-codes.js';
import { placeholder, renderDryRun, renderResults, reportLine, summary, tally, type GroupResult } from './bulk-results.js';
import { plan, printPlans } from './dry-run.js';
import type { AllocateOptions } from './options.js';
import { openWriteClient, runWrites, type WritesOutcome } from './bulk-writes.js';
import { checkOwnedCodes, knownOnly, readRules, resolveNames } from './rule-io.js';

/** How many of a file's problems are listed before the error line (the rest are counted). */
const SHOWN_PROBLEMS = 20;

export async function runBulk(ctx: Context, opts: AllocateOptions): Promise<number> {
  // Before the input is read: a report that would overwrite it, or another run's, is refused.
  const stdinFd = opts.fromFile === '-' && ctx.io.stdin === process.stdin ? 0 : undefined;
  return withReport(opts.report, { input: opts.fromFile!, configDir: configDir(ctx.env), lock: !opts.dryRun, stdinFd }, () => runBulkWith(ctx, opts));
}

async function runBulkWith(ctx: Context, opts: AllocateOptions): Promise<number> {
  const file = opts.fromFile!;
  if (opts.resume && opts.report === undefined) throw usageError('--resume needs --report <file>: it skips the groups that report marks ok');
  const parsed = parseGroups(file, await readInputFile(file, () => ctx.io.stdin));
  const resolved = ctx.resolveProfile();
  const { items, problems } = validateRows(parsed, {
    account: opts.account ?? resolved.profile?.account,
    externalLicense: opts.externalLicense,
    allowUnknownCodes: opts.allowUnknownCodes === true,
  });
  if (problems.length > 0) throw fileError(ctx.out, file, problems);

  const previous = opts.resume ? readReport(opts.report!) : undefined;
  if (previous?.tornLine !== undefined) ctx.out.warn(`${opts.report} line ${previous.tornLine} was cut short (a crash?); that group is done again`);
  // A dry run reads as the real run does (never writes), to show each group's change; plain
  // replace rows (no merge, no name) can still be shown as bare requests when the reads are refused.
  const blind = items.every((i) => i.groupName === undefined && i.userBundleCodes !== undefined);

  const { client, limit, pacer } = await openWriteClient(ctx, resolved, opts.concurrency, items.length * 1.1);
  await resolveNames(client, items, file);
  const todo = items.filter((i) => !isDone(i, previous?.lines.get(i.groupId)));
  const redo = new Set(todo.map((i) => i.groupId));
  const kept: ReportLine[] = previous ? [...previous.lines.values()].filter((l) => (l.status === 'ok' || l.status === 'unchanged') && !redo.has(l.groupId)) : [];
  // The rules are read while the owned codes are (reads change nothing, and one round trip less
  // matters 30 ms away); a refused code still stops the run before any write.
  const checking = checkOwnedCodes(client, opts.allowUnknownCodes ? items.map(knownOnly) : items, file, (m) => ctx.out.warn(ctx.redact(m)));
  const reading = readRules(client, todo, limit);
  reading.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  try {
    await checking;
  } catch (err) {
    await reading.catch(() => undefined);
    throw err;
  }
  const reads = await reading;
  const unread = todo.filter((i) => reads.error(i) !== undefined);
  const work = todo.flatMap((item) => {
    const before = reads.rule(item);
    return before === undefined ? [] : [{ item, before, desired: applyEdit(before, editOf(item)) }];
  });
  const writes = reads.fatal ? [] : work.filter((w) => !sameRule(w.before, w.desired));

  if (opts.dryRun) {
    const skipped = items.length - todo.length;
    if (blind && reads.fatal?.status === 403) {
      ctx.out.warn(`cannot read the groups' rules (the token lacks ${READ_SCOPE}): printing the requests without showing what they change`);
      printPlans(ctx.out, todo.map((i) => plan(resolved.baseUrl, allocateRequest(i, applyEdit(null, editOf(i))))), { asArray: true });
      dryRunNote(ctx.out, items.length, todo.length, skipped, opts.report);
      return ExitCode.ok;
    }
    if (reads.fatal || unread.length > 0) throw reads.fatal ?? reads.error(unread[0]!)!;
    renderDryRun(ctx.out, work.map((w) => {
      const changed = !sameRule(w.before, w.desired);
      // A rule left without codes is removed (writeRule): DELETE, as the real run would send.
      const spec = w.desired.userBundleCodes.length === 0 ? revokeRequest(w.item) : allocateRequest(w.item, w.desired);
      return { groupId: w.item.groupId, before: w.before, after: w.desired, ...(changed && { request: plan(resolved.baseUrl, spec) }) };
    }));
    const unchanged = work.length - writes.length;
    ctx.out.note(`dry run: ${items.length} group${items.length === 1 ? '' : 's'} valid, ${writes.length} would change, ${unchanged} unchanged${skipped ? ` (${skipped} already ok in ${opts.report})` : ''}; nothing was sent`);
    return ExitCode.ok;
  }
  const unknown = [...new Set(writes.flatMap((w) => unknownCodes(w.desired.userBundleCodes)))];
  if (unknown.length > 0) ctx.out.warn(sendingUnknownMessage(unknown));

  if (opts.report !== undefined && !opts.resume && fs.existsSync(opts.report)) {
    ctx.out.warn(`replacing the existing report ${opts.report} (--resume would skip the groups it marks ok)`);
  }
  const writer = opts.report === undefined ? undefined : ReportWriter.open(opts.report, kept);

  const results = new Map<string, GroupResult>();
  let fatal: CliError | undefined = reads.fatal;
  const record = (w: { item: BulkItem; before?: GroupRule | null }, result: GroupResult, after: GroupRule | null | undefined) => {
    results.set(w.item.groupId, result);
    try {
      writer?.write(reportLine(result, { accountId: w.item.accountId, before: w.before, after }));
    } catch (err) {
      fatal ??= failure(`cannot append to the report ${opts.report}: ${(err as Error).message}`, 'report');
    }
  };
  // A group whose rule could not be read is not written: its `before` would be unknown to `group undo`.
  for (const item of unread) {
    const err = reads.error(item)!;
    record({ item }, { groupId: item.groupId, status: 'failed', httpStatus: err.status ?? null, attempts: err.attempts ?? 1, error: ctx.redact(`cannot read its rule: ${err.message}`) }, undefined);
  }
  for (const w of work) if (sameRule(w.before, w.desired)) record(w, placeholder(w.item.groupId, 'unchanged'), w.before);

  // A report that could not be appended to stops the run before any write, as a failed read does.
  const jobs = fatal ? [] : writes.map((w) => ({ accountId: w.item.accountId, groupId: w.item.groupId, before: w.before, rule: w.desired }));
  let outcome: WritesOutcome;
  try {
    outcome = await runWrites(ctx, client, jobs, { concurrency: limit, label: 'allocating', writer, answers: ctx.out.json });
  } finally {
    writer?.close();
  }
  for (const [id, r] of outcome.results) results.set(id, r);
  fatal ??= outcome.fatal;
  const cut = outcome.cut;
  if (pacer) {
    const { overloaded, cuts, pauses } = pacer.stats;
    ctx.log(`--concurrency auto: ended at ${pacer.current} in flight; ${overloaded} answers 429/503, ${cuts} halvings, ${pauses} pool-wide pauses`);
  }

  const all = items.map((i) => results.get(i.groupId) ?? placeholder(i.groupId, redo.has(i.groupId) ? 'not_sent' : 'skipped'));
  renderResults(ctx.out, all);
  const counts = tally(all);
  // A Ctrl-C that came after the last group finished interrupted nothing.
  const interrupted = ctx.signal.aborted && (counts.notSent > 0 || cut > 0);
  ctx.out.note(summary(counts, { report: opts.report, interrupted }));
  if (interrupted) return ctx.interruptCode;
  if (fatal) throw fatal;
  return counts.failed > 0 ? ExitCode.partial : ExitCode.ok;
}

/**
 * --resume: a group the report marks written (or unchanged) is skipped only while the file still
 * asks for what the report says the group got; a row changed since is done again. A line from an
 * older licensectl (no before/after) cannot be compared: its group is read again and, when it
 * already holds the requested state, reported unchanged without a write.
 */
function isDone(item: BulkItem, line: ReportLine | undefined): boolean {
  if (!line || (line.status !== 'ok' && line.status !== 'unchanged')) return false;
  if (line.after === undefined) return false;
  return sameRule(applyEdit(line.before ?? null, editOf(item)), line.after);
}

function dryRunNote(out: Output, total: number, sent: number, skipped: number, report: string | undefined): void {
  out.note(`dry run: ${total} group${total === 1 ? '' : 's'} valid, ${sent} request${sent === 1 ? '' : 's'} would be sent${skipped ? ` (${skipped} already ok in ${report})` : ''}; nothing was sent`);
}

/** Lists the problems (up to SHOWN_PROBLEMS) on stderr and returns the one-line error naming the first. */
function fileError(out: Output, file: string, problems: readonly Problem[]): CliError {
  const [first, ...rest] = problems;
  if (!out.json) for (const p of rest.slice(0, SHOWN_PROBLEMS)) out.note(describeProblem(file, p));
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'}${rest.length > SHOWN_PROBLEMS ? `, ${SHOWN_PROBLEMS} listed above` : ' listed above'}); nothing was sent` : '; nothing was sent';
  return usageError(describeProblem(file, first!) + more);
}

export { fileError };
