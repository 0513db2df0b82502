// Progress on stderr, only when a person watches it (Output.interactive): the bar of a bulk run,
// and the counter line of apply. cli-progress is imported only for a bar, so a script or a pipe
// never loads it.

import type { Writable } from 'node:stream';

export interface Progress {
  /** One more item done; `failed` counts it among the failures shown so far. */
  tick(failed?: boolean): void;
  stop(): void;
}

const NONE: Progress = { tick() {}, stop() {} };

/**
 * The figures after the bar: items per second, time left at that rate, failures so far. No rate
 * before the first item or the first half second: an early guess would jump about wildly.
 */
export function progressStats(p: { done: number; total: number; failed: number; elapsedMs: number }): string {
  const known = p.done > 0 && p.elapsedMs >= 500;
  const rate = known ? p.done / (p.elapsedMs / 1000) : undefined;
  const shown = rate === undefined ? '–' : rate < 10 ? rate.toFixed(1) : String(Math.round(rate));
  const eta = rate === undefined ? '–' : duration((p.total - p.done) / rate);
  return `${shown}/s | ETA ${eta} | ${p.failed} failed`;
}

function duration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export async function startProgress(opts: { interactive: boolean; stream: Writable; total: number; label: string; now?: () => number }): Promise<Progress> {
  if (!opts.interactive || opts.total === 0) return NONE;
  const now = opts.now ?? Date.now;
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      stream: opts.stream as unknown as NodeJS.WritableStream,
      format: `${opts.label} [{bar}] {value}/{total} | {stats}`,
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = now();
  let done = 0;
  let failed = 0;
  const stats = () => ({ stats: progressStats({ done, total: opts.total, failed, elapsedMs: now() - started }) });
  bar.start(opts.total, 0, stats());
  let stopped = false;
  return {
    tick: (itFailed = false) => {
      if (stopped) return;
      done++;
      if (itFailed) failed++;
      bar.increment(1, stats());
    },
    stop: () => {
      if (!stopped) bar.stop();
      stopped = true;
    },
  };
}

/** "applying 37/120…" redrawn in place, at most ten times a second (and always for the last). */
export function counterLine(stream: Writable, label: string, now: () => number = Date.now) {
  let last = 0;
  return {
    update(done: number, total: number): void {
      const t = now();
      if (done < total && t - last < 100) return;
      last = t;
      stream.write(`\r\x1b[K${label} ${done}/${total}…`);
    },
    /** Erases the line. */
    clear(): void {
      stream.write('\r\x1b[K');
    },
  };
}
