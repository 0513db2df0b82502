// The Fusion login in-process, against a mocked origin: the second factor (--otp, no terminal, a
// wrong or late code), the machine-to-machine token, renewal with the refresh token (before expiry,
// after a 401, refused) and logout on the server. Bodies and headers are matched exactly as the
// vendor documents them; the secrets never show in the output.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoreData, StoredAuth } from '../../../src/config/profile.js';
import { check, JSON_HEADERS, jsonBody, ltPath, ORG, ORIGIN, type Case } from '../fixtures.js';
import { labProfile, NO_ENV, NOW, now } from './setup.js';

const LOGIN = `/${ORG}/api/v01/auth/login`;
const TWO_FA = `/${ORG}/api/v01/auth/2fa`;
const RENEW = `/${ORG}/api/v01/auth/access_token`;
const LOGOUT = `/${ORG}/api/v01/auth/logout`;
const PASSWORD = 'pw-canary-4411';
const OTP = '482913';
const EMPTY_PAGE = { license_types: [], page: 1, pages: 1, results: 0 };

function stored(dir: string): StoredAuth | undefined {
  return (JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as StoreData).profiles.lab!.auth;
}

/** Profile "lab" (Fusion) holding `auth` as if a login had stored it. */
async function loggedIn(auth: StoredAuth): Promise<string> {
  const dir = await labProfile({ fusion: true });
  const file = path.join(dir, 'config.json');
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as StoreData;
  data.profiles.lab!.auth = auth;
  fs.writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
  return dir;
}

const session = (over: Partial<StoredAuth> = {}): StoredAuth => ({
  method: 'fusion_login', username: 'admin', token: 'access-old-1', refreshToken: 'refresh-old-1', obtainedAt: NOW - 3600_000, expiresAt: NOW + 3600_000, ...over,
});

const challenge = (option: string) => (api: Parameters<NonNullable<Case['mock']>>[0]) =>
  api.intercept({ path: LOGIN, method: 'POST', body: jsonBody({ username: 'admin', password: PASSWORD }), headers: { 'content-type': 'application/json' } })
    .reply(200, { '2fa_payload': 'payload-abc', option }, JSON_HEADERS);

async function run(c: Omit<Case, 'configDir' | 'now'>, dir?: string): Promise<{ dir: string; stderr: string }> {
  const configDir = dir ?? (await labProfile({ fusion: true }));
  const r = await check({ ...c, env: { ...NO_ENV, ...c.env }, configDir, now });
  for (const secret of [PASSWORD, OTP, 'refresh-new-2', 'refresh-old-1', 'access-new-2', 'm2m-token-77']) {
    expect(r.stdout + r.stderr).not.toContain(secret);
  }
  return { dir: configDir, stderr: r.stderr };
}

describe('Fusion second factor', () => {
  it('--otp answers a TOTP challenge: POST 2fa {2fa_payload, code, trust:false}, then both tokens are stored', async () => {
    const { dir } = await run({
      name: '',
      args: ['--verbose', 'auth', 'login', '--username', 'admin', '--password-stdin', '--otp', OTP],
      input: `${PASSWORD}\n`,
      mock: (api) => {
        challenge('totp')(api);
        api.intercept({ path: TWO_FA, method: 'POST', body: jsonBody({ '2fa_payload': 'payload-abc', code: OTP, trust: false }), headers: { 'content-type': 'application/json' } })
          .reply(200, { access_token: 'access-new-2', refresh_token: 'refresh-new-2', expires_in: 600 }, JSON_HEADERS);
      },
      code: 0,
      stdout: '',
      // --verbose shows the code masked, never the code itself.
      stderr: /^POST .*\/auth\/login → 200 .*\n2FA: sending the totp code \*{6}\nPOST .*\/auth\/2fa → 200 .*\n✓ Logged in to profile "lab" as "admin" with the Fusion login, token expires in 10 min\n$/,
      requests: [`POST ${LOGIN}`, `POST ${TWO_FA}`],
    });
    expect(stored(dir)).toEqual({ method: 'fusion_login', username: 'admin', token: 'access-new-2', refreshToken: 'refresh-new-2', obtainedAt: NOW, expiresAt: NOW + 600_000, origin: ORIGIN });
  });

  it.each([
    ['totp', 'licensectl: this account needs a second factor (the current code of its authenticator app (TOTP)): pass it with --otp <code>, or run `licensectl auth login` in a terminal to be asked for it\n'],
    ['email', 'licensectl: this account needs a second factor (a code just sent by email), and without a terminal there is no way to type it: run `licensectl auth login` in a terminal, or for CI log in as a user with a machine-to-machine token\n'],
  ])('%s, no terminal and no --otp: exit 4 saying how to pass it, nothing stored', async (option, stderr) => {
    const { dir } = await run({ name: '', args: ['auth', 'login', '--username', 'admin', '--password-stdin'], input: PASSWORD, mock: challenge(option), code: 4, stdout: '', stderr, requests: [`POST ${LOGIN}`] });
    expect(stored(dir)).toBeUndefined();
  });

  it.each([
    ['a wrong code', { error: 'invalid_code', message: 'wrong 2FA code' }, 'licensectl: the 2FA code was refused (401) (wrong 2FA code): check it and run `licensectl auth login` again\n'],
    ['an expired payload', { error: 'expired_payload', message: 'the 2FA payload has expired' }, 'licensectl: the 2FA request expired before the code was sent (the 2FA payload has expired): run `licensectl auth login` again for a new code, and enter it sooner\n'],
  ])('%s: exit 4, one line with the next step', async (_what, body, stderr) => {
    const { dir } = await run({
      name: '',
      args: ['auth', 'login', '--username', 'admin', '--password-stdin', '--otp', OTP],
      input: PASSWORD,
      mock: (api) => {
        challenge('totp')(api);
        api.intercept({ path: TWO_FA, method: 'POST' }).reply(401, body, JSON_HEADERS);
      },
      code: 4,
      stdout: '',
      stderr,
    });
    expect(stored(dir)).toBeUndefined();
  });

  it('--otp without the Fusion login is a usage error, nothing sent', async () => {
    await run({ name: '', args: ['auth', 'login', '--with-token', '--otp', OTP], input: 't', code: 2, stdout: '', stderr: /^licensectl: --with-token cannot be combined with .*--otp\n$/, requests: [] });
  });
});

