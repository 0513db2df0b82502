// Colour policy. chalk on its own ignores NO_COLOR and looks only at stdout, so decide here:
// --no-color > NO_COLOR > FORCE_COLOR > "is this stream a terminal".
export type ColorLevel = 0 | 1 | 2 | 3;

export function colorLevel(opts: { noColorFlag: boolean; env: NodeJS.ProcessEnv; isTTY: boolean }): ColorLevel {
  const { env } = opts;
  if (opts.noColorFlag) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2') return 2;
    if (force === '3') return 3;
    return 1;
  }
  if (!opts.isTTY || env.TERM === 'dumb') return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (env.TERM?.includes('256')) return 2;
  return 1;
}
