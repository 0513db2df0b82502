// Carrying out an apply plan: at most `concurrency` writes in flight, every item attempted even
// when others fail, and Ctrl-C stops starting new ones (those in flight end with their current
// attempt: apply.ts gives them a draining client).
import { createLicenseType, deleteLicenseType, updateLicenseType, type FusionTarget } from '../../../api/fusion.js';
import type { HttpClient } from '../../../api/http.js';
import { runPool, type PoolOptions } from '../../../pool.js';
import { CliError } from '../../../errors.js';
import type { PlanItem } from './apply-plan.js';

export interface ItemResult {
  action: 'create' | 'update' | 'delete';
  sku: string;
  /** For a create: the new id, or null when it failed. */
  id: number | null;
  ok: boolean;
  error?: string;
}

export interface RunOptions {
  concurrency: PoolOptions['concurrency'];
  signal?: AbortSignal;
  /** Called after each item, in completion order. */
  onResult?: (result: ItemResult, done: number, total: number) => void;
}

export const APPLY_CONCURRENCY = 8;

/** Results in plan order. Items not started because of Ctrl-C are reported as not attempted. */
export async function runPlan(http: HttpClient, t: FusionTarget, writes: readonly PlanItem[], opts: RunOptions): Promise<ItemResult[]> {
  const results = new Array<ItemResult>(writes.length);
  let done = 0;
  const record = (i: number, result: ItemResult): void => {
    results[i] = result;
    opts.onResult?.(result, ++done, writes.length);
  };
  const { started } = await runPool(writes, opts, async (item, i) => record(i, await runItem(http, t, item)));
  for (let i = started; i < writes.length; i++) record(i, notAttempted(writes[i]!));
  return results;
}

async function runItem(http: HttpClient, t: FusionTarget, item: PlanItem): Promise<ItemResult> {
  const action = item.action as ItemResult['action'];
  const base = { action, sku: item.sku, id: item.id ?? null };
  try {
    if (action === 'create') {
      const created = await createLicenseType(http, t, item.send!);
      return { ...base, id: created.id, ok: true };
    }
    if (action === 'update') await updateLicenseType(http, t, item.id!, item.send!);
    else await deleteLicenseType(http, t, item.id!);
    return { ...base, ok: true };
  } catch (err) {
    return { ...base, ok: false, error: reason(err, action) };
  }
}

const SAFE_AGAIN = 'running apply again is safe: it matches by sku, so nothing is created twice';

function reason(err: unknown, action: ItemResult['action']): string {
  if (!(err instanceof CliError)) return `unexpected error: ${(err as Error)?.message ?? String(err)}`;
  if (action === 'create' && err.code === 'interrupted') return `interrupted while the create was in flight, it may or may not exist; ${SAFE_AGAIN}`;
  if (action === 'create' && err.code === 'ambiguous') return `${err.message}; ${SAFE_AGAIN}`;
  return err.message;
}

function notAttempted(item: PlanItem): ItemResult {
  return { action: item.action as ItemResult['action'], sku: item.sku, id: item.id ?? null, ok: false, error: 'not attempted: interrupted' };
}
