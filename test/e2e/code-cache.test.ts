// The launcher's V8 code cache (bin/code-cache.cjs), through the built binary: written after the
// first run of a command, read by the next, never trusted from a folder others can write, and never
// able to change what a command prints or fail it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runCli, tempConfigDir } from '../helpers/cli.js';

const { commandOf, MAGIC } = createRequire(import.meta.url)('../../bin/code-cache.cjs') as { commandOf: (args: string[]) => string; MAGIC: string };

let sb: Sandbox;
let base: Record<string, string>;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  base = { LICENSECTL_CONFIG_DIR: tempConfigDir(), LICENSECTL_BASE_URL: `${sb.url}/${SANDBOX_DEFAULTS.org}`, LICENSECTL_TOKEN: sb.adminToken, LICENSECTL_CHECK_CODE_CACHE: '1' };
});
afterAll(async () => {
  await sb?.close();
});

const freshDir = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-cc-')), 'cache');
const cacheFiles = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.v8cache')) : []);
/** The commands the one cache file in `dir` was trained on. */
function trained(dir: string): string[] {
  const files = cacheFiles(dir);
  expect(files).toHaveLength(1);
  const bytes = fs.readFileSync(path.join(dir, files[0]!));
  expect(bytes.toString('latin1', 0, MAGIC.length)).toBe(MAGIC);
  return JSON.parse(bytes.toString('utf8', MAGIC.length, bytes.indexOf(10, MAGIC.length))) as string[];
}
const GET = ['license-type', 'get', '1', '--instance', SANDBOX_DEFAULTS.instance, '--group', SANDBOX_DEFAULTS.group];

describe('the code cache', () => {
  it('is written by the first run of a command, then used, and rewritten only for a command it has not seen', async () => {
    const dir = freshDir();
    const env = { ...base, LICENSECTL_CACHE_DIR: dir };
    const first = await runCli(GET, { env });
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('code cache: none\n');
    expect(trained(dir)).toEqual(['license-type get']);
    const file = path.join(dir, cacheFiles(dir)[0]!);
    if (process.platform !== 'win32') {
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    }
    const before = fs.statSync(file);

    const second = await runCli(GET, { env });
    expect(second).toMatchObject({ code: 0, stdout: first.stdout, stderr: 'code cache: used\n' });
    expect(fs.statSync(file).mtimeMs).toBe(before.mtimeMs); // nothing new to learn: not rewritten

    const other = await runCli(['license-type', 'list', '--instance', SANDBOX_DEFAULTS.instance, '--group', SANDBOX_DEFAULTS.group], { env });
    expect(other).toMatchObject({ code: 0, stderr: 'code cache: used\n' });
    expect(trained(dir)).toEqual(['license-type get', 'license-type list']);
  });

  it('a run that sets V8 flags (100 requests) leaves a cache the next run can use', async () => {
    const dir = freshDir();
    const env = { ...base, LICENSECTL_CACHE_DIR: dir };
    const account = SANDBOX_DEFAULTS.accountId;
    const ids = sb.seedGroups(account, 100, 'cc');
    const csv = (code: string) => 'groupId,codes\n' + ids.map((id) => `${id},${code}\n`).join('');
    const bulk = await runCli(['group', 'allocate', '--from-file', '-', '--account', account], { env, input: csv('IDU') });
    expect(bulk.code).toBe(0);
    expect(bulk.stderr).toBe('code cache: none\n100 groups: 100 allocated, 0 failed\n');
    expect(trained(dir)).toEqual(['group allocate']);
    // A cache taken after the flags changed would be refused here ("rejected").
    const again = await runCli(['group', 'allocate', '--from-file', '-', '--account', account], { env, input: csv('RPADEVPRONU') });
    expect(again.stderr).toBe('code cache: used\n100 groups: 100 allocated, 0 failed\n');
    const get = await runCli(GET, { env });
    expect(get.stderr).toBe('code cache: used\n');
  });

  it('a damaged cache changes nothing the command prints, and is replaced', async () => {
    const dir = freshDir();
    const env = { ...base, LICENSECTL_CACHE_DIR: dir };
    const clean = await runCli(GET, { env: { ...env, NODE_DISABLE_COMPILE_CACHE: '1' } });
    expect(clean).toMatchObject({ code: 0, stderr: 'code cache: off\n' });
    expect(fs.existsSync(dir)).toBe(false);
    await runCli(GET, { env });
    const file = path.join(dir, cacheFiles(dir)[0]!);

    // V8's part damaged: V8 refuses it and compiles from the source.
    const bytes = fs.readFileSync(file);
    const start = bytes.indexOf(10, MAGIC.length) + 1;
    for (let i = start; i < bytes.length; i += 7) bytes[i] = bytes[i]! ^ 0x5a;
    fs.writeFileSync(file, bytes);
    const rejected = await runCli(GET, { env });
    expect(rejected).toMatchObject({ code: 0, stdout: clean.stdout, stderr: 'code cache: rejected\n' });
    expect((await runCli(GET, { env })).stderr).toBe('code cache: used\n');

    // Not a cache at all (another program's file, cut short).
    for (const junk of ['', 'licensectl-code-cache 1\n[', 'hello\n']) {
      fs.writeFileSync(file, junk);
      const r = await runCli(GET, { env });
      expect(r).toMatchObject({ code: 0, stdout: clean.stdout, stderr: 'code cache: none\n' });
      expect(trained(dir)).toEqual(['license-type get']);
    }
  });

  it('runs started together (xargs -P) each get their answer and leave one whole cache, no half-written file', async () => {
    const dir = freshDir();
    const env = { ...base, LICENSECTL_CACHE_DIR: dir };
    const runs = await Promise.all(Array.from({ length: 6 }, () => runCli(GET, { env })));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    expect(new Set(runs.map((r) => r.stdout)).size).toBe(1);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(trained(dir)).toEqual(['license-type get']);
    expect((await runCli(GET, { env })).stderr).toBe('code cache: used\n');
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === undefined)('is neither read nor written in a folder that others can write', async () => {
    const dir = freshDir();
    fs.mkdirSync(dir, { mode: 0o700 });
    fs.chmodSync(dir, 0o777);
    const r = await runCli(GET, { env: { ...base, LICENSECTL_CACHE_DIR: dir } });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`code cache: off: ${dir} is writable by others\n`);
    expect(cacheFiles(dir)).toEqual([]);
  });

  it('names a run by its command words only, never by the values it was given', () => {
    expect(commandOf(['license-type', 'get', '12'])).toBe('license-type get');
    expect(commandOf(['group', 'allocate', '--from-file', 'x.csv', '--json'])).toBe('group allocate');
    expect(commandOf(['--json', 'group', 'show', 'b2d4f6a8-1c3e-4a5b-9d7f-2e4a6c8e0f13'])).toBe('group show');
    expect(commandOf(['profile', 'list'])).toBe('profile list');
    expect(commandOf(['auth'])).toBe('auth');
  });
});
