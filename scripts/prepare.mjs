// npm's `prepare` (after `npm ci` / `npm install` in a clone, and before `npm pack`): builds dist/.
// The build needs esbuild, a development dependency. Where npm runs `prepare` without them (a
// git URL install: `npm install -g git+https://...`), say so in one line and how to install
// instead, rather than a stack trace from deep inside the build. A dist/ already built is kept.
import { existsSync } from 'node:fs';

let esbuild = true;
try {
  await import('esbuild');
} catch {
  esbuild = false;
}

if (esbuild) {
  await import('./build.mjs');
} else if (existsSync(new URL('../dist/cli.cjs', import.meta.url))) {
  console.error('licensectl: esbuild is not installed, so dist/ was not rebuilt; the existing build is kept');
} else {
  console.error(
    'licensectl: cannot build: esbuild (a development dependency) is not installed. Install from a clone ' +
      '(`npm ci`, then `npm install -g .`) or from a tarball (`npm pack` in a clone, then `npm install -g ./licensectl-*.tgz`); ' +
      'npm install from a git URL is not supported (README: Quick start)',
  );
  process.exit(1);
}
