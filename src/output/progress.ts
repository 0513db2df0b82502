// Progress on stderr, only when a person watches it (Output.interactive): the bar of a bulk run,
// and the counter line of apply. cli-progress is imported only for a bar, so a script or a pipe
// never loads it.

import type { Writable } from 'node:stream';

export interface Progress {
  tick(): void;
  stop(): void;
}

const NONE: Progress = { tick() {}, stop() {} };

export async function startProgress(opts: { interactive: boolean; stream: Writable; total: number; label: string }): Promise<Progress> {
  if (!opts.interactive || opts.total === 0) return NONE;
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      stream: opts.stream as unknown as NodeJS.WritableStream,
      format: `${opts.label} [{bar}] {value}/{total} | {duration_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(opts.total, 0);
  let stopped = false;
  return {
    tick: () => {
      if (!stopped) bar.increment();
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
