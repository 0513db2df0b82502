// `licensectl sandbox` refusals that happen before it listens, in-process: a real profile is never
// replaced by --profile, and a non-loopback --host needs --allow-remote.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess, tempConfigDir } from '../helpers/inprocess.js';

const NO_ENV = { LICENSECTL_BASE_URL: undefined, LICENSECTL_TOKEN: undefined };

function storeWith(profiles: Record<string, unknown>): string {
  const dir = tempConfigDir();
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ version: 1, current: Object.keys(profiles)[0], profiles }), { mode: 0o600 });
  return dir;
}

describe('sandbox --profile <existing>', () => {
  it.each([
    ['with a real login', { baseUrl: 'https://cloud.uipath.com/acme', auth: { method: 'client_credentials', clientId: 'c', clientSecret: 'real-secret-123', tokenUrl: 'https://cloud.uipath.com/identity_/connect/token' } }],
    ['without a login', { baseUrl: 'https://cloud.uipath.com/acme', account: 'a1' }],
  ])('a profile %s is refused (exit 2) and left as it was', async (_what, profile) => {
    const dir = storeWith({ prod: profile });
    const before = fs.readFileSync(path.join(dir, 'config.json'), 'utf8');
    const r = await runInProcess(['sandbox', '--port', '0', '--profile', 'prod'], { configDir: dir, env: NO_ENV });
    expect(r.stderr).toBe('licensectl: profile "prod" already exists and was not made by the sandbox: pick another name for --profile, or remove it first with `licensectl profile remove prod`\n');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
    expect(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).toBe(before);
  });
});

describe('sandbox --host', () => {
  it.each(['0.0.0.0', '::', '192.0.2.10', 'sandbox.example.com'])('%s without --allow-remote is refused (exit 2)', async (host) => {
    const r = await runInProcess(['sandbox', '--port', '0', '--host', host], { env: NO_ENV });
    expect(r.stderr).toBe(`licensectl: --host ${host} would let other machines use the sandbox (its seeded logins are public and its /_sandbox admin endpoints need no token): add --allow-remote if that is what you want\n`);
    expect(r.code).toBe(2);
  });
});