describe('passwords and tokens on stdin', () => {
  it('--username without --password-stdin and no terminal: usage error, nothing sent', async () => {
    await run({ name: '', args: ['auth', 'login', '--username', 'admin'], input: PASSWORD, code: 2, stdout: '', stderr: 'licensectl: --username needs the password: pipe it in with --password-stdin, or run in a terminal to be asked for it\n', requests: [] });
  });

  it('`auth login` with an empty stdin does not mention --with-token, which was not typed', async () => {
    await run({ name: '', args: ['auth', 'login'], code: 2, stdout: '', stderr: /^licensectl: auth login: no token on stdin (?!.*--with-token)/, requests: [] });
  });
});

describe('machine-to-machine token', () => {
  it('is stored as the access token, without expiry or refresh token, and called the right choice for CI', async () => {
    const { dir } = await run({
      name: '',
      args: ['auth', 'login', '--username', 'robot', '--password-stdin'],
      input: PASSWORD,
      mock: (api) => api.intercept({ path: LOGIN, method: 'POST' })
        .reply(200, { access_token: 'access-new-2', refresh_token: 'refresh-new-2', expires_in: 600, token: 'm2m-token-77' }, JSON_HEADERS),
      code: 0,
      stdout: '',
      stderr: '✓ Logged in to profile "lab" as "robot" with a machine-to-machine token (it does not expire)\nA machine token is the right choice for CI, which would meet 2FA on every run: give the job this token as LICENSECTL_TOKEN (`licensectl auth token` prints it).\n',
    });
    expect(stored(dir)).toEqual({ method: 'fusion_login', username: 'robot', token: 'm2m-token-77', obtainedAt: NOW, machine: true, origin: ORIGIN });
    const status = await check({ name: '', args: ['--json', 'auth', 'status'], env: NO_ENV, configDir: dir, now, code: 0, stdout: /"machine": true/, stderr: '' });
    expect(JSON.parse(status.stdout)).toMatchObject({ method: 'fusion_login', expiresAt: null, expired: false, renewable: false, machine: true });
    await check({ name: '', args: ['auth', 'status'], tty: true, env: NO_ENV, configDir: dir, now, code: 0, stdout: /method +fusion_login \(machine token\)\n[\s\S]*renewal +none needed: a machine token does not expire\n/, stderr: '' });
  });
});

