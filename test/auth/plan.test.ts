import { describe, expect, it } from 'vitest';
import { describeRemaining, jwtExpiry, renewalDue, renewalMargin, canRenew } from '../../src/auth/expiry.js';
import { defaultTokenUrl } from '../../src/auth/uipath-identity.js';
import { planLogin, type LoginOptions } from '../../src/auth/plan.js';
import { CliError } from '../../src/errors.js';

const UIPATH = { baseUrl: 'https://uipath.example.com/acme', account: 'acc-1' };
const FUSION = { baseUrl: 'https://fusion.example.com', instance: 'draas1', group: 'g-1' };
const BARE = { baseUrl: 'https://example.com' };

function plan(opts: LoginOptions, profile = BARE) {
  return planLogin(opts, profile, profile.baseUrl);
}

function usage(opts: LoginOptions, profile = BARE): string {
  try {
    plan(opts, profile);
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(2);
    return (err as CliError).message;
  }
  throw new Error(`expected a usage error for ${JSON.stringify(opts)}`);
}

describe('planLogin', () => {
  it('reads a token by default and with --with-token', () => {
    expect(plan({})).toEqual({ kind: 'token', flagged: false });
    expect(plan({ withToken: true }, UIPATH)).toEqual({ kind: 'token', flagged: true });
  });

  it('uses client credentials without a scope unless --scope names one, and the token URL of the base URL origin', () => {
    expect(plan({ clientId: 'app', clientSecretStdin: true }, UIPATH)).toEqual({
      kind: 'client_credentials',
      clientId: 'app',
      tokenUrl: 'https://uipath.example.com/identity_/connect/token',
    });
    expect(plan({ clientId: 'app', clientSecretStdin: true, scope: 'PM.License.Read', tokenUrl: 'https://id.example.com/t' })).toMatchObject({
      scope: 'PM.License.Read',
      tokenUrl: 'https://id.example.com/t',
    });
  });

  it('tells the two password logins apart by --client-id', () => {
    expect(plan({ username: 'u', passwordStdin: true, clientId: 'app' }, UIPATH)).toMatchObject({ kind: 'password', clientId: 'app', withClientSecret: false, username: 'u' });
    expect(plan({ username: 'u', passwordStdin: true, clientId: 'app', clientSecretStdin: true })).toMatchObject({ kind: 'password', withClientSecret: true });
    expect(plan({ username: 'u', passwordStdin: true }, FUSION)).toEqual({ kind: 'fusion_login', username: 'u', promptPassword: false });
    expect(plan({ username: 'u', passwordStdin: true, otp: '123456' }, BARE)).toEqual({ kind: 'fusion_login', username: 'u', otp: '123456', promptPassword: false });
  });

  it('records that the password is to be asked for when --password-stdin is left out', () => {
    expect(plan({ username: 'u' }, FUSION)).toEqual({ kind: 'fusion_login', username: 'u', promptPassword: true });
    expect(plan({ username: 'u', clientId: 'app' }, UIPATH)).toMatchObject({ kind: 'password', promptPassword: true, scope: 'PM.License.Write PM.License.Read' });
  });

  it.each<[LoginOptions, RegExp]>([
    [{ withToken: true, clientId: 'a', clientSecretStdin: true }, /--with-token cannot be combined/],
    [{ withToken: true, username: 'u', passwordStdin: true }, /--with-token cannot be combined/],
    [{ withToken: true, otp: '1' }, /--with-token cannot be combined/],
    [{ otp: '123456' }, /--otp answers the second factor of the Fusion login: use it with --username/],
    [{ clientId: 'a', clientSecretStdin: true, otp: '1' }, /--otp answers the second factor of the Fusion login/],
    [{ username: 'u', passwordStdin: true, clientId: 'a', otp: '1' }, /--otp answers the second factor of the Fusion login/],
    [{ passwordStdin: true }, /--password-stdin needs --username/],
    [{ clientSecretStdin: true }, /--client-secret-stdin needs --client-id/],
    [{ clientId: 'a' }, /--client-id needs --client-secret-stdin/],
    [{ scope: 'x' }, /need --client-id/],
    [{ tokenUrl: 'https://x/t' }, /need --client-id/],
    [{ clientId: 'a', clientSecretStdin: true, tokenUrl: 'not a url' }, /--token-url: "not a url" is not a URL/],
    [{ clientId: 'a', clientSecretStdin: true, tokenUrl: 'ftp://x/t' }, /must start with https/],
  ])('refuses %j', (opts, message) => {
    expect(usage(opts)).toMatch(message);
  });

  it('refuses a Fusion login on a profile set up for UiPath only', () => {
    expect(usage({ username: 'u', passwordStdin: true }, UIPATH)).toMatch(/UiPath password grant needs --client-id/);
  });
});

