// Running many items with a bounded number in flight: bulk allocation, the pages of `list --all`
// and the writes of `apply`. Items start in order; on abort (Ctrl-C) or when `stop` says so, no new
// item is started, and the items already started run to completion, so their outcome is known.
// The bound is a number, or a limit that changes as the server answers (src/pool-adaptive.ts),
// which may also pause every new start (Retry-After).

import type { ConcurrencyLimit } from './pool-adaptive.js';

export interface PoolOptions {
  concurrency: number | ConcurrencyLimit;
  signal?: AbortSignal;
  /** Checked before each new item: true stops starting new ones (e.g. after a 401). */
  stop?: () => boolean;
}

/**
 * Calls `work` for items in order, at most `concurrency` at a time. `work` must not throw; if it
 * does (a bug), no new item starts and the pool rejects with that error once the others end.
 * `started`: how many items were started; those not started are the ones from that index on.
 */
export function runPool<T>(items: readonly T[], opts: PoolOptions, work: (item: T, index: number) => Promise<void>): Promise<{ started: number }> {
  const limit = opts.concurrency;
  const bound = typeof limit === 'number' ? () => Math.max(1, limit) : () => Math.max(1, limit.current);
  let next = 0;
  let active = 0;
  let timer: NodeJS.Timeout | undefined;
  let thrown: { error: unknown } | undefined;
  return new Promise((resolve, reject) => {
    const halted = () => thrown !== undefined || next >= items.length || opts.signal?.aborted === true || opts.stop?.() === true;
    const finish = () => {
      active--;
      pump();
    };
    const fail = (error: unknown) => {
      thrown ??= { error };
      finish();
    };
    const pump = (): void => {
      while (active < bound() && !halted()) {
        const pause = typeof limit === 'number' ? 0 : limit.pauseLeft();
        if (pause > 0) {
          // One timer for the whole pool; an answer arriving meanwhile calls pump() again.
          timer ??= setTimeout(() => { timer = undefined; pump(); }, pause);
          return;
        }
        const index = next++;
        active++;
        void work(items[index]!, index).then(finish, fail);
      }
      if (active === 0 && halted()) {
        if (timer !== undefined) clearTimeout(timer);
        opts.signal?.removeEventListener('abort', pump);
        if (thrown) reject(thrown.error);
        else resolve({ started: next });
      }
    };
    // A Ctrl-C during a pool-wide pause ends the wait at once.
    opts.signal?.addEventListener('abort', pump, { once: true });
    pump();
  });
}
