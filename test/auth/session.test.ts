import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/api/http.js';
import { fusionLogin } from '../../src/auth/fusion-login.js';
import { oauthToken } from '../../src/auth/uipath-identity.js';
import { Session, type SessionDeps } from '../../src/auth/session.js';
import type { StoredAuth } from '../../src/config/profile.js';
import { ProfileStore } from '../../src/config/store.js';
import { CliError } from '../../src/errors.js';

const ORIGIN = 'https://id.example.test';
const TOKEN_URL = `${ORIGIN}/identity_/connect/token`;
const API = 'https://api.example.test';

let agent: MockAgent;
let store: ProfileStore;
let warnings: string[];

function client(auth?: Session): HttpClient {
  return new HttpClient({
    baseUrl: API,
    userAgent: 'licensectl/test',
    timeoutMs: 2_000,
    auth,
    dispatcher: agent,
    maxAttempts: 1,
    backoff: { baseMs: 1, capMs: 5, retryAfterCapMs: 50 },
  });
}

async function saveProfile(auth: StoredAuth): Promise<void> {
  await store.update((d) => {
    d.profiles.p = { baseUrl: API, auth };
    d.current = 'p';
  });
}

function session(auth: StoredAuth | undefined, extra: Partial<SessionDeps> = {}): Session {
  return new Session({
    store,
    profileName: 'p',
    auth,
    allowInsecureHttp: false,
    http: async () => client(),
    secrets: new Set(),
    warn: (m) => warnings.push(m),
    log: () => undefined,
    ...extra,
  });
}

/** Answers the token endpoint once; records the form it got. */
function tokenEndpoint(answer: { status?: number; body: object }, forms: URLSearchParams[] = []): URLSearchParams[] {
  agent
    .get(ORIGIN)
    .intercept({ path: '/identity_/connect/token', method: 'POST' })
    .reply(answer.status ?? 200, (opts) => {
      forms.push(new URLSearchParams(String(opts.body)));
      return answer.body;
    }, { headers: { 'content-type': 'application/json' } });
  return forms;
}

const clientCredentials = (extra: Partial<StoredAuth> = {}): StoredAuth => ({
  method: 'client_credentials',
  clientId: 'app',
  clientSecret: 'shh-client-secret',
  scope: 'PM.License.Write PM.License.Read',
  tokenUrl: TOKEN_URL,
  token: 'old-token',
  obtainedAt: Date.now(),
  expiresAt: Date.now() + 3_600_000,
  ...extra,
});

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  store = new ProfileStore(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-auth-')), 'cfg'));
  warnings = [];
});
afterEach(async () => {
  await agent.close();
});

