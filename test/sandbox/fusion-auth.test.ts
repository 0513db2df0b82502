import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { totp } from '../../src/sandbox/fusion-auth.js';
import { SANDBOX_M2M_TOKEN, SANDBOX_TOTP_SECRET } from '../../src/sandbox/identities.js';
import { SANDBOX_DEFAULTS as D, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { call, expectErrorBody, ltPath } from './helpers.js';

// An injected clock: expiry is tested by moving it, never by sleeping.
const T0 = Date.UTC(2030, 0, 1);
let clock = T0;
const TOKEN_TTL = 60;
const REFRESH_TTL = 1000;
const TWO_FA_TTL = 300;
const emailed: [string, string][] = [];
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({
    now: () => clock,
    tokenTtlSeconds: TOKEN_TTL,
    refreshTtlSeconds: REFRESH_TTL,
    twoFactorTtlSeconds: TWO_FA_TTL,
    onTwoFactorCode: (user, code) => emailed.push([user, code]),
  });
});
afterAll(() => sb.close());
beforeEach(() => {
  clock = T0;
});

const login = (username: string, password: string) => call(sb.url, 'POST', '/api/v01/auth/login', { body: { username, password } });
const twoFa = (payload: unknown, code: unknown, trust: unknown = false) =>
  call(sb.url, 'POST', '/api/v01/auth/2fa', { body: { '2fa_payload': payload, code, trust } });
const renew = (token: string) => call(sb.url, 'GET', '/api/v01/auth/access_token', { token });
const logout = (token: string) => call(sb.url, 'GET', '/api/v01/auth/logout', { token });
const works = async (token: string) => (await call(sb.url, 'GET', ltPath('/1'), { token })).status;
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('POST /api/v01/auth/login', () => {
  it('answers an access and a refresh token, no M2M token for an ordinary user', async () => {
    const a = await login('admin', 'admin');
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String) });
    expect(a.json.token).toBeUndefined();
    expect(a.json.refresh_token).not.toBe(a.json.access_token);
    expect(await works(a.json.access_token)).toBe(200);
    // The refresh token is not an access token.
    expect(await works(a.json.refresh_token)).toBe(401);
  });

  it('adds the never-expiring M2M token, usable as an access token, for the robot user', async () => {
    const a = await login('robot', 'robot');
    expect(a.status).toBe(200);
    expect(a.json.token).toBe(SANDBOX_M2M_TOKEN);
    expect(typeof a.json.access_token).toBe('string');
    clock = T0 + 10 * 365 * 86_400_000;
    expect(await works(SANDBOX_M2M_TOKEN)).toBe(200);
    expect(await works(a.json.access_token)).toBe(401);
    // Logging out with it answers 200 but does not revoke it ("meant to be immutable").
    expect((await logout(SANDBOX_M2M_TOKEN)).status).toBe(200);
    expect(await works(SANDBOX_M2M_TOKEN)).toBe(200);
  });

  it('401 invalid_credentials for a wrong password or an unknown user', async () => {
    for (const [u, p] of [['admin', 'nope'], ['nobody', 'admin'], ['twofactor', 'admin']]) {
      const a = await login(u!, p!);
      expect(a.status).toBe(401);
      expect(expectErrorBody(a).error).toBe('invalid_credentials');
    }
  });
});

