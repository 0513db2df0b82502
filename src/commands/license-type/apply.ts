import { listAllLicenseTypes } from '../../api/fusion.js';
import type { Context } from '../../context.js';
import { CliError, usageError } from '../../errors.js';
import { ExitCode, type ExitCodeValue } from '../../exit-codes.js';
import { counterLine } from '../../output/progress.js';
import { canPrompt, confirm } from '../../output/prompt.js';
import { readDesired } from './shared/apply-file.js';
import { isWrite, planApply, type PlanItem } from './shared/apply-plan.js';
import { jsonDocument, keptNote, planSummary, printOutcome, printPlan } from './shared/apply-render.js';
import { APPLY_CONCURRENCY, runPlan, type ItemResult } from './shared/apply-run.js';
import { AdaptiveLimit } from '../../pool-adaptive.js';
import { clientFor, describeTarget, resolveTarget, type TargetOptions } from './shared/target.js';

interface Opts extends TargetOptions {
  file: string;
  prune?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  allowEmpty?: boolean;
}

/** Makes a group's license types match a file, keyed by sku: read, plan, show, then carry out. */
export async function run(ctx: Context, _args: string[], opts: Opts): Promise<number | void> {
  const target = await resolveTarget(ctx, opts);
  const desired = await readDesired(opts.file, () => ctx.io.stdin);
  const source = opts.file === '-' ? 'stdin' : opts.file;
  // An empty file with --prune plans to delete everything: more often a mistake than a wish.
  if (opts.prune && desired.length === 0 && !opts.allowEmpty) {
    throw usageError(`${source} lists no license types: with --prune that deletes every license type in the group; pass --allow-empty if that is what you want`);
  }
  // Every page of the group's types, then a write per change: many, and how many is not known yet.
  // One adaptive limit (src/pool-adaptive.ts) for the pages and the writes: what it learnt of the server holds for both.
  const limit = new AdaptiveLimit({ initial: APPLY_CONCURRENCY });
  // Draining: once the writes start, a signal must not cut a write off mid-way (its outcome would be unknown).
  const http = await clientFor(ctx, target, { requests: Infinity, pacer: limit, drain: true });
  const out = ctx.out;

  const current = await listAllLicenseTypes(http, target, {}, limit);
  const plan = planApply(current.license_types, desired, { prune: Boolean(opts.prune) });
  const writes = plan.items.filter(isWrite);
  const dryRun = Boolean(opts.dryRun);

  if (!out.json) {
    out.note(`Plan for ${describeTarget(target)} from ${source}${dryRun ? ' (dry run)' : ''}:`);
    printPlan(out, plan);
    out.note(planSummary(plan));
    const kept = keptNote(plan, source);
    if (kept) out.note(kept);
  }
  if (writes.length === 0) {
    if (out.json) return out.writeJson(jsonDocument(dryRun, plan, []));
    out.success(`Nothing to do: the group already matches ${source}.`);
    return;
  }
  if (dryRun) {
    if (out.json) return out.writeJson(jsonDocument(true, plan, []));
    out.note(`Dry run: nothing was changed. Run without --dry-run to make ${writes.length === 1 ? 'this change' : `these ${writes.length} changes`}.`);
    return;
  }

  await confirmDeletes(ctx, plan.items.filter((i) => i.action === 'delete'), target.group, opts.yes);

  // From here Ctrl-C, SIGTERM and SIGHUP (src/cli.ts) start no new write, let the writes in flight
  // end with their current attempt (no retry, no back-off wait), and still report what happened.
  ctx.graceful = true;
  const progress = out.interactive && writes.length > 1 ? counterLine(ctx.io.stderr, 'applying') : undefined;
  // Changes a signal left undone (not started, or cut off in flight): without any, the run is whole
  // and a signal that came at the very end does not make it "interrupted" (as bulk allocate).
  let cut = 0;
  const onResult = (r: ItemResult, done: number, total: number): void => {
    if (!r.ok && ctx.signal.aborted) cut++;
    progress?.update(done, total);
  };
  const onAbort = () => {
    progress?.clear();
    out.note('interrupted: letting the changes in flight finish (Ctrl-C again to quit at once)');
  };
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let results: ItemResult[];
  try {
    results = await runPlan(http, target, writes, { concurrency: limit, signal: ctx.signal, onResult });
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    progress?.clear();
    ctx.graceful = false;
  }

  if (out.json) out.writeJson(jsonDocument(false, plan, results));
  else printOutcome(out, results);
  if (ctx.signal.aborted && cut > 0) throw interrupted(ctx.interruptCode);
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) throw partial(failed, results.length);
}

/** Deletions are asked about on a terminal, as `delete` does; elsewhere they need --yes. */
async function confirmDeletes(ctx: Context, deletes: PlanItem[], group: string, yes: boolean | undefined): Promise<void> {
  if (deletes.length === 0 || yes) return;
  const n = `${deletes.length} license ${deletes.length === 1 ? 'type' : 'types'}`;
  // Asked only when stdin and stderr are a terminal (a person is there; a pipe never sees it), as `delete` does.
  if (!canPrompt(ctx.io)) {
    throw usageError(`deleting ${n} (${deletes.map((d) => d.sku).join(', ')}) needs confirmation: pass --yes (no terminal to ask on); nothing was changed`);
  }
  const which = deletes.map((d) => `${d.sku} (id ${d.id})`).join(', ');
  if (!(await confirm(ctx.io, `Delete ${n} from group ${group}: ${which}?`))) {
    throw new CliError('cancelled: nothing was changed', { code: 'cancelled', exitCode: ExitCode.failure });
  }
}

/** The exit code names the signal (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP), as a bulk allocation's does. */
function interrupted(exitCode: ExitCodeValue): CliError {
  const said = exitCode === ExitCode.terminated ? 'stopped by SIGTERM' : exitCode === ExitCode.hangup ? 'stopped by SIGHUP' : 'interrupted';
  return new CliError(`${said}: no change started after it, those in flight ended with their current attempt; run apply again: it retries only what is still different`, {
    code: 'interrupted',
    exitCode,
  });
}

function partial(failed: ItemResult[], total: number): CliError {
  const names = failed.slice(0, 3).map((r) => `${r.action} ${r.sku}`).join(', ') + (failed.length > 3 ? `, and ${failed.length - 3} more` : '');
  return new CliError(`${failed.length} of ${total} ${total === 1 ? 'change' : 'changes'} failed (${names}); fix the cause and run apply again: it retries only what is still different`, {
    code: 'partial',
    exitCode: ExitCode.partial,
  });
}