describe('defaultTokenUrl', () => {
  it('uses the origin for Automation Suite and the organization on Automation Cloud', () => {
    expect(defaultTokenUrl('https://suite.example.com/acme')).toBe('https://suite.example.com/identity_/connect/token');
    expect(defaultTokenUrl('http://127.0.0.1:8080/acme/')).toBe('http://127.0.0.1:8080/identity_/connect/token');
    expect(defaultTokenUrl('https://cloud.uipath.com/acme')).toBe('https://cloud.uipath.com/acme/identity_/connect/token');
    expect(defaultTokenUrl('https://cloud.uipath.com')).toBe('https://cloud.uipath.com/identity_/connect/token');
  });
});

describe('expiry', () => {
  const jwt = (payload: object) => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

  it('reads the exp claim of a JWT-shaped token, and nothing from other tokens', () => {
    expect(jwtExpiry(jwt({ exp: 1_800_000_000 }))).toBe(1_800_000_000_000);
    expect(jwtExpiry(jwt({ sub: 'x' }))).toBeUndefined();
    expect(jwtExpiry('opaque-token')).toBeUndefined();
    expect(jwtExpiry('a.!!!.c')).toBeUndefined();
  });

  it('renews 60 s early, or 10% of the lifetime early when that is shorter', () => {
    expect(renewalMargin({ obtainedAt: 0, expiresAt: 3_600_000 })).toBe(60_000);
    expect(renewalMargin({ obtainedAt: 0, expiresAt: 2_000 })).toBe(200);
    expect(renewalMargin({ expiresAt: 2_000 })).toBe(60_000);
    const auth = { method: 'client_credentials' as const, token: 't', obtainedAt: 0, expiresAt: 2_000 };
    expect(renewalDue(auth, 1_700)).toBe(false);
    expect(renewalDue(auth, 1_800)).toBe(true);
    expect(renewalDue({ method: 'token', token: 't' }, 1e15)).toBe(false);
    expect(renewalDue({ method: 'client_credentials' }, 0)).toBe(true);
  });

  it('knows which logins licensectl can renew by itself', () => {
    const base = { clientId: 'c', tokenUrl: 'https://x/t' };
    expect(canRenew({ method: 'client_credentials', ...base, clientSecret: 's' })).toBe(true);
    expect(canRenew({ method: 'client_credentials', ...base })).toBe(false);
    expect(canRenew({ method: 'password', ...base, refreshToken: 'r' })).toBe(true);
    expect(canRenew({ method: 'password', ...base })).toBe(false);
    expect(canRenew({ method: 'fusion_login', token: 't' })).toBe(false);
    expect(canRenew({ method: 'fusion_login', token: 't', refreshToken: 'r' })).toBe(true);
    expect(canRenew({ method: 'fusion_login', token: 'm2m', machine: true })).toBe(false);
    expect(canRenew({ method: 'token', token: 't' })).toBe(false);
    expect(canRenew(undefined)).toBe(false);
  });

  it('describes remaining time for people', () => {
    expect(describeRemaining(30_000)).toBe('in 30 s');
    expect(describeRemaining(-180_000)).toBe('3 min ago');
    expect(describeRemaining(5_400_000)).toBe('in 1.5 h');
    expect(describeRemaining(3 * 86_400_000)).toBe('in 3 days');
  });
});
