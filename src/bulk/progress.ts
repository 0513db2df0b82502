// The progress bar of a bulk run: on stderr, only when a person watches it (ctx.out.interactive).
// cli-progress is imported only then, so a script or a pipe never loads it.

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
