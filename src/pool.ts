// Running many items with a bounded number in flight: bulk allocation, the pages of `list --all`
// and the writes of `apply`. Items start in order; on abort (Ctrl-C) or when `stop` says so, no new
// item is started, and the items already started run to completion, so their outcome is known.

export interface PoolOptions {
  concurrency: number;
  signal?: AbortSignal;
  /** Checked before each new item: true stops starting new ones (e.g. after a 401). */
  stop?: () => boolean;
}

/**
 * Calls `work` for items in order, at most `concurrency` at a time. `work` must not throw.
 * `started`: how many items were started; those not started are the ones from that index on.
 */
export async function runPool<T>(items: readonly T[], opts: PoolOptions, work: (item: T, index: number) => Promise<void>): Promise<{ started: number }> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !opts.signal?.aborted && !opts.stop?.()) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  const lanes = Math.max(1, Math.min(opts.concurrency, items.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  return { started: next };
}
