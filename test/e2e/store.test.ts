// The profile store under stress: concurrent licensectl processes, a hand-broken file, a folder
// that cannot be written. Every failure is one line naming the file, exit 1, no stack trace.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoreData } from '../../src/config/profile.js';
import { runCli, tempConfigDir, type RunResult } from '../helpers/cli.js';

const N = 10;

function expectOneLineStoreError(r: RunResult, file: string, what: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^licensectl: the profile store /);
  expect(lines[0]).toContain(file);
  expect(lines[0]).toMatch(what);
  expect(r.stderr).not.toMatch(/\n\s+at .*:\d+/);
}

describe('concurrent licensectl processes', () => {
  // Two tests rather than one sequence of 20 spawns: each fits its time-out on a loaded machine.
  it(`${N} concurrent \`profile set\` leave a valid 0600 store with every profile`, async () => {
    const dir = path.join(tempConfigDir(), 'cfg');
    const env = { LICENSECTL_CONFIG_DIR: dir };
    const sets = await Promise.all(
      Array.from({ length: N }, (_, i) => runCli(['profile', 'set', `p${i}`, '--base-url', `https://h${i}.example.com/org`], { env })),
    );
    expect(sets.map((r) => [r.code, r.stderr])).toEqual(sets.map((_, i) => [0, `✓ Created profile "p${i}"\n`]));
    const file = path.join(dir, 'config.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as StoreData;
    expect(Object.keys(data.profiles).sort()).toEqual(Array.from({ length: N }, (_, i) => `p${i}`).sort());
    for (let i = 0; i < N; i++) expect(data.profiles[`p${i}`]).toEqual({ baseUrl: `https://h${i}.example.com/org` });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(dir).filter((f) => f !== 'config.json')).toEqual([]);
  });

  it(`${N} concurrent \`auth login --with-token\` each store their token, and lose nothing else`, async () => {
    const dir = tempConfigDir();
    const env = { LICENSECTL_CONFIG_DIR: dir };
    const file = path.join(dir, 'config.json');
    const profiles = Object.fromEntries(Array.from({ length: N }, (_, i) => [`p${i}`, { baseUrl: `https://h${i}.example.com/org` }]));
    fs.writeFileSync(file, JSON.stringify({ version: 1, profiles }), { mode: 0o600 });
    const logins = await Promise.all(
      Array.from({ length: N }, (_, i) => runCli(['--profile', `p${i}`, 'auth', 'login', '--with-token'], { env, input: `token-${i}\n` })),
    );
    for (const r of logins) expect([r.code, r.stderr]).toEqual([0, expect.stringMatching(/^✓ Token stored in profile "p\d" \(not verified: /)]);

    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as StoreData;
    expect(Object.keys(data.profiles).sort()).toEqual(Array.from({ length: N }, (_, i) => `p${i}`).sort());
    for (let i = 0; i < N; i++) {
      expect(data.profiles[`p${i}`]).toEqual({ baseUrl: `https://h${i}.example.com/org`, auth: { method: 'token', token: `token-${i}`, origin: `https://h${i}.example.com` } });
    }
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((f) => f !== 'config.json')).toEqual([]);
  });
});

describe('a broken store', () => {
  it.each([
    ['not JSON', '{"profiles": {', /is not valid JSON/],
    ['the wrong shape', '{"version": 1, "profiles": {"p": {"auth": 1}}}', /is not a licensectl profile store: profile "p" has no baseUrl/],
  ])('%s: every command that reads it says so in one line, exit 1', async (_what, content, message) => {
    const dir = tempConfigDir();
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, content);
    for (const [args, input] of [[['profile', 'list']], [['auth', 'status']], [['auth', 'login', '--with-token'], 'tok'], [['auth', 'logout']], [['--json', 'auth', 'token']]] as [string[], string?][]) {
      const r = await runCli(args, { env: { LICENSECTL_CONFIG_DIR: dir }, input });
      if (args[0] === '--json') {
        expect(r.code).toBe(1);
        expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'config', message: expect.stringContaining(file) } });
      } else {
        expectOneLineStoreError(r, file, message);
      }
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
  });
});

// Root ignores file modes, so a chmod-ed folder stays writable for it. As root the folder is made
// immutable instead (chattr +i); where that is not possible either, the test is skipped.
const immutable: string[] = [];
afterAll(() => {
  for (const dir of immutable) execFileSync('chattr', ['-i', dir]);
});

function makeReadOnly(dir: string): boolean {
  if (process.getuid?.() !== 0) {
    fs.chmodSync(dir, 0o500);
    return true;
  }
  try {
    execFileSync('chattr', ['+i', dir], { stdio: 'ignore' });
    immutable.push(dir);
    fs.writeFileSync(path.join(dir, 'probe'), '');
    return false; // still writable: the immutable flag did not take
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' || (err as NodeJS.ErrnoException).code === 'EACCES';
  }
}

describe('a store folder that cannot be written', () => {
  const dir = tempConfigDir();
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ version: 1, current: 'p', profiles: { p: { baseUrl: 'https://x.example.com' } } }));
  const readOnly = makeReadOnly(dir);

  it.skipIf(!readOnly)('can still be read; a change fails in one line naming the folder, exit 1', async () => {
    const env = { LICENSECTL_CONFIG_DIR: dir };
    const list = await runCli(['profile', 'list'], { env });
    expect(list.code).toBe(0);
    expect(list.stdout).toBe('*\tp\thttps://x.example.com\t\t\t\t\n');
    const file = path.join(dir, 'config.json');
    for (const [args, input] of [[['profile', 'set', 'q', '--base-url', 'https://y.example.com']], [['auth', 'login', '--with-token'], 'tok'], [['auth', 'logout']]] as [string[], string?][]) {
      const r = await runCli(args, { env, input });
      expectOneLineStoreError(r, file, new RegExp(`cannot be changed: its folder ${dir} is not writable \\((EACCES|EPERM)\\)$`));
    }
  });
});
