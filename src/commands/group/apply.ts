// `group apply --file <desired>`: make many groups' licenses match a file (CSV, JSONL or a JSON
// array of {group|groupId|groupName, codes, externalLicense?}). Read (the rules in batches; with
// --prune also the list of every group holding a rule), plan (shared/apply-plan.ts, whose header
// has the decision table), show, confirm (a terminal asks; otherwise --yes), then write only the
// changes with bounded concurrency, a progress bar and, with --report, a report `group undo` can
// take back. Run again right after, it finds nothing to change and sends no write.

import type { Context } from '../../context.js';
import { CliError, usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { readInputFile } from '../../input/read.js';
import { canPrompt, confirm } from '../../output/prompt.js';
import { parseGroups } from '../../uipath/bulk/input.js';
import { ReportWriter } from '../../uipath/bulk/report.js';
import { withReport } from '../../uipath/bulk/report-file.js';
import { configDir } from '../../config/store.js';
import { editOf, validateRows } from '../../uipath/bulk/rows.js';
import { planGroupApply, type OtherGroup } from './shared/apply-plan.js';
import { jsonDocument, keptNote, planSummary, printGroupPlan } from './shared/apply-render.js';
import { fileError } from './shared/bulk.js';
import { placeholder, tally, type GroupResult } from './shared/bulk-results.js';
import { openWriteClient, runWrites } from './shared/bulk-writes.js';
import { checkOwnedCodes, keyOf, knownOnly, listRules, readAllRules, resolveNames } from './shared/rule-io.js';

interface Opts {
  file: string;
  account?: string;
  prune?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  /** `auto` (src/pool-adaptive.ts) or a fixed number of requests in flight. */
  concurrency: number | 'auto';
  report?: string;
  allowUnknownCodes?: boolean;
}

/** A desired-state file is read whole and checked before anything is sent; past this it is refused. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export async function run(ctx: Context, _args: string[], opts: Opts): Promise<number> {
  return withReport(opts.report, { input: opts.file, configDir: configDir(ctx.env), lock: !opts.dryRun }, () => apply(ctx, opts));
}

async function apply(ctx: Context, opts: Opts): Promise<number> {
  const source = opts.file === '-' ? 'stdin' : opts.file;
  const parsed = parseGroups(opts.file, await readInputFile(opts.file, () => ctx.io.stdin, MAX_FILE_BYTES));
  const resolved = ctx.resolveProfile();
  const { items, problems } = validateRows(parsed, {
    account: opts.account ?? resolved.profile?.account,
    externalLicense: undefined,
    allowUnknownCodes: opts.allowUnknownCodes === true,
    replaceOnly: true,
  });
  // An empty file with --prune would revoke every rule of the organization: validateRows refuses it.
  if (problems.length > 0) throw fileError(ctx.out, source, problems);
  const out = ctx.out;

  const { client, limit } = await openWriteClient(ctx, resolved, opts.concurrency, Infinity);
  await resolveNames(client, items, source);
  await checkOwnedCodes(client, opts.allowUnknownCodes ? items.map(knownOnly) : items, source, (m) => out.warn(ctx.redact(m)));
  const current = await readAllRules(client, items, limit);
  const others: OtherGroup[] = [];
  if (opts.prune) {
    const inFile = new Set(items.map(keyOf));
    for (const accountId of new Set(items.map((i) => i.accountId))) {
      for (const g of await listRules(client, accountId, limit)) if (!inFile.has(keyOf({ accountId, groupId: g.groupId }))) others.push({ accountId, ...g });
    }
  }
  const desired = items.map((i) => ({ accountId: i.accountId, groupId: i.groupId, edit: editOf(i) }));
  const plan = planGroupApply(desired, current, others, { prune: Boolean(opts.prune) });
  const writes = plan.items.filter((i) => i.action !== 'unchanged');
  const dryRun = Boolean(opts.dryRun);

  if (!out.json) {
    printGroupPlan(out, plan);
    out.note(planSummary(plan));
    const kept = keptNote(plan, source);
    if (kept) out.note(kept);
  }
  if (writes.length === 0 || dryRun) {
    if (out.json) out.writeJson(jsonDocument(dryRun, plan, []));
    else if (writes.length === 0) out.success(`Nothing to do: the groups already match ${source}.`);
    else out.note(`Dry run: nothing was changed. Run without --dry-run to make these ${writes.length} ${writes.length === 1 ? 'change' : 'changes'}.`);
    return ExitCode.ok;
  }
  if (!opts.yes) {
    const revokes = writes.filter((w) => w.action === 'revoke').length;
    const what = `${writes.length} change${writes.length === 1 ? '' : 's'}${revokes > 0 ? `, revoking the rules of ${revokes} group${revokes === 1 ? '' : 's'}` : ''}`;
    if (!canPrompt(ctx.io)) throw usageError(`applying ${what} needs confirmation: pass --yes (no terminal to ask on); nothing was sent`);
    if (!(await confirm(ctx.io, `Apply ${what}?`))) throw new CliError('cancelled: nothing was changed', { code: 'cancelled', exitCode: ExitCode.failure });
  }

  const writer = opts.report === undefined ? undefined : ReportWriter.open(opts.report, []);
  let outcome;
  try {
    outcome = await runWrites(ctx, client, writes.map((w) => ({ accountId: w.accountId, groupId: w.groupId, before: w.before, rule: w.after })), {
      concurrency: limit,
      label: 'applying',
      writer,
    });
  } finally {
    writer?.close();
  }
  const results: GroupResult[] = writes.map((w) => outcome.results.get(w.groupId) ?? placeholder(w.groupId, 'not_sent'));
  if (out.json) out.writeJson(jsonDocument(false, plan, results));
  else if (results.some((r) => r.status !== 'ok')) renderFailures(ctx, results);
  const t = tally(results);
  const interrupted = ctx.signal.aborted && (t.notSent > 0 || outcome.cut > 0);
  const text = `Applied ${t.ok} of ${results.length} change${results.length === 1 ? '' : 's'}${t.failed > 0 ? `, ${t.failed} failed` : ''}${t.notSent > 0 ? `, ${t.notSent} not sent` : ''}${opts.report ? ` (see ${opts.report})` : ''}`;
  if (interrupted) {
    out.note(`interrupted: ${text}; run the same command again to finish (it changes only what still differs)`);
    return ctx.interruptCode;
  }
  if (outcome.fatal) throw outcome.fatal;
  if (t.failed > 0) {
    out.warn(`${text}; run apply again once the cause is fixed: it retries only what still differs`);
    return ExitCode.partial;
  }
  out.success(`${text}.`);
  return ExitCode.ok;
}

/** The groups that were not written, as a table on stderr (stdout holds the plan). */
function renderFailures(ctx: Context, results: readonly GroupResult[]): void {
  for (const r of results) if (r.status !== 'ok') ctx.out.note(`${ctx.out.errColor.red('✗')} ${r.groupId}: ${r.status === 'not_sent' ? 'not sent (interrupted)' : r.error ?? 'failed'}`);
}
