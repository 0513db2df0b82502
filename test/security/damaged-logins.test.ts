// A login edited by hand (a token URL that is no URL, an expiry that is no time, a token with a
// line break) and a token in the environment with a line break: one clear line each, never
// "unexpected error", and nothing sent with a broken header.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/api/http.js';
import { CliError } from '../../src/errors.js';
import { mockAgent, runInProcess, tempConfigDir } from '../helpers/inprocess.js';
import { ORIGIN } from '../commands/fixtures.js';

const NO_ENV = { LICENSECTL_BASE_URL: undefined, LICENSECTL_TOKEN: undefined };
const LIST = ['license-type', 'list', '--instance', 'draas1', '--group', '1b4e28ba-2fa1-11d2-883f-0016d3cca427'];

function storeWith(auth: Record<string, unknown>): string {
  const dir = tempConfigDir();
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ version: 1, current: 'lab', profiles: { lab: { baseUrl: `${ORIGIN}/acme`, auth } } }), { mode: 0o600 });
  return dir;
}

const CC = { method: 'client_credentials', clientId: 'c1', clientSecret: 'secret-123456', tokenUrl: `${ORIGIN}/identity_/connect/token` };

describe('a login edited by hand', () => {
  it.each([
    ['a token URL that is no URL', { ...CC, tokenUrl: 'not a url' }, '"tokenUrl" is not an http(s) URL'],
    ['a token URL of another scheme', { ...CC, tokenUrl: 'file:///etc/passwd' }, '"tokenUrl" is not an http(s) URL'],
    ['an expiry that is a word', { method: 'token', token: 'tok-123456789', expiresAt: 'tomorrow' }, '"expiresAt" is not a time'],
    ['an expiry past any date', { method: 'token', token: 'tok-123456789', expiresAt: 1e300 }, '"expiresAt" is not a time'],
    ['a token with a line break', { method: 'token', token: 'tok-123456789\r\nX-Evil: 1' }, '"token" holds a line break or another control character'],
    ['a method no licensectl knows', { method: 'magic', token: 'tok-123456789' }, '"method" is not one licensectl knows'],
  ])('%s: a clear line (exit 4), nothing sent', async (_what, auth, problem) => {
    const dir = storeWith(auth);
    const agent = mockAgent().enableCallHistory();
    const r = await runInProcess(LIST, { configDir: dir, env: NO_ENV, dispatcher: agent });
    expect(r.stderr).toBe(`licensectl: the stored login of profile "lab" is damaged (${problem}): run \`licensectl auth login\` again\n`);
    expect(r.code).toBe(4);
    expect(agent.getCallHistory()?.calls() ?? []).toHaveLength(0);
  });

  it('profile list, profile show and auth status still answer, saying so', async () => {
    const dir = storeWith({ method: 'token', token: 'tok-123456789', expiresAt: 'tomorrow' });
    const list = await runInProcess(['--json', 'profile', 'list'], { configDir: dir, env: NO_ENV });
    expect(list.stderr).toBe('');
    expect(JSON.parse(list.stdout)[0].auth).toMatchObject({ method: 'token', expiresAt: null });
    const show = await runInProcess(['profile', 'show'], { configDir: dir, env: NO_ENV, tty: true });
    expect(show.code, show.stderr).toBe(0);
    const status = await runInProcess(['auth', 'status'], { configDir: dir, env: NO_ENV });
    expect(status.stderr).toBe('licensectl: the stored login of profile "lab" is damaged ("expiresAt" is not a time): run `licensectl auth login` again\n');
    expect(status.code).toBe(4);
  });
});

describe('a token with a line break', () => {
  it.each(['tok-123456789\rX-Evil: 1', 'tok-123456789\u0000x', 'tok-123456789\u001b[2Jx'])('pasted into auth login --with-token (%j): refused, nothing stored (exit 2)', async (token) => {
    const dir = tempConfigDir();
    expect((await runInProcess(['profile', 'set', 'lab', '--base-url', `${ORIGIN}/acme`], { configDir: dir, env: NO_ENV })).code).toBe(0);
    const r = await runInProcess(['auth', 'login', '--with-token'], { configDir: dir, env: NO_ENV, input: token, dispatcher: mockAgent() });
    // The reader of stdin refuses most of these itself; the login refuses what is left (an escape).
    expect(r.stderr).toMatch(/^licensectl: (--with-token: the token|the token holds a line break or another control character)[^\n]*\n$/);
    expect(r.code).toBe(2);
    const saved = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(saved.profiles.lab.auth).toBeUndefined();
  });

  it.each(['tok-123456789\n', 'tok-123456789\r\nX-Evil: 1', 'tok\u0000123456789'])('in LICENSECTL_TOKEN (%j): one line, exit 2, nothing sent', async (token) => {
    const agent = mockAgent().enableCallHistory();
    const r = await runInProcess(LIST, { env: { LICENSECTL_BASE_URL: `${ORIGIN}/acme`, LICENSECTL_TOKEN: token }, dispatcher: agent });
    expect(r.stderr).toBe('licensectl: LICENSECTL_TOKEN holds a line break or another control character: set it to the token alone\n');
    expect(r.code).toBe(2);
    expect(agent.getCallHistory()?.calls() ?? []).toHaveLength(0);
  });

  it('from any token source (a renewal a server answered badly): refused before sending', async () => {
    const agent = mockAgent();
    const client = new HttpClient({ baseUrl: ORIGIN, userAgent: 't', timeoutMs: 1000, dispatcher: agent, auth: { token: async () => 'fresh\r\nX-Evil: 1' } });
    const err = await client.request({ method: 'GET', path: ['x'] }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).message).toBe('the bearer token holds a line break or another control character, which no HTTP header can carry: log in again, or check LICENSECTL_TOKEN');
    expect((err as CliError).exitCode).toBe(4);
  });
});
