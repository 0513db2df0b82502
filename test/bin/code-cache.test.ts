// bin/code-cache.cjs on its own: which cache file a bundle gets, and when there is none. V8 checks a
// code cache against the source's length only, so the build's content hash must name the file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

interface Cache {
  readonly state: string;
  compile(source: string, filename: string): unknown;
  save(flagsChanged: boolean): void;
}
const { openCodeCache } = createRequire(import.meta.url)('../../bin/code-cache.cjs') as {
  openCodeCache: (file: string, command: string, env: NodeJS.ProcessEnv) => Cache;
};

/** A bundle with `text` and the hash file the build writes beside it, both with a fixed time. */
function bundle(dir: string, text: string, hash = createHash('sha256').update(text).digest('hex')): string {
  const file = path.join(dir, 'cli.cjs');
  fs.writeFileSync(file, text);
  fs.writeFileSync(`${file}.sha256`, `${hash}\n`);
  const t = new Date('1985-10-26T08:15:00Z'); // what npm gives every file of a package
  fs.utimesSync(file, t, t);
  return file;
}
/** Opens the cache of `file` and compiles the bundle with it, as the launcher does. */
function opened(file: string, env: NodeJS.ProcessEnv): Cache {
  const cache = openCodeCache(file, 'license-type get', env);
  cache.compile(fs.readFileSync(file, 'utf8'), file);
  return cache;
}

describe('the code cache file of a bundle', () => {
  it('is another file when the text changes, even at the same length and time of change', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-cc-unit-'));
    const env = { LICENSECTL_CACHE_DIR: path.join(root, 'cache') };
    const dir = fs.mkdtempSync(path.join(root, 'dist-'));

    const v1 = bundle(dir, 'module.exports = 1;');
    const first = opened(v1, env);
    expect(first.state).toBe('none');
    first.save(false);
    expect(opened(v1, env).state).toBe('used');

    const v2 = bundle(dir, 'module.exports = 2;'); // same length, same time
    expect(fs.statSync(v2).size).toBe(fs.statSync(v1).size);
    const second = opened(v2, env);
    expect(second.state).toBe('none');
  });

  it('is not used at all without the build\'s hash, or with one that is not a hash', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-cc-unit-'));
    const env = { LICENSECTL_CACHE_DIR: path.join(root, 'cache') };
    const file = bundle(fs.mkdtempSync(path.join(root, 'dist-')), 'module.exports = 1;');
    fs.rmSync(`${file}.sha256`);
    const none = opened(file, env);
    expect(none.state).toBe('off');
    none.save(false);
    expect(fs.existsSync(env.LICENSECTL_CACHE_DIR)).toBe(false);
    fs.writeFileSync(`${file}.sha256`, 'not a hash\n');
    expect(opened(file, env).state).toBe('off');
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-cc-unit-'));
    const file = bundle(fs.mkdtempSync(path.join(root, 'dist-')), 'module.exports = 1;');
    expect(openCodeCache(file, 'x', { LICENSECTL_CACHE_DIR: path.join(root, 'cache'), NODE_DISABLE_COMPILE_CACHE: '1' }).state).toBe('off');
  });
});
