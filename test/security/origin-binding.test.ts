// A profile's stored login belongs to the origin it was issued for: --base-url or
// LICENSECTL_BASE_URL pointing elsewhere gets no stored token (exit 4, saying why), nor the
// profile's --allow-insecure-http. LICENSECTL_TOKEN is the user's own choice and still goes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mockAgent, runInProcess, tempConfigDir } from '../helpers/inprocess.js';
import { calls, GROUP, INSTANCE, JSON_HEADERS, ORIGIN, types } from '../commands/fixtures.js';

const NO_ENV = { LICENSECTL_BASE_URL: undefined, LICENSECTL_TOKEN: undefined };
const STORED = 'stored-token-0123456789';
const LIST = ['license-type', 'list', '--instance', INSTANCE, '--group', GROUP];
const EVIL = 'https://evil.example.com';
const ltPath = (org: string) => `/${org}/api/v01/draas/${INSTANCE}/groups/${GROUP}/license_types`;

/** A store with profile "lab" at ORIGIN, logged in (written as an older licensectl did: no origin in the login). */
function store(profile: Record<string, unknown> = {}): string {
  const dir = tempConfigDir();
  const lab = { baseUrl: `${ORIGIN}/acme`, auth: { method: 'token', token: STORED }, ...profile };
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ version: 1, current: 'lab', profiles: { lab } }), { mode: 0o600 });
  return dir;
}

async function run(args: string[], env: Record<string, string | undefined>, configDir: string, mock?: (agent: ReturnType<typeof mockAgent>) => void) {
  const agent = mockAgent().enableCallHistory();
  mock?.(agent);
  const r = await runInProcess(args, { env: { ...NO_ENV, ...env }, configDir, dispatcher: agent });
  return { ...r, sent: calls(agent) };
}

describe('stored credentials stay with their origin', () => {
  it.each([
    ['--base-url', (dir: string) => run(['--base-url', `${EVIL}/acme`, ...LIST], {}, dir)],
    ['LICENSECTL_BASE_URL', (dir: string) => run(LIST, { LICENSECTL_BASE_URL: `${EVIL}/acme` }, dir)],
    ['auth token with --base-url', (dir: string) => run(['--base-url', `${EVIL}/acme`, 'auth', 'token'], {}, dir)],
    ['auth status with LICENSECTL_BASE_URL', (dir: string) => run(['auth', 'status'], { LICENSECTL_BASE_URL: `${EVIL}/acme` }, dir)],
  ])('%s to another origin: no stored token is sent (exit 4)', async (_name, go) => {
    const r = await go(store());
    expect(r.sent).toEqual([]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`licensectl: the stored login of profile "lab" was issued for ${ORIGIN}, not ${EVIL}: licensectl sends it nowhere else; log in with a profile for ${EVIL}, or set LICENSECTL_TOKEN\n`);
    expect(r.stderr).not.toContain(STORED);
    expect(r.code).toBe(4);
  });

  it('the origin recorded at login wins over the profile\'s base URL changed since', async () => {
    const dir = store({ baseUrl: `${EVIL}/acme`, auth: { method: 'token', token: STORED, origin: ORIGIN } });
    const r = await run(LIST, {}, dir);
    expect(r.sent).toEqual([]);
    expect(r.stderr).toMatch(/^licensectl: the stored login of profile "lab" was issued for http:\/\/127\.0\.0\.1:9, not https:\/\/evil\.example\.com/);
    expect(r.code).toBe(4);
  });

  it('the same origin under another path still gets the stored token', async () => {
    const r = await run(['--base-url', `${ORIGIN}/other`, ...LIST], {}, store(), (a) => a.get(ORIGIN).intercept({ path: ltPath('other') }).reply(200, { license_types: types(1), page: 1, pages: 1, results: 1 }, JSON_HEADERS));
    expect(r.code, r.stderr).toBe(0);
    expect(r.sent.map((c) => c.headers.authorization)).toEqual([`Bearer ${STORED}`]);
  });

  it('LICENSECTL_TOKEN goes to another origin: the user chose it', async () => {
    const r = await run(['--base-url', `${EVIL}/acme`, ...LIST], { LICENSECTL_TOKEN: 'env-token-0123456789' }, store(), (a) => a.get(EVIL).intercept({ path: ltPath('acme') }).reply(200, { license_types: [], page: 1, pages: 1, results: 0 }, JSON_HEADERS));
    expect(r.code, r.stderr).toBe(0);
    expect(r.sent.map((c) => c.headers.authorization)).toEqual(['Bearer env-token-0123456789']);
  });

  it('a login records the origin it was made for', async () => {
    const dir = tempConfigDir();
    expect((await run(['profile', 'set', 'lab', '--base-url', `${ORIGIN}/acme`], {}, dir)).code).toBe(0);
    const r = await runInProcess(['auth', 'login', '--with-token'], { env: NO_ENV, configDir: dir, input: STORED, dispatcher: mockAgent() });
    expect(r.code, r.stderr).toBe(0);
    const saved = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(saved.profiles.lab.auth).toMatchObject({ method: 'token', token: STORED, origin: ORIGIN });
  });
});

describe('--allow-insecure-http stays with its profile\'s origin', () => {
  it('another plain-http origin does not inherit it, even with LICENSECTL_TOKEN', async () => {
    const dir = store({ baseUrl: 'http://lab.example.com/acme', allowInsecureHttp: true, auth: undefined });
    const r = await run(['--base-url', 'http://evil.example.com/acme', ...LIST], { LICENSECTL_TOKEN: 'env-token-0123456789' }, dir);
    expect(r.sent).toEqual([]);
    expect(r.stderr).toMatch(/^licensectl: refusing to send a token over plain http to evil\.example\.com/);
    expect(r.code).toBe(2);
  });

  it('its own origin keeps it', async () => {
    const dir = store({ baseUrl: 'http://lab.example.com/acme', allowInsecureHttp: true, auth: undefined });
    const r = await run(LIST, { LICENSECTL_TOKEN: 'env-token-0123456789' }, dir, (a) => a.get('http://lab.example.com').intercept({ path: ltPath('acme') }).reply(200, { license_types: [], page: 1, pages: 1, results: 0 }, JSON_HEADERS));
    expect(r.code, r.stderr).toBe(0);
  });
});
