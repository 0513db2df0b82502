// Running many requests with a bounded number in flight. On abort (Ctrl-C) no new item is started;
// the items already started run to completion, so their outcome is known and reported.

export interface PoolOptions {
  concurrency: number;
  signal: AbortSignal;
  /** Checked before each new item: true stops starting new ones (e.g. after a 401). */
  stop?: () => boolean;
}

/** Calls `work` for items in order, at most `concurrency` at a time. `work` must not throw. */
export async function runPool<T>(items: readonly T[], opts: PoolOptions, work: (item: T) => Promise<void>): Promise<{ started: number }> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !opts.signal.aborted && !opts.stop?.()) {
      const item = items[next++]!;
      await work(item);
    }
  };
  const lanes = Math.max(1, Math.min(opts.concurrency, items.length));
  await Promise.all(Array.from({ length: lanes }, worker));
  return { started: next };
}
