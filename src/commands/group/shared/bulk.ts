// `group allocate --from-file`: validate the whole file, then allocate each group with bounded
// concurrency over kept-alive connections, writing the report line by line as groups complete.
// Ctrl-C stops starting new groups, lets the requests in flight finish, and still reports.

import fs from 'node:fs';
import type { HttpClient } from '../../../api/http.js';
import { allocateGroup, allocateRequest } from '../../../api/uipath.js';
import { parseGroups } from '../../../uipath/bulk/input.js';
import { readInputFile } from '../../../input/read.js';
import { startProgress } from '../../../output/progress.js';
import { readReport, ReportWriter, type ReportLine } from '../../../uipath/bulk/report.js';
import { guardReport } from '../../../uipath/bulk/report-file.js';
import { configDir } from '../../../config/store.js';
import { describeProblem, validateRows, type BulkItem, type Problem } from '../../../uipath/bulk/rows.js';
import { runPool } from '../../../pool.js';
import { sendingUnknownMessage, unknownCodes } from '../../../uipath/catalog/suggest.js';
import type { Context } from '../../../context.js';
import type { Output } from '../../../output/output.js';
import { CliError, failure, usageError } from '../../../errors.js';
import { ExitCode } from '../../../exit-codes.js';
import { placeholder, renderResults, reportLine, summary, tally, type GroupResult } from './bulk-results.js';
import { plan, printPlans } from './dry-run.js';
import type { AllocateOptions } from './options.js';

/** How many of a file's problems are listed before the error line (the rest are counted). */
const SHOWN_PROBLEMS = 20;

export async function runBulk(ctx: Context, opts: AllocateOptions): Promise<number> {
  if (opts.report === undefined) return runBulkWith(ctx, opts);
  // Before the input is read: a report that would overwrite it, or another run's, is refused.
  const stdinFd = opts.fromFile === '-' && ctx.io.stdin === process.stdin ? 0 : undefined;
  const guard = guardReport(opts.report, { input: opts.fromFile!, configDir: configDir(ctx.env), lock: !opts.dryRun, stdinFd });
  try {
    return await runBulkWith(ctx, opts);
  } finally {
    guard.release();
  }
}

