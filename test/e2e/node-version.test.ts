// Under a Node older than 22.19, the launcher, `npm test` (pretest) and `npm run demo` stop at once
// with one line that says how to get Node 22, instead of crashing inside vitest minutes later.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { nodeVersionProblem } from '../../scripts/check-node.mjs';
import { BIN } from '../helpers/cli.js';

const fix = 'npm install --prefix "$HOME/.node22" node@22 && export PATH="$HOME/.node22/node_modules/.bin:$PATH"';

describe('Node version check', () => {
  it('names the version and the two commands that fix it, in one line', () => {
    const text = (nodeVersionProblem as (v: string, who?: string) => string | undefined)('20.20.2', 'npm-test');
    expect(text).toBe(`npm-test: needs Node.js 22.19 or newer; this is 20.20.2. Get Node 22 without root: ${fix} (README: Quick start)`);
    expect(nodeVersionProblem('22.18.0')).toContain('this is 22.18.0');
    expect(nodeVersionProblem('22.19.0')).toBeUndefined();
    expect(nodeVersionProblem('24.1.0')).toBeUndefined();
  });

  // The machine's own Node, when it is an old one (as on CI before .ci/run installs 22).
  const old = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => {
    const r = spawnSync(p, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    return r.status === 0 && nodeVersionProblem(r.stdout.trim()) !== undefined;
  });

  it.skipIf(!old)('the launcher and the check script print the same line under an old Node', () => {
    const launcher = spawnSync(old!, [BIN, '--version'], { encoding: 'utf8' });
    const script = spawnSync(old!, ['scripts/check-node.mjs'], { encoding: 'utf8' });
    expect(launcher.status).toBe(1);
    expect(script.status).toBe(1);
    expect(launcher.stderr).toContain(fix);
    expect(launcher.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(launcher.stderr).toBe(script.stderr);
  });
});
