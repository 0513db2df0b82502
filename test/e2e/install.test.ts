// The install paths the README documents (issue 17, item 16): a tarball from `npm pack` holds the
// launcher, the build and the man page and nothing else, installs with `npm install -g` without
// the network (every dependency is bundled into dist/), and runs; `prepare` without esbuild (as
// npm runs it for a git URL) fails in one line that says how to install instead.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS as D, startSandbox, type Sandbox } from '../../src/sandbox/server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies?: Record<string, string> };

function run(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  // Only what npm needs: none of the npm_config_* an outer `npm test` exports.
  const env = { PATH: process.env.PATH!, HOME: os.homedir(), LANG: 'C.UTF-8', ...opts.env };
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: opts.cwd ?? ROOT, env, timeout: 120_000, maxBuffer: 16 * 2 ** 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

let work: string;
let tarball: string;
let files: string[];
let sb: Sandbox;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-install-'));
  // --ignore-scripts: pack the dist/ `npm test` built (pretest) rather than build again.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work, '--cache', path.join(work, 'cache')]);
  expect(packed.code, packed.stderr).toBe(0);
  const info = (JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[])[0]!;
  tarball = path.join(work, info.filename);
  files = info.files.map((f) => f.path);
  sb = await startSandbox({ port: 0 });
}, 180_000);

afterAll(async () => {
  await sb?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('holds the launcher, the build with its help table, and the man page; no source, no tests', () => {
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/licensectl.js', 'bin/code-cache.cjs', 'bin/package.json', 'dist/cli.cjs', 'dist/fastpath.json', 'docs/licensectl.1']));
    expect(files.filter((f) => /^(src|test|scripts|node_modules|bench|examples)\//.test(f))).toEqual([]);
  });

  it('declares no runtime dependency: the bundle in dist/ carries them', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});

describe('npm install -g <tarball>', () => {
  it('installs offline into a prefix, with the man page, and the command works', { timeout: 180_000 }, async () => {
    const prefix = path.join(work, 'prefix');
    const install = await run('npm', ['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', '--cache', path.join(work, 'cache'), tarball]);
    expect(install.code, install.stderr).toBe(0);
    const bin = path.join(prefix, 'bin', 'licensectl');
    expect((await run(bin, ['--version'])).stdout).toBe(`${pkg.version}\n`);
    expect(fs.existsSync(path.join(prefix, 'share', 'man', 'man1', 'licensectl.1'))).toBe(true);
    // A real request, from a folder that is not the clone, with no node_modules beside the install.
    const list = await run(bin, ['license-type', 'list', '--instance', D.instance, '--group', D.group, '--json'], {
      cwd: work,
      env: { LICENSECTL_BASE_URL: `${sb.url}/${D.org}`, LICENSECTL_TOKEN: sb.adminToken, LICENSECTL_CONFIG_DIR: path.join(work, 'config'), LICENSECTL_CACHE_DIR: path.join(work, 'code-cache') },
    });
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toHaveLength(5);
    // The launcher's code cache works from the installed files too (bin/code-cache.cjs is in the package).
    expect(fs.readdirSync(path.join(work, 'code-cache')).filter((f) => f.endsWith('.v8cache'))).toHaveLength(1);
    expect(fs.existsSync(path.join(prefix, 'lib', 'node_modules', 'licensectl', 'node_modules'))).toBe(false);
  });
});

describe('prepare without esbuild (npm install from a git URL)', () => {
  /** scripts/prepare.mjs alone in a folder where esbuild cannot be found. */
  function bare(withDist: boolean): string {
    const dir = fs.mkdtempSync(path.join(work, 'bare-'));
    fs.mkdirSync(path.join(dir, 'scripts'));
    fs.copyFileSync(path.join(ROOT, 'scripts', 'prepare.mjs'), path.join(dir, 'scripts', 'prepare.mjs'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
    if (withDist) {
      fs.mkdirSync(path.join(dir, 'dist'));
      fs.writeFileSync(path.join(dir, 'dist', 'cli.cjs'), '');
    }
    return dir;
  }

  it('fails in one line that names the supported install paths', async () => {
    const r = await run(process.execPath, ['scripts/prepare.mjs'], { cwd: bare(false) });
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^licensectl: cannot build: esbuild .*npm install -g \..*npm pack.*git URL is not supported/);
  });

  it('keeps a dist/ that is already built', async () => {
    const r = await run(process.execPath, ['scripts/prepare.mjs'], { cwd: bare(true) });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/existing build is kept/);
  });
});