async function runBulkWith(ctx: Context, opts: AllocateOptions): Promise<number> {
  const file = opts.fromFile!;
  if (opts.resume && opts.report === undefined) throw usageError('--resume needs --report <file>: it skips the groups that report marks ok');
  const parsed = parseGroups(file, await readInputFile(file, ctx.io.stdin));
  const resolved = ctx.resolveProfile();
  const { items, problems } = validateRows(parsed, {
    account: opts.account ?? resolved.profile?.account,
    externalLicense: opts.externalLicense === true,
    allowUnknownCodes: opts.allowUnknownCodes === true,
  });
  if (problems.length > 0) throw fileError(ctx.out, file, problems);

  const previous = opts.resume ? readReport(opts.report!) : undefined;
  if (previous?.tornLine !== undefined) ctx.out.warn(`${opts.report} line ${previous.tornLine} was cut short (a crash?); that group is done again`);
  const kept: ReportLine[] = previous ? [...previous.lines.values()].filter((l) => l.status === 'ok') : [];
  const done = new Set(kept.map((l) => l.groupId));
  const todo = items.filter((i) => !done.has(i.groupId));
  const unknown = [...new Set(todo.flatMap((i) => unknownCodes(i.userBundleCodes)))];

  if (opts.dryRun) {
    printPlans(ctx.out, todo.map((i) => plan(resolved.baseUrl, allocateRequest(i, i))), { asArray: true });
    const skipped = items.length - todo.length;
    ctx.out.note(`dry run: ${items.length} group${items.length === 1 ? '' : 's'} valid, ${todo.length} request${todo.length === 1 ? '' : 's'} would be sent${skipped ? ` (${skipped} already ok in ${opts.report})` : ''}; nothing was sent`);
    return ExitCode.ok;
  }
  if (unknown.length > 0) ctx.out.warn(sendingUnknownMessage(unknown));

  // Its own signal: Ctrl-C must not abort the requests in flight, only stop new ones.
  // ctx.signal as `drain`: after Ctrl-C a request in flight ends with its current attempt, no retry.
  const client = await ctx.http(resolved, { connections: opts.concurrency, signal: new AbortController().signal, drain: ctx.signal, requests: todo.length });
  await client.opts.auth?.token(); // not logged in: say so once, before the report is touched
  if (opts.report !== undefined && !opts.resume && fs.existsSync(opts.report)) {
    ctx.out.warn(`replacing the existing report ${opts.report} (--resume would skip the groups it marks ok)`);
  }
  const writer = opts.report === undefined ? undefined : ReportWriter.open(opts.report, kept);
  ctx.graceful = true;

  const results = new Map<string, GroupResult>();
  let fatal: CliError | undefined;
  let inFlight = 0;
  /** Groups that failed after the interrupt: their retries may have been cut short. */
  let cut = 0;
  const progress = await startProgress({ interactive: ctx.out.interactive, stream: ctx.io.stderr, total: todo.length, label: 'allocating' });
  const onAbort = () => {
    progress.stop();
    ctx.out.note(`interrupted: waiting for ${inFlight} request${inFlight === 1 ? '' : 's'} in flight (Ctrl-C again to quit at once)`);
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await runPool(todo, { concurrency: opts.concurrency, signal: ctx.signal, stop: () => fatal !== undefined }, async (item) => {
      inFlight++;
      const result = await allocateOne(ctx, client, item, (err) => (fatal ??= err));
      inFlight--;
      results.set(item.groupId, result);
      if (result.status === 'failed' && ctx.signal.aborted) cut++;
      try {
        writer?.write(reportLine(result));
      } catch (err) {
        fatal ??= failure(`cannot append to the report ${opts.report}: ${(err as Error).message}`, 'report');
      }
      progress.tick();
    });
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    progress.stop();
    writer?.close();
  }

  const all = items.map((i) => results.get(i.groupId) ?? placeholder(i.groupId, done.has(i.groupId) ? 'skipped' : 'not_sent'));
  renderResults(ctx.out, all);
  const counts = tally(all);
  // A Ctrl-C that came after the last group finished interrupted nothing.
  const interrupted = ctx.signal.aborted && (counts.notSent > 0 || cut > 0);
  ctx.out.note(summary(counts, { report: opts.report, interrupted }));
  if (interrupted) return ctx.interruptCode;
  if (fatal) throw fatal;
  return counts.failed > 0 ? ExitCode.partial : ExitCode.ok;
}

async function allocateOne(ctx: Context, client: HttpClient, item: BulkItem, onFatal: (err: CliError) => void): Promise<GroupResult> {
  try {
    const res = await allocateGroup(client, item, item);
    return { groupId: item.groupId, status: 'ok', httpStatus: res.status, attempts: res.attempts, error: null, allocation: res.allocation };
  } catch (err) {
    if (!(err instanceof CliError)) {
      return { groupId: item.groupId, status: 'failed', httpStatus: null, attempts: 1, error: ctx.redact(`unexpected error: ${(err as Error).message}`) };
    }
    // Every other group would fail the same way: stop instead of sending them all.
    if (err.exitCode === ExitCode.auth || err.code === 'insecure') onFatal(err);
    return { groupId: item.groupId, status: 'failed', httpStatus: err.status ?? null, attempts: err.attempts ?? 1, error: ctx.redact(err.message) };
  }
}

/** Lists the problems (up to SHOWN_PROBLEMS) on stderr and returns the one-line error naming the first. */
function fileError(out: Output, file: string, problems: readonly Problem[]): CliError {
  const [first, ...rest] = problems;
  if (!out.json) for (const p of rest.slice(0, SHOWN_PROBLEMS)) out.note(describeProblem(file, p));
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? '' : 's'}${rest.length > SHOWN_PROBLEMS ? `, ${SHOWN_PROBLEMS} listed above` : ' listed above'}); nothing was sent` : '; nothing was sent';
  return usageError(describeProblem(file, first!) + more);
}