describe('Session (stored OAuth login)', () => {
  it('gets a new token once after a 401, resends with it, and writes it back to the store', async () => {
    const auth = clientCredentials();
    await saveProfile(auth);
    const seen: string[] = [];
    const api = agent.get(API);
    api.intercept({ path: '/x', method: 'GET' }).reply(401, (o) => { seen.push(String((o.headers as Record<string, string>).authorization)); return { error: 'invalid_token' }; });
    api.intercept({ path: '/x', method: 'GET' }).reply(200, (o) => { seen.push(String((o.headers as Record<string, string>).authorization)); return { ok: true }; }, { headers: { 'content-type': 'application/json' } });
    const forms = tokenEndpoint({ body: { access_token: 'new-token', expires_in: 3600, token_type: 'Bearer' } });
    const secrets = new Set<string>();
    const s = session(auth, { secrets });

    const res = await client(s).request({ method: 'GET', path: ['x'] });

    expect(res.data).toEqual({ ok: true });
    expect(seen).toEqual(['Bearer old-token', 'Bearer new-token']);
    expect(Object.fromEntries(forms[0]!)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'app',
      client_secret: 'shh-client-secret',
      scope: 'PM.License.Write PM.License.Read',
    });
    const saved = store.read().profiles.p!.auth!;
    expect(saved).toMatchObject({ method: 'client_credentials', token: 'new-token', clientSecret: 'shh-client-secret' });
    expect(saved.expiresAt! - saved.obtainedAt!).toBe(3_600_000);
    expect(secrets.has('new-token')).toBe(true);
    expect(secrets.has('shh-client-secret')).toBe(true);
  });

  it('renews a token that is about to expire before sending anything, once for many concurrent requests', async () => {
    const auth = clientCredentials({ obtainedAt: Date.now() - 3_590_000, expiresAt: Date.now() + 10_000 });
    await saveProfile(auth);
    tokenEndpoint({ body: { access_token: 'fresh', expires_in: 3600 } });
    const s = session(auth);
    const tokens = await Promise.all([s.token(), s.token(), s.token()]);
    expect(tokens).toEqual(['fresh', 'fresh', 'fresh']);
    expect(store.read().profiles.p!.auth!.token).toBe('fresh');
    // A 401 right after that renewal was for a request sent with the old token: no second fetch.
    expect(await s.refresh()).toBe(true);
  });

  it('takes the token another licensectl already renewed instead of fetching one', async () => {
    const auth = clientCredentials({ expiresAt: Date.now() - 1 });
    await saveProfile({ ...auth, token: 'renewed-elsewhere', expiresAt: Date.now() + 3_600_000 });
    const s = session(auth);
    expect(await s.token()).toBe('renewed-elsewhere');
  });

  it('renews a password login with its refresh token and keeps the new refresh token', async () => {
    const auth: StoredAuth = {
      method: 'password', clientId: 'app', username: 'admin', tokenUrl: TOKEN_URL, scope: 'PM.License.Read',
      token: 'old', refreshToken: 'rt-1', obtainedAt: 0, expiresAt: 1,
    };
    await saveProfile(auth);
    const forms = tokenEndpoint({ body: { access_token: 'new', expires_in: 60, refresh_token: 'rt-2' } });
    expect(await session(auth).token()).toBe('new');
    expect(Object.fromEntries(forms[0]!)).toEqual({ grant_type: 'refresh_token', client_id: 'app', refresh_token: 'rt-1' });
    expect(store.read().profiles.p!.auth).toMatchObject({ token: 'new', refreshToken: 'rt-2', username: 'admin' });
  });

  it('says to log in again when the renewal is refused (exit 4), without repeating the secret', async () => {
    const auth = clientCredentials({ expiresAt: 1 });
    await saveProfile(auth);
    tokenEndpoint({ status: 401, body: { error: 'invalid_client', error_description: 'unknown client or wrong client secret' } });
    const err = await session(auth).token().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(4);
    expect((err as CliError).message).toMatch(/^cannot renew the token of profile "p": .*unknown client or wrong client secret.*run `licensectl auth login` again$/);
    expect((err as CliError).message).not.toContain('shh-client-secret');
    expect(store.read().profiles.p!.auth!.token).toBe('old-token');
  });

  it('keeps using a token that has not expired yet when its early renewal fails on the network', async () => {
    const auth = clientCredentials({ obtainedAt: Date.now() - 3_590_000, expiresAt: Date.now() + 10_000 });
    await saveProfile(auth);
    agent.get(ORIGIN).intercept({ path: '/identity_/connect/token', method: 'POST' }).replyWithError(new Error('connection reset'));
    expect(await session(auth).token()).toBe('old-token');
    expect(warnings).toEqual([expect.stringMatching(/^could not renew the token early \(.*\); using the current one until it expires$/)]);
    // Once it has expired there is nothing to fall back on.
    agent.get(ORIGIN).intercept({ path: '/identity_/connect/token', method: 'POST' }).replyWithError(new Error('connection reset'));
    const err = await session(clientCredentials({ expiresAt: Date.now() - 1 })).token().catch((e: unknown) => e);
    expect((err as CliError).exitCode).toBe(1);
  });

  it('still renews (with a warning) when the store cannot be written', async () => {
    const auth = clientCredentials({ expiresAt: 1 });
    fs.mkdirSync(store.file, { recursive: true }); // config.json is a folder: unreadable, unwritable
    tokenEndpoint({ body: { access_token: 'in-memory', expires_in: 3600 } });
    expect(await session(auth).token()).toBe('in-memory');
    expect(warnings).toEqual([expect.stringMatching(/could not be saved/)]);
  });

  it('refuses an expired token it cannot renew, and a missing login, with exit 4 and no request', async () => {
    const expired = await session({ method: 'fusion_login', token: 't', expiresAt: Date.now() - 120_000 }).token().catch((e: unknown) => e);
    expect((expired as CliError).exitCode).toBe(4);
    expect((expired as CliError).message).toMatch(/^the token of profile "p" expired 2 min ago .* run `licensectl auth login` again$/);
    const none = await session(undefined).token().catch((e: unknown) => e);
    expect((none as CliError).message).toBe('not logged in to profile "p": run `licensectl auth login`, or set LICENSECTL_TOKEN');
    expect(await session({ method: 'token', token: 'pasted' }).refresh()).toBe(false);
    expect(await session({ method: 'token', token: 'pasted' }).token()).toBe('pasted');
  });
});