describe('second factor', () => {
  it('email: the code reported for the user (and by GET /_sandbox/2fa/<user>) completes the login', async () => {
    const a = await login('twofactor', 'twofactor');
    expect(a.json).toEqual({ '2fa_payload': expect.any(String), option: 'email' });
    const [user, code] = emailed.at(-1)!;
    expect(user).toBe('twofactor');
    expect(code).toMatch(/^[0-9]{6}$/);
    const admin = await call(sb.url, 'GET', '/_sandbox/2fa/twofactor');
    expect(admin.json).toEqual({ username: 'twofactor', option: 'email', code });
    const done = await twoFa(a.json['2fa_payload'], code);
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String) });
    expect(await works(done.json.access_token)).toBe(200);
  });

  it('totp: the RFC 6238 code of the documented secret, one step either side accepted', async () => {
    const a = await login('totp', 'totp');
    expect(a.json).toEqual({ '2fa_payload': expect.any(String), option: 'totp' });
    expect(emailed.some(([u]) => u === 'totp')).toBe(false);
    expect((await twoFa(a.json['2fa_payload'], totp(SANDBOX_TOTP_SECRET, clock, 2))).status).toBe(401);
    const done = await twoFa(a.json['2fa_payload'], totp(SANDBOX_TOTP_SECRET, clock, -1));
    expect(done.status).toBe(200);
    expect(await works(done.json.access_token)).toBe(200);
    expect((await call(sb.url, 'GET', '/_sandbox/2fa/totp')).json).toEqual({ username: 'totp', option: 'totp', code: totp(SANDBOX_TOTP_SECRET, clock) });
  });

  it('totp matches the RFC 6238 test vector (SHA-1, T=59 s)', () => {
    // RFC 6238 appendix B: secret "12345678901234567890", 8 digits 94287082 -> 6 digits 287082.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(totp(secret, 59_000)).toBe('287082');
    expect(totp(secret, 1_111_111_109_000)).toBe('081804');
  });

  it('a wrong code is 401 invalid_code and the payload stays usable; five wrong codes withdraw it', async () => {
    const a = await login('twofactor', 'twofactor');
    const code = emailed.at(-1)![1];
    const bad = await twoFa(a.json['2fa_payload'], wrong(code));
    expect(bad.status).toBe(401);
    expect(expectErrorBody(bad).error).toBe('invalid_code');
    expect((await twoFa(a.json['2fa_payload'], code)).status).toBe(200);

    const b = await login('twofactor', 'twofactor');
    const codeB = emailed.at(-1)![1];
    for (let i = 0; i < 5; i++) expect((await twoFa(b.json['2fa_payload'], wrong(codeB))).status).toBe(401);
    const after = await twoFa(b.json['2fa_payload'], codeB);
    expect(after.status).toBe(401);
    expect(after.json.error).toBe('invalid_payload');
  });

  it('a payload is single-use', async () => {
    const a = await login('twofactor', 'twofactor');
    const code = emailed.at(-1)![1];
    expect((await twoFa(a.json['2fa_payload'], code, true)).status).toBe(200);
    const again = await twoFa(a.json['2fa_payload'], code);
    expect(again.status).toBe(401);
    expect(expectErrorBody(again).message).toMatch(/already used: log in again/);
  });

  it('an expired payload is 401 expired_payload saying to log in again', async () => {
    const a = await login('twofactor', 'twofactor');
    const code = emailed.at(-1)![1];
    clock = T0 + TWO_FA_TTL * 1000;
    const late = await twoFa(a.json['2fa_payload'], code);
    expect(late.status).toBe(401);
    expect(expectErrorBody(late)).toMatchObject({ error: 'expired_payload', message: expect.stringMatching(/log in again/) });
  });

  it('400 for a missing payload or code, or a trust that is not a boolean; 401 for an unknown payload', async () => {
    expect((await twoFa(undefined, '123456')).status).toBe(400);
    expect((await twoFa('x', undefined)).status).toBe(400);
    expect((await twoFa('x', 123456)).status).toBe(400);
    expect((await twoFa('x', '123456', 'yes')).status).toBe(400);
    const unknown = await twoFa('forged', '123456');
    expect(unknown.status).toBe(401);
    expect(unknown.json.error).toBe('invalid_payload');
  });

  it('GET /_sandbox/2fa/<user> is 404 for a user without a second factor', async () => {
    expect((await call(sb.url, 'GET', '/_sandbox/2fa/admin')).status).toBe(404);
  });
});

