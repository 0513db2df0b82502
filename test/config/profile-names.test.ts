// Profile names that are also properties of every JavaScript object (toString, constructor,
// __proto__...) must never be taken for existing profiles, nor be created: a store holding one
// would be read back as something else.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess, tempConfigDir } from '../helpers/inprocess.js';

const NO_ENV = { LICENSECTL_BASE_URL: undefined, LICENSECTL_TOKEN: undefined };
const RESERVED = ['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

describe.each(RESERVED)('profile name %s', (name) => {
  it('is not an existing profile for --profile, show, use or remove', async () => {
    const dir = tempConfigDir();
    for (const args of [
      ['--profile', name, 'license-type', 'list', '--instance', 'i', '--group', '1b4e28ba-2fa1-11d2-883f-0016d3cca427'],
      ['--profile', name, 'auth', 'status'],
      ['profile', 'show', name],
      ['profile', 'use', name],
      ['profile', 'remove', name],
    ]) {
      const r = await runInProcess(args, { configDir: dir, env: NO_ENV });
      expect(r.stderr, args.join(' ')).toMatch(/^licensectl: no profile named "/);
      expect(r.code, args.join(' ')).toBe(2);
    }
    expect(fs.existsSync(path.join(dir, 'config.json'))).toBe(false);
  });

  it('cannot be created, and the store stays readable', async () => {
    const dir = tempConfigDir();
    const r = await runInProcess(['profile', 'set', name, '--base-url', 'https://x.example.com'], { configDir: dir, env: NO_ENV });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^licensectl: profile name "[^"]+" (is reserved|must be)/);
    const after = await runInProcess(['profile', 'set', 'ok', '--base-url', 'https://x.example.com'], { configDir: dir, env: NO_ENV });
    expect(after.code, after.stderr).toBe(0);
    const list = await runInProcess(['--json', 'profile', 'list'], { configDir: dir, env: NO_ENV });
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).map((p: { name: string }) => p.name)).toEqual(['ok']);
  });
});

describe('a store edited by hand', () => {
  it('a profile stored under a reserved name is an ordinary entry: the others keep working', async () => {
    const dir = tempConfigDir();
    const profiles = JSON.parse('{"__proto__":{"baseUrl":"https://p.example.com"},"toString":{"baseUrl":"https://t.example.com"},"ok":{"baseUrl":"https://ok.example.com"}}');
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ version: 1, current: 'ok', profiles }), { mode: 0o600 });
    const list = await runInProcess(['--json', 'profile', 'list'], { configDir: dir, env: NO_ENV });
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout).map((p: { name: string }) => p.name).sort()).toEqual(['__proto__', 'ok', 'toString']);
    const set = await runInProcess(['profile', 'set', 'ok', '--account', 'a1'], { configDir: dir, env: NO_ENV });
    expect(set.code, set.stderr).toBe(0);
    const show = await runInProcess(['--json', 'profile', 'show', 'ok'], { configDir: dir, env: NO_ENV });
    expect(JSON.parse(show.stdout)).toMatchObject({ name: 'ok', account: 'a1' });
    // Nothing was lost on the way through the store's write.
    const stored = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(Object.keys(stored.profiles).sort()).toEqual(['__proto__', 'ok', 'toString']);
  });
});
