// A config folder (or store file) that every user may write is refused with a clear line: anyone
// on the machine could replace the profiles (and so where tokens go) or plant the store file.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess, tempConfigDir } from '../helpers/inprocess.js';

const NO_ENV = { LICENSECTL_BASE_URL: undefined, LICENSECTL_TOKEN: undefined };

describe.skipIf(process.platform === 'win32')('a world-writable config folder', () => {
  it.each([0o777, 0o1777, 0o703])('mode %o: reads and writes are refused, nothing is written', async (mode) => {
    const dir = tempConfigDir();
    fs.chmodSync(dir, mode);
    for (const args of [['profile', 'list'], ['profile', 'set', 'a', '--base-url', 'https://x.example.com']]) {
      const r = await runInProcess(args, { configDir: dir, env: NO_ENV });
      expect(r.stderr, args.join(' ')).toBe(`licensectl: the profile store folder ${dir} can be written by every user (mode ${(mode & 0o777).toString(8)}): anyone could replace your profiles; run \`chmod 700 ${dir}\`\n`);
      expect(r.code).toBe(1);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a store file every user may write is refused the same way', async () => {
    const dir = tempConfigDir();
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ version: 1, profiles: {} }));
    fs.chmodSync(file, 0o666);
    const r = await runInProcess(['profile', 'list'], { configDir: dir, env: NO_ENV });
    expect(r.stderr).toBe(`licensectl: the profile store ${file} can be written by every user (mode 666): anyone could replace your profiles; run \`chmod 600 ${file}\`\n`);
    expect(r.code).toBe(1);
  });

  it('a folder of mode 0700 (or 0755) is fine', async () => {
    const dir = tempConfigDir();
    fs.chmodSync(dir, 0o755);
    const r = await runInProcess(['profile', 'set', 'a', '--base-url', 'https://x.example.com'], { configDir: dir, env: NO_ENV });
    expect(r.code, r.stderr).toBe(0);
  });
});
