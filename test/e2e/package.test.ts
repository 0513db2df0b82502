// `npm run package` (scripts/package.mjs): the single executable, run the way it is installed on
// a machine without Node: no `node` on PATH, no node_modules, not even the repository as its
// working folder. It is built once, into a temporary folder (a build in dist/ could be replaced by
// a concurrent `npm run build`), from the current dist/fastpath.json.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import type { RunResult } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

function missingPostject(): string | undefined {
  try {
    createRequire(import.meta.url).resolve('postject');
    return undefined;
  } catch {
    return 'postject is not installed (npm install brings it, as a devDependency)';
  }
}
const skipReason = missingPostject();
if (skipReason) console.warn(`package.test.ts skipped: ${skipReason}`);

let work: string;
let exe: string;
let emptyPath: string;
let sb: Sandbox;

beforeAll(async () => {
  if (skipReason) return;
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-package-'));
  exe = path.join(work, 'licensectl');
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), '--out', exe], { cwd: ROOT, maxBuffer: 16 * 2 ** 20 }, (err, _stdout, stderr) => {
      if (err) reject(new Error(`npm run package failed: ${stderr.split('\n').filter((l) => !l.startsWith('warning:')).join('\n')}`));
      else resolve();
    });
  });
  // A PATH that exists but holds nothing: no node, no npx, no shell tools to fall back on.
  emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-nopath-'));
  sb = await startSandbox({ port: 0 });
}, 240_000);

afterAll(async () => {
  await sb?.close();
  // The executable is the size of a Node binary: never leave it behind in /tmp.
  if (work) fs.rmSync(work, { recursive: true, force: true });
  if (emptyPath) fs.rmSync(emptyPath, { recursive: true, force: true });
});

/** Runs the executable with nothing inherited: an empty PATH, a fresh config folder, cwd outside the repository. */
function runExe(args: string[], env: Record<string, string> = {}): Promise<RunResult> {
  const config = fs.mkdtempSync(path.join(work, 'config-'));
  const fullEnv = { PATH: emptyPath, HOME: config, LANG: 'C.UTF-8', LICENSECTL_CONFIG_DIR: config, ...env };
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { env: fullEnv, cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const api = (): Record<string, string> => ({ LICENSECTL_BASE_URL: `${sb.url}/${SANDBOX_DEFAULTS.org}`, LICENSECTL_TOKEN: sb.adminToken });

describe.skipIf(skipReason !== undefined)('npm run package: the single executable', () => {
  it('runs where no node is on PATH', () => {
    for (const dir of emptyPath.split(path.delimiter)) expect(fs.existsSync(path.join(dir, 'node'))).toBe(false);
    expect(fs.statSync(exe).mode & 0o111).not.toBe(0);
  });

  it('--version prints the version, from the recorded table and from the CLI itself', async () => {
    const fast = await runExe(['--version']);
    expect(fast).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    const slow = await runExe(['--version'], { LICENSECTL_NO_FAST_PATH: '1' });
    expect(slow).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('starts the CLI from the code cache made at package time (V8 would drop an unfit one silently)', async () => {
    const r = await runExe(['--version'], { LICENSECTL_NO_FAST_PATH: '1', LICENSECTL_SEA_CHECK_CACHE: '1' });
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: 'code cache: used\n' });
  });

  it('--help and a usage error behave as with node: help on stdout, one line and exit 2 for a bad command', async () => {
    const help = await runExe(['license-type', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: licensectl license-type/);
    const bad = await runExe(['no-such-command']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe("licensectl: unknown command 'no-such-command'\n");
  });

  it('license-type list and get against the sandbox', async () => {
    const group = '0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f';
    sb.seedLicenseTypes(SANDBOX_DEFAULTS.instance, group, 3);
    const flags = ['--instance', SANDBOX_DEFAULTS.instance, '--group', group];
    const list = await runExe(['license-type', 'list', '--all', '--json', ...flags], api());
    expect(list.stderr).toBe('');
    expect(list.code).toBe(0);
    const types = JSON.parse(list.stdout) as { id: number; name: string; sku: string; description: string }[];
    expect(types).toHaveLength(3);
    const t = types[0]!;
    const get = await runExe(['license-type', 'get', String(t.id), ...flags], api());
    expect(get).toMatchObject({ code: 0, stdout: `${t.id}\t${t.name}\t${t.sku}\t${t.description}\n`, stderr: '' });
    const seen = sb.requests.filter((r) => r.path === `/${SANDBOX_DEFAULTS.org}/api/v01/draas/${SANDBOX_DEFAULTS.instance}/groups/${group}/license_types/${t.id}`);
    expect(seen).toHaveLength(1);
  });

  it('a small bulk group allocate --from-file allocates every group and writes its report', async () => {
    const account = SANDBOX_DEFAULTS.accountId;
    const ids = sb.seedGroups(account, 25);
    const csv = path.join(work, 'groups.csv');
    const report = path.join(work, 'report.jsonl');
    fs.writeFileSync(csv, 'groupId,codes\n' + ids.map((id) => `${id},RPADEVPRONU;IDU\n`).join(''));
    const r = await runExe(['group', 'allocate', '--from-file', csv, '--account', account, '--report', report], api());
    expect(r.stderr).toBe(`25 groups: 25 allocated, 0 failed (see ${report})\n`);
    expect(r.code).toBe(0);
    const lines = fs.readFileSync(report, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { groupId: string; status: string });
    expect(lines.map((l) => l.groupId).sort()).toEqual([...ids].sort());
    expect(lines.every((l) => l.status === 'ok')).toBe(true);
    const state = (await (await fetch(`${sb.url}/_sandbox/state`)).json()) as { accounts: { id: string; groups: { id: string; userBundleCodes: string[] }[] }[] };
    const groups = state.accounts.find((a) => a.id === account)!.groups.filter((g) => ids.includes(g.id));
    expect(groups.map((g) => g.userBundleCodes)).toEqual(ids.map(() => ['RPADEVPRONU', 'IDU']));
  });

  it('writes a profile through the config store (conf and the lock file are in the bundle too)', async () => {
    const config = fs.mkdtempSync(path.join(work, 'profile-'));
    const set = await runExe(['profile', 'set', 'sea', '--base-url', `${sb.url}/${SANDBOX_DEFAULTS.org}`, '--use'], { LICENSECTL_CONFIG_DIR: config });
    expect(set.stderr).toBe('✓ Created profile "sea"\n');
    expect(set.code).toBe(0);
    const stored = JSON.parse(fs.readFileSync(path.join(config, 'config.json'), 'utf8')) as { current?: string };
    expect(stored.current).toBe('sea');
  });
});
