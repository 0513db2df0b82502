// Writing many groups' rules, for bulk allocate, `group undo` and `group apply`:
// at most `concurrency` in flight, a progress bar in a terminal, a report line per group the
// moment it completes, a stop after an authentication failure (every other group would fail the
// same way), and Ctrl-C letting the requests in flight finish before the summary.

import type { HttpClient } from '../../../api/http.js';
import type { GroupRule } from '../../../api/uipath-rules.js';
import type { Context, ResolvedProfile } from '../../../context.js';
import { CliError, failure } from '../../../errors.js';
import { ExitCode } from '../../../exit-codes.js';
import { startProgress } from '../../../output/progress.js';
import { concurrencyPlan, type AdaptiveLimit } from '../../../pool-adaptive.js';
import { runPool, type PoolOptions } from '../../../pool.js';
import type { ReportWriter } from '../../../uipath/bulk/report.js';
import { reportLine, type GroupResult } from './bulk-results.js';
import { writeRule } from './rule-io.js';

export interface WriteJob {
  accountId: string;
  groupId: string;
  /** What the group holds now (the report's `before`). */
  before: GroupRule | null;
  /** What it is to hold: null removes its rule (DELETE). */
  rule: GroupRule | null;
}

/** `answers`: keep each PUT's answer in its result (bulk allocate's --json prints them). */
export interface WritesOutcome {
  results: Map<string, GroupResult>;
  /** Set when the run stopped early for a reason every group shares (401/403, the report). */
  fatal?: CliError;
  /** Groups that failed after Ctrl-C: their retries may have been cut short, so the run counts as interrupted. */
  cut: number;
}

/**
 * The client of a command that writes many groups (bulk allocate, undo, apply) and the bound of its
 * pool: `--concurrency` auto is an adaptive limit that also paces the client. Ctrl-C drains (a
 * request in flight ends with its current attempt, no retry). A profile that is not logged in is
 * said here, once, before any report is touched. `requests`: how many the run will send.
 */
export async function openWriteClient(ctx: Context, resolved: ResolvedProfile, concurrency: number | 'auto', requests: number): Promise<{ client: HttpClient; limit: number | AdaptiveLimit; pacer: AdaptiveLimit | undefined }> {
  const { limit, pacer, connections } = concurrencyPlan(concurrency);
  const client = await ctx.http(resolved, { connections, drain: true, requests, pacer });
  await client.opts.auth?.token();
  return { client, limit, pacer };
}

export async function runWrites(ctx: Context, client: HttpClient, jobs: readonly WriteJob[], opts: { concurrency: PoolOptions['concurrency']; label: string; writer?: ReportWriter; answers?: boolean }): Promise<WritesOutcome> {
  const results = new Map<string, GroupResult>();
  let fatal: CliError | undefined;
  let inFlight = 0;
  let cut = 0;
  ctx.graceful = true;
  const progress = await startProgress({ interactive: ctx.out.interactive, stream: ctx.io.stderr, total: jobs.length, label: opts.label });
  const onAbort = () => {
    progress.stop();
    ctx.out.note(`interrupted: waiting for ${inFlight} request${inFlight === 1 ? '' : 's'} in flight (Ctrl-C again to quit at once)`);
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await runPool(jobs, { concurrency: opts.concurrency, signal: ctx.signal, stop: () => fatal !== undefined }, async (job) => {
      inFlight++;
      let result: GroupResult;
      let after: GroupRule | null | undefined;
      try {
        const res = await writeRule(client, job, job.rule);
        result = { groupId: job.groupId, status: 'ok', httpStatus: res.httpStatus, attempts: res.attempts, error: null };
        if (opts.answers && res.allocation) result.allocation = res.allocation;
        after = res.after;
      } catch (err) {
        if (!(err instanceof CliError)) {
          result = { groupId: job.groupId, status: 'failed', httpStatus: null, attempts: 1, error: ctx.redact(`unexpected error: ${(err as Error).message}`) };
        } else {
          if (err.exitCode === ExitCode.auth || err.code === 'insecure') fatal ??= err;
          result = { groupId: job.groupId, status: 'failed', httpStatus: err.status ?? null, attempts: err.attempts ?? 1, error: ctx.redact(err.message) };
        }
      }
      inFlight--;
      if (result.status === 'failed' && ctx.signal.aborted) cut++;
      results.set(job.groupId, result);
      try {
        opts.writer?.write(reportLine(result, { accountId: job.accountId, before: job.before, after }));
      } catch (err) {
        fatal ??= failure(`cannot append to the report ${opts.writer?.file}: ${(err as Error).message}`, 'report');
      }
      progress.tick(result.status === 'failed');
    });
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    progress.stop();
  }
  return fatal ? { results, fatal, cut } : { results, cut };
}