describe('GET /api/v01/auth/access_token (renewal)', () => {
  it('renews the access token and keeps the refresh token while it has more than a fifth of its life', async () => {
    const a = await login('admin', 'admin');
    clock = T0 + TOKEN_TTL * 1000; // the access token has just expired
    expect(await works(a.json.access_token)).toBe(401);
    const r = await renew(a.json.refresh_token);
    expect(r.status).toBe(200);
    expect(typeof r.json.access_token).toBe('string');
    expect(r.json.refresh_token).toBeUndefined();
    expect(await works(r.json.access_token)).toBe(200);
  });

  it('brings a new refresh token once the old one has less than a fifth of its life left', async () => {
    const a = await login('admin', 'admin');
    clock = T0 + REFRESH_TTL * 1000 * 0.81;
    const r = await renew(a.json.refresh_token);
    expect(r.status).toBe(200);
    expect(typeof r.json.refresh_token).toBe('string');
    expect(r.json.refresh_token).not.toBe(a.json.refresh_token);
    // The old one expires on time; the new one lives on.
    clock = T0 + REFRESH_TTL * 1000;
    const expired = await renew(a.json.refresh_token);
    expect(expired.status).toBe(401);
    expect(expectErrorBody(expired).message).toMatch(/expired: log in again/);
    const later = await renew(r.json.refresh_token);
    expect(later.status).toBe(200);
    expect(later.json.refresh_token).toBeUndefined();
  });

  it('401 for an access token, an unknown token or no token', async () => {
    const a = await login('admin', 'admin');
    const withAccess = await renew(a.json.access_token);
    expect(withAccess.status).toBe(401);
    expect(withAccess.json.message).toMatch(/access token/);
    expect((await renew(SANDBOX_M2M_TOKEN)).status).toBe(401);
    expect((await renew('sbx_unknown')).status).toBe(401);
    expect((await call(sb.url, 'GET', '/api/v01/auth/access_token')).status).toBe(401);
  });

  it('is reachable under the organization prefix', async () => {
    const a = await login('admin', 'admin');
    expect((await call(sb.url, 'GET', `/${D.org}/api/v01/auth/access_token`, { token: a.json.refresh_token })).status).toBe(200);
  });
});

describe('GET /api/v01/auth/logout', () => {
  it('revokes the access tokens and refresh tokens of that login only', async () => {
    const a = await login('admin', 'admin');
    const other = await login('admin', 'admin');
    const renewed = (await renew(a.json.refresh_token)).json.access_token as string;
    const out = await logout(a.json.access_token);
    expect(out.status).toBe(200);
    expect(await works(a.json.access_token)).toBe(401);
    expect(await works(renewed)).toBe(401);
    const refused = await renew(a.json.refresh_token);
    expect(refused.status).toBe(401);
    expect(refused.json.message).toMatch(/log in again/);
    expect(await works(other.json.access_token)).toBe(200);
    expect((await renew(other.json.refresh_token)).status).toBe(200);
    // A second logout with the revoked token is a 401.
    expect((await logout(a.json.access_token)).status).toBe(401);
  });

  it('leaves the admin token valid, but revokes a token that has no login session (as after a restart)', async () => {
    expect((await logout(sb.adminToken)).status).toBe(200);
    expect(await works(sb.adminToken)).toBe(200);
    const loose = sb.issueToken({});
    expect((await logout(loose)).status).toBe(200);
    expect(await works(loose)).toBe(401);
    expect((await call(sb.url, 'GET', '/api/v01/auth/logout')).status).toBe(401);
  });
});

describe('`licensectl sandbox --help`', () => {
  it('lists every seeded client, user, M2M token and the TOTP secret as the seed has them', async () => {
    const { Command } = await import('commander');
    const { registerSandbox } = await import('../../src/commands/sandbox/index.js');
    const { SANDBOX_CLIENTS, SANDBOX_FUSION_USERS, SANDBOX_UIPATH_USERS } = await import('../../src/sandbox/identities.js');
    const program = new Command();
    let help = '';
    program.configureOutput({ writeOut: (s) => (help += s), writeErr: (s) => (help += s) });
    registerSandbox(program);
    program.commands.find((c) => c.name() === 'sandbox')!.outputHelp();
    expect(help).toContain('--refresh-ttl <seconds>');
    for (const c of SANDBOX_CLIENTS) {
      expect(help).toContain(`${c.clientId} / ${c.clientSecret}`);
      expect(help).toMatch(new RegExp(`${c.clientId} / ${c.clientSecret} +${c.scopes.join(' ')}`));
    }
    for (const u of [...SANDBOX_FUSION_USERS, ...SANDBOX_UIPATH_USERS]) expect(help).toContain(`${u.username} / ${u.password}`);
    expect(help).toContain(SANDBOX_M2M_TOKEN);
    expect(help).toContain(SANDBOX_TOTP_SECRET);
  });
});