describe('token endpoints', () => {
  const opts = { allowInsecureHttp: false };

  it('maps an OAuth refusal to exit 4 and a missing access_token to exit 1', async () => {
    tokenEndpoint({ status: 400, body: { error: 'invalid_grant', error_description: 'invalid username or password' } });
    const refused = await oauthToken(client(), TOKEN_URL, { grant_type: 'password', client_id: 'a', username: 'u', password: 'pw', scope: 's' }, opts).catch((e: unknown) => e);
    expect((refused as CliError).exitCode).toBe(4);
    expect((refused as CliError).message).toBe('the password login of "u" was refused by id.example.test (400): invalid username or password');
    tokenEndpoint({ body: { token_type: 'Bearer' } });
    const odd = await oauthToken(client(), TOKEN_URL, { grant_type: 'client_credentials', client_id: 'a', client_secret: 's', scope: 's' }, opts).catch((e: unknown) => e);
    expect((odd as CliError).exitCode).toBe(1);
  });

  it('takes the expiry from the token itself when expires_in is missing', async () => {
    const jwt = `e30.${Buffer.from(JSON.stringify({ exp: 2_000_000_000 })).toString('base64url')}.x`;
    tokenEndpoint({ body: { access_token: jwt } });
    const grant = await oauthToken(client(), TOKEN_URL, { grant_type: 'client_credentials', client_id: 'a', client_secret: 's', scope: 's' }, opts);
    expect(grant.expiresAt).toBe(2_000_000_000_000);
  });

  it('never sends credentials over plain http to another machine', async () => {
    const err = await oauthToken(client(), 'http://id.example.test/t', { grant_type: 'client_credentials', client_id: 'a', client_secret: 's', scope: 's' }, opts).catch((e: unknown) => e);
    expect((err as CliError).exitCode).toBe(2);
    expect((err as CliError).message).toMatch(/refusing to send credentials over plain http to id.example.test/);
  });

  it('reads the Fusion login: tokens, a second factor, invalid credentials', async () => {
    const login = (status: number, body: object) =>
      agent.get(API).intercept({ path: '/api/v01/auth/login', method: 'POST' }).reply(status, body, { headers: { 'content-type': 'application/json' } });
    login(200, { access_token: 'fz', expires_in: 60 });
    const answer = await fusionLogin(client(), API, 'admin', 'pw', opts);
    if (answer.kind !== 'grant') throw new Error('expected a grant');
    expect(answer.grant.token).toBe('fz');
    expect(answer.grant.expiresAt! - answer.grant.obtainedAt).toBe(60_000);
    login(200, { '2fa_payload': 'abc', option: 'totp' });
    expect(await fusionLogin(client(), API, 'admin', 'pw', opts)).toEqual({ kind: 'challenge', payload: 'abc', option: 'totp' });
    login(401, { error: 'invalid_credentials' });
    const bad = await fusionLogin(client(), API, 'admin', 'pw', opts).catch((e: unknown) => e);
    expect((bad as CliError).exitCode).toBe(4);
    expect((bad as CliError).message).toMatch(/^invalid credentials/);
  });
});

describe('Session (stored Fusion login)', () => {
  const fusion = (extra: Partial<StoredAuth> = {}): StoredAuth => ({
    method: 'fusion_login', username: 'admin', token: 'old-access', refreshToken: 'old-refresh',
    obtainedAt: Date.now() - 3_600_000, expiresAt: Date.now() - 1_000, ...extra,
  });

  it('two licensectl processes (sessions) with an expired token spend the refresh token once, under the store lock', async () => {
    const auth = fusion();
    await saveProfile(auth);
    const bearers: string[] = [];
    agent.get(API).intercept({ path: '/api/v01/auth/access_token', method: 'GET' }).reply(200, (o) => {
      bearers.push(String((o.headers as Record<string, string>).authorization));
      return { access_token: 'new-access', expires_in: 600 };
    }, { headers: { 'content-type': 'application/json' } });
    const secrets = new Set<string>();
    const [a, b] = [session(auth, { baseUrl: API, secrets }), session(auth, { baseUrl: API })];

    expect(await Promise.all([a.token(), b.token()])).toEqual(['new-access', 'new-access']);
    expect(bearers).toEqual(['Bearer old-refresh']);
    // The answer brought no refresh token: the old one is kept.
    expect(store.read().profiles.p!.auth).toMatchObject({ token: 'new-access', refreshToken: 'old-refresh' });
    expect(secrets.has('old-refresh')).toBe(true);
  });

  it('a machine token is used as it is: never renewed, never expired', async () => {
    const s = session({ method: 'fusion_login', username: 'robot', token: 'm2m', machine: true }, { baseUrl: API });
    expect(await s.token()).toBe('m2m');
    expect(await s.refresh()).toBe(false);
  });
});