describe('renewal with the refresh token', () => {
  const list = ['license-type', 'list', '--json'];

  it('renews an expired access token first (Bearer <refresh token>), keeps the refresh token when the answer has none', async () => {
    const dir = await loggedIn(session({ expiresAt: NOW - 1000 }));
    await run({
      name: '',
      args: list,
      mock: (api) => {
        api.intercept({ path: RENEW, method: 'GET', headers: { authorization: 'Bearer refresh-old-1' } }).reply(200, { access_token: 'access-new-2', expires_in: 600 }, JSON_HEADERS);
        api.intercept({ path: ltPath(), method: 'GET', headers: { authorization: 'Bearer access-new-2' } }).reply(200, EMPTY_PAGE, JSON_HEADERS);
      },
      code: 0,
      stdout: '[]\n',
      stderr: '',
      requests: [`GET ${RENEW}`, `GET ${ltPath()}`],
    }, dir);
    expect(stored(dir)).toMatchObject({ token: 'access-new-2', refreshToken: 'refresh-old-1', expiresAt: NOW + 600_000 });
  });

  it('renews once after a 401 and stores the new refresh token when one comes', async () => {
    const dir = await loggedIn(session());
    await run({
      name: '',
      args: list,
      mock: (api) => {
        api.intercept({ path: ltPath(), method: 'GET', headers: { authorization: 'Bearer access-old-1' } }).reply(401, { message: 'token revoked' }, JSON_HEADERS);
        api.intercept({ path: RENEW, method: 'GET', headers: { authorization: 'Bearer refresh-old-1' } })
          .reply(200, { access_token: 'access-new-2', refresh_token: 'refresh-new-2', expires_in: 600 }, JSON_HEADERS);
        api.intercept({ path: ltPath(), method: 'GET', headers: { authorization: 'Bearer access-new-2' } }).reply(200, EMPTY_PAGE, JSON_HEADERS);
      },
      code: 0,
      stdout: '[]\n',
      stderr: '',
      requests: [`GET ${ltPath()}`, `GET ${RENEW}`, `GET ${ltPath()}`],
    }, dir);
    expect(stored(dir)).toMatchObject({ token: 'access-new-2', refreshToken: 'refresh-new-2' });
  });

  it('a refused renewal is exit 4 "log in again", and the stored tokens are dropped, not kept as valid', async () => {
    const dir = await loggedIn(session({ expiresAt: NOW - 1000 }));
    await run({
      name: '',
      args: ['license-type', 'list'],
      mock: (api) => api.intercept({ path: RENEW, method: 'GET' }).reply(401, { error: 'invalid_token', message: 'the refresh token has expired' }, JSON_HEADERS),
      code: 4,
      stdout: '',
      stderr: 'licensectl: cannot renew the token of profile "lab": the Fusion session ended: the refresh token was refused (401: the refresh token has expired); run `licensectl auth login` again\n',
      requests: [`GET ${RENEW}`],
    }, dir);
    expect(stored(dir)).toEqual({ method: 'fusion_login', username: 'admin' });
    await check({ name: '', args: ['auth', 'status'], env: NO_ENV, configDir: dir, now, code: 4, stdout: '', stderr: 'licensectl: not logged in to profile "lab": run `licensectl auth login`, or set LICENSECTL_TOKEN\n' });
  });
});

describe('auth logout', () => {
  it('ends the session on the server (GET logout with the access token), then forgets it', async () => {
    const dir = await loggedIn(session());
    await run({
      name: '',
      args: ['auth', 'logout'],
      mock: (api) => api.intercept({ path: LOGOUT, method: 'GET', headers: { authorization: 'Bearer access-old-1' } }).reply(200, { message: 'logged out' }, JSON_HEADERS),
      code: 0,
      stdout: '',
      stderr: '✓ Logged out of profile "lab": the server ended its session, and its token and secrets are forgotten\n',
      requests: [`GET ${LOGOUT}`],
    }, dir);
    expect(stored(dir)).toBeUndefined();
  });

  it('a server that fails the logout gets a warning; the local login is forgotten all the same (exit 0)', async () => {
    const dir = await loggedIn(session());
    await run({
      name: '',
      args: ['--json', 'auth', 'logout'],
      env: { LICENSECTL_MAX_ATTEMPTS: '1' },
      mock: (api) => api.intercept({ path: LOGOUT, method: 'GET' }).reply(500, { message: 'database away' }, JSON_HEADERS),
      code: 0,
      stdout: JSON.stringify({ profile: 'lab', loggedOut: true, sessionEnded: false }, null, 2) + '\n',
      // --json: the warning as a JSON line (stderr carries JSON only).
      stderr: /^\{"warning":"could not end the session on the server \(.*500.*database away\); its tokens stay valid until they expire"\}\n$/,
    }, dir);
    expect(stored(dir)).toBeUndefined();
  });

  it('sends nothing for a machine token, which a logout does not end', async () => {
    const dir = await loggedIn({ method: 'fusion_login', username: 'robot', token: 'm2m-token-77', machine: true });
    await run({
      name: '',
      args: ['auth', 'logout'],
      code: 0,
      stdout: '',
      stderr: '✓ Logged out of profile "lab": its token and secrets are forgotten\nA machine-to-machine token does not expire: it stays valid on the server after this logout.\n',
      requests: [],
    }, dir);
  });
});
