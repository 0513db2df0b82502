// Replaced at build time by esbuild (scripts/build.mjs) and by vitest's `define`.
declare const __LICENSECTL_VERSION__: string | undefined;

export const VERSION: string =
  typeof __LICENSECTL_VERSION__ === 'string' ? __LICENSECTL_VERSION__ : '0.0.0-dev';
