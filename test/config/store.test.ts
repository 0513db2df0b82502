import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ProfileStore, configDir } from '../../src/config/store.js';
import { CliError } from '../../src/errors.js';

function tmp(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-store-')), 'cfg');
}

describe('ProfileStore', () => {
  it('reads an absent store as empty and creates it 0600 in a 0700 folder on first write', async () => {
    const store = new ProfileStore(tmp());
    expect(store.read()).toEqual({ version: 1, profiles: {} });
    await store.update((d) => { d.profiles.a = { baseUrl: 'https://x' }; d.current = 'a'; });
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(store.dir).mode & 0o777).toBe(0o700);
    expect(store.read()).toEqual({ version: 1, current: 'a', profiles: { a: { baseUrl: 'https://x' } } });
  });

  it('names the file when it is not JSON, and does not touch it', async () => {
    const store = new ProfileStore(tmp());
    fs.mkdirSync(store.dir, { recursive: true });
    fs.writeFileSync(store.file, '{"profiles": {');
    expect(() => store.read()).toThrow(CliError);
    expect(() => store.read()).toThrow(store.file);
    await expect(store.update(() => undefined)).rejects.toThrow(/not valid JSON/);
    expect(fs.readFileSync(store.file, 'utf8')).toBe('{"profiles": {');
  });

  it('rejects a store of the wrong shape', () => {
    const store = new ProfileStore(tmp());
    fs.mkdirSync(store.dir, { recursive: true });
    for (const bad of ['[]', '{"profiles": []}', '{"profiles": {"a": {}}}', '{"version": 2}', '{"profiles":{"a":{"baseUrl":"x","group":5}}}']) {
      fs.writeFileSync(store.file, bad);
      expect(() => store.read(), bad).toThrow(/is not a licensectl profile store/);
    }
  });

  it('keeps every change when many updates race', async () => {
    const store = new ProfileStore(tmp());
    await Promise.all(Array.from({ length: 20 }, (_, i) => new ProfileStore(store.dir).update((d) => { d.profiles[`p${i}`] = { baseUrl: `https://h${i}` }; })));
    expect(Object.keys(store.read().profiles)).toHaveLength(20);
  });

  it('leaves no signal hooks behind, so Ctrl-C stays ours to handle', async () => {
    const before = ['SIGINT', 'SIGTERM', 'SIGHUP'].map((s) => process.listenerCount(s));
    await new ProfileStore(tmp()).update((d) => { d.profiles.a = { baseUrl: 'https://x' }; });
    expect(['SIGINT', 'SIGTERM', 'SIGHUP'].map((s) => process.listenerCount(s))).toEqual(before);
  });

  it('finds its folder from LICENSECTL_CONFIG_DIR, XDG_CONFIG_HOME or HOME', () => {
    expect(configDir({ LICENSECTL_CONFIG_DIR: '/a/b' })).toBe('/a/b');
    expect(configDir({ XDG_CONFIG_HOME: '/x' })).toBe('/x/licensectl');
  });
});

// config/store.ts strips the signal listeners conf's dependencies add when conf is imported (see
// loadConf there): they would re-send Ctrl-C and turn a graceful stop into a forced one.
describe('ProfileStore and process signals', () => {
  const signals = Object.keys(os.constants.signals) as NodeJS.Signals[];
  const listeners = () => new Map(signals.map((s) => [s, process.listeners(s).length]));

  it('a write leaves every signal listener of the process as it was', async () => {
    const before = listeners();
    const store = new ProfileStore(tmp());
    await store.update((d) => { d.profiles.a = { baseUrl: 'https://x' }; });
    await store.update((d) => { d.current = 'a'; });
    expect(listeners()).toEqual(before);
  });

  it('conf still hooks signals when imported (else the stripping in loadConf can go)', () => {
    // A process of its own: in this one conf may already be loaded.
    const script = `const s = Object.keys((await import('node:os')).constants.signals);
      const before = s.map((n) => process.listeners(n).length);
      await import('conf');
      console.log(JSON.stringify(s.filter((n, i) => process.listeners(n).length > before[i])));`;
    const added = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as string[];
    expect(added).toContain('SIGINT');
  });
});
