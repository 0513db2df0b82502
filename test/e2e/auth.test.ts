import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreData } from '../../src/config/profile.js';
import { SANDBOX_DEFAULTS as D, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runInProcess, tempConfigDir, type InProcessOptions, type InProcessResult } from '../helpers/inprocess.js';

// Tokens the sandbox issues live 2 s, so renewal is exercised. Time is not waited for: the sandbox
// and licensectl (run in-process) share one frozen clock that a test moves on with `advance`, so a
// busy machine cannot make a token expire early or a message say "1 s" instead of "2 s".
const TTL_SECONDS = 2;
let sb: Sandbox;
let clockMs = Date.UTC(2026, 0, 1);
const now = (): number => clockMs;
/** Lets `ms` pass for the sandbox and for licensectl at once. */
function advance(ms: number): void {
  clockMs += ms;
}

beforeAll(async () => {
  sb = await startSandbox({ port: 0, tokenTtlSeconds: TTL_SECONDS, now });
});
afterAll(() => sb.close());

const BOTH = () => ['--account', D.accountId, '--instance', D.instance, '--group', D.group];

/** A fresh config folder holding one current profile `p` pointing at the sandbox. */
async function setup(profileFlags: string[] = BOTH()): Promise<{ dir: string; cli: (args: string[], opts?: InProcessOptions) => Promise<InProcessResult> }> {
  const dir = tempConfigDir();
  const cli = (args: string[], opts: InProcessOptions = {}) => runInProcess(args, { now, ...opts, env: { LICENSECTL_CONFIG_DIR: dir, ...opts.env } });
  const made = await cli(['profile', 'set', 'p', '--base-url', `${sb.url}/${D.org}`, ...profileFlags, '--use']);
  expect(made.code).toBe(0);
  return { dir, cli };
}

function stored(dir: string): StoreData {
  return JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as StoreData;
}

/** A request straight to the sandbox with that token: is it accepted? */
async function works(token: string): Promise<number> {
  const res = await fetch(`${sb.url}/${D.org}/lease_/api/account/${D.accountId}/user-license/group/${D.uipathGroups[0]}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return res.status;
}

function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('auth login --with-token', () => {
  it('checks the token against the Fusion group, stores it 0600 and reports it verified', async () => {
    const { dir, cli } = await setup();
    const token = sb.issueToken({ ttlSeconds: 600 });
    const before = sb.requests.length;
    const r = await cli(['auth', 'login', '--with-token'], { input: `${token}\n` });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^✓ Token stored in profile "p" and verified, token expires in 10 min\n$/);
    const checks = sb.requests.slice(before);
    expect(checks.map((q) => [q.method, q.path, q.query, q.status])).toEqual([
      ['GET', `/${D.org}/api/v01/draas/${D.instance}/groups/${D.group}/license_types`, 'page_size=1', 200],
    ]);
    expect(stored(dir).profiles.p!.auth).toMatchObject({ method: 'token', token });
    expect(fs.statSync(path.join(dir, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('does not store a token the server refuses (exit 4)', async () => {
    const { dir, cli } = await setup();
    const r = await cli(['auth', 'login'], { input: 'not-a-real-token' });
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)).toMatch(/^licensectl: the server refused this token \(401: .*\); it was not stored$/);
    expect(stored(dir).profiles.p!.auth).toBeUndefined();
  });

  it('stores a UiPath token unverified: there is no cheap call to check it with', async () => {
    const { dir, cli } = await setup(['--account', D.accountId]);
    const before = sb.requests.length;
    const r = await cli(['--json', 'auth', 'login', '--with-token'], { input: 'opaque-uipath-token' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ profile: 'p', method: 'token', verified: false, expiresAt: null });
    expect(sb.requests.length).toBe(before);
    expect(stored(dir).profiles.p!.auth).toEqual({ method: 'token', token: 'opaque-uipath-token', origin: sb.url });
  });

  it('refuses an empty stdin before sending anything (exit 2)', async () => {
    const { dir, cli } = await setup();
    const before = sb.requests.length;
    for (const input of [undefined, '', '  \n\n']) {
      const r = await cli(['auth', 'login', '--with-token'], { input });
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toMatch(/^licensectl: --with-token: no token on stdin/);
    }
    expect(sb.requests.length).toBe(before);
    expect(stored(dir).profiles.p!.auth).toBeUndefined();
  });

  it('needs a profile to store the login in', async () => {
    const r = await runInProcess(['auth', 'login'], { now, input: 'x-token', env: { LICENSECTL_CONFIG_DIR: tempConfigDir(), LICENSECTL_BASE_URL: sb.url } });
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toMatch(/a login is stored in a profile: create one with `licensectl profile set/);
  });
});

describe('auth login --client-id (client credentials)', () => {
  it('logs in, renews the token by itself once it expires, and saves the new one', async () => {
    const { dir, cli } = await setup();
    const login = await cli(['auth', 'login', '--client-id', D.clientId, '--client-secret-stdin'], { input: `${D.clientSecret}\n` });
    expect(login.code).toBe(0);
    expect(login.stderr).toMatch(/^✓ Logged in to profile "p" as client "licensectl-demo" with client credentials, token expires in 2 s\n$/);
    const first = stored(dir).profiles.p!.auth!;
    expect(first).toMatchObject({
      method: 'client_credentials', clientId: D.clientId, clientSecret: D.clientSecret, tokenUrl: `${sb.url}/identity_/connect/token`,
    });
    // No scope asked for: the identity server grants what the application was given.
    expect(first.scope).toBeUndefined();
    expect(first.expiresAt! - first.obtainedAt!).toBe(TTL_SECONDS * 1000);

    const status = await cli(['auth', 'status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      profile: 'p', baseUrl: `${sb.url}/${D.org}`, source: 'store', method: 'client_credentials', clientId: D.clientId,
      username: null, expired: false, renewable: true,
    });

    advance(TTL_SECONDS * 1000 + 200);
    expect(await works(first.token!)).toBe(401);
    const allocate = await cli(['--json', 'group', 'allocate', D.uipathGroups[1]!, '--codes', 'IDU', '--account', D.accountId]);
    expect(allocate.stderr).toBe('');
    expect(allocate.code).toBe(0);
    const second = stored(dir).profiles.p!.auth!;
    expect(second.token).not.toBe(first.token);
    expect(second.clientSecret).toBe(D.clientSecret);

    advance(TTL_SECONDS * 1000 + 200);
    const token = await cli(['auth', 'token']);
    expect(token.code).toBe(0);
    const printed = token.stdout.trim();
    expect(printed).not.toBe(second.token);
    expect(stored(dir).profiles.p!.auth!.token).toBe(printed);
    expect(await works(printed)).toBe(200);
  });

  it('gets a new token when the server refuses one that has not expired yet (401), once', async () => {
    const { dir, cli } = await setup();
    expect((await cli(['auth', 'login', '--client-id', D.clientId, '--client-secret-stdin'], { input: D.clientSecret })).code).toBe(0);
    const data = stored(dir);
    data.profiles.p!.auth = { ...data.profiles.p!.auth!, token: 'revoked-token', obtainedAt: now(), expiresAt: now() + 3_600_000 };
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(data));
    const before = sb.requests.length;
    const r = await cli(['group', 'allocate', D.uipathGroups[2]!, '--codes', 'ATTUNU', '--account', D.accountId]);
    expect(r.code).toBe(0);
    expect(sb.requests.slice(before).map((q) => [q.method, q.path.replace(/\/lease_.*/, '/lease_/...'), q.status])).toEqual([
      ['GET', `/${D.org}/lease_/...`, 401],
      ['POST', '/identity_/connect/token', 200],
      ['GET', `/${D.org}/lease_/...`, 200],
      ['PUT', `/${D.org}/lease_/...`, 200],
    ]);
    const renewed = stored(dir).profiles.p!.auth!.token!;
    expect(renewed).not.toBe('revoked-token');
    expect(await works(renewed)).toBe(200);
  });

  it('refuses a wrong client secret with exit 4 and stores nothing', async () => {
    const { dir, cli } = await setup();
    const r = await cli(['auth', 'login', '--client-id', D.clientId, '--client-secret-stdin'], { input: 'wrong-secret' });
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)).toBe(
      'licensectl: the client credentials of "licensectl-demo" were refused by 127.0.0.1:' + sb.port + ' (401): unknown client or wrong client secret',
    );
    expect(stored(dir).profiles.p!.auth).toBeUndefined();
  });
});

describe('auth login --username --password-stdin', () => {
  it('uses the UiPath password grant with --client-id (secret on line 2) and renews with the refresh token', async () => {
    const { dir, cli } = await setup();
    const r = await cli(['auth', 'login', '--username', D.username, '--password-stdin', '--client-id', D.clientId, '--client-secret-stdin'], {
      input: `${D.password}\n${D.clientSecret}\n`,
    });
    expect(r.code).toBe(0);
    const first = stored(dir).profiles.p!.auth!;
    expect(first).toMatchObject({ method: 'password', username: D.username, clientId: D.clientId, clientSecret: D.clientSecret });
    expect(first.refreshToken).toMatch(/\S/);
    // The password itself is never stored (the sandbox's is the same as the user name, so look for the key).
    expect(Object.keys(first)).not.toContain('password');

    advance(TTL_SECONDS * 1000 + 200);
    const token = await cli(['auth', 'token']);
    expect(token.code).toBe(0);
    const second = stored(dir).profiles.p!.auth!;
    expect(second.token).toBe(token.stdout.trim());
    expect(second.token).not.toBe(first.token);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(await works(second.token!)).toBe(200);

    // Refresh tokens are single-use: concurrent renewals must share one (the store lock sees to it).
    advance(TTL_SECONDS * 1000 + 200);
    const racing = await Promise.all(Array.from({ length: 4 }, () => cli(['auth', 'token'])));
    expect(racing.map((x) => [x.code, x.stderr])).toEqual(racing.map(() => [0, '']));
    const third = stored(dir).profiles.p!.auth!;
    expect(new Set(racing.map((x) => x.stdout))).toEqual(new Set([`${third.token}\n`]));
    expect(third.token).not.toBe(second.token);
  });

  it('uses the Fusion login without --client-id; its token is renewed with the stored refresh token', async () => {
    const { dir, cli } = await setup();
    const r = await cli(['auth', 'login', '--username', 'admin', '--password-stdin'], { input: 'admin\n' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Logged in to profile "p" as "admin" with the Fusion login/);
    expect(stored(dir).profiles.p!.auth).toMatchObject({ method: 'fusion_login', username: 'admin' });
    const list = await cli(['license-type', 'list', '--json']);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as unknown[]).length).toBeGreaterThan(0);

    advance(TTL_SECONDS * 1000 + 200);
    const status = await cli(['auth', 'status', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ method: 'fusion_login', expired: true, renewable: true });
    const first = stored(dir).profiles.p!.auth!;
    const again = await cli(['license-type', 'list', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(stored(dir).profiles.p!.auth!.token).not.toBe(first.token);
  });

  it('says plainly that a second factor is needed and how to give it (exit 4)', async () => {
    const { dir, cli } = await setup();
    const r = await cli(['auth', 'login', '--username', 'twofactor', '--password-stdin'], { input: 'twofactor' });
    expect(r.code).toBe(4);
    expect(r.stderr).toBe(
      'licensectl: this account needs a second factor (a code just sent by email), and without a terminal there is no way to type it: run `licensectl auth login` in a terminal, or for CI log in as a user with a machine-to-machine token\n',
    );
    expect(stored(dir).profiles.p!.auth).toBeUndefined();
  });

  it('answers invalid credentials with exit 4', async () => {
    const { cli } = await setup();
    const r = await cli(['auth', 'login', '--username', 'admin', '--password-stdin'], { input: 'wrong' });
    expect(r.code).toBe(4);
    expect(oneLine(r.stderr)).toMatch(/^licensectl: invalid credentials/);
    const grant = await cli(['auth', 'login', '--username', 'admin', '--password-stdin', '--client-id', D.clientId, '--client-secret-stdin'], { input: 'wrong\ndemo-secret\n' });
    expect(grant.code).toBe(4);
    expect(oneLine(grant.stderr)).toMatch(/password login of "admin" was refused .*invalid username or password/);
  });
});

describe('auth status, token, logout', () => {
  it('exits 4 when not logged in, and names the environment as the token source', async () => {
    const { cli } = await setup();
    const none = await cli(['auth', 'status']);
    expect(none.code).toBe(4);
    expect(none.stderr).toBe('licensectl: not logged in to profile "p": run `licensectl auth login`, or set LICENSECTL_TOKEN\n');
    const token = await cli(['auth', 'token']);
    expect(token.code).toBe(4);
    expect(token.stdout).toBe('');

    const env = await cli(['auth', 'status', '--json'], { env: { LICENSECTL_TOKEN: 'ci-token' } });
    expect(env.code).toBe(0);
    expect(JSON.parse(env.stdout)).toEqual({
      profile: 'p', baseUrl: `${sb.url}/${D.org}`, source: 'env', method: 'token', clientId: null, username: null, scope: null,
      tokenUrl: null, expiresAt: null, expiresInSeconds: null, expired: false, renewable: false, machine: false,
    });
    const printed = await cli(['auth', 'token'], { env: { LICENSECTL_TOKEN: 'ci-token' } });
    expect(printed.stdout).toBe('ci-token\n');
  });

  it('works with LICENSECTL_TOKEN alone, no profile at all', async () => {
    const r = await runInProcess(['auth', 'status'], { now, env: { LICENSECTL_CONFIG_DIR: tempConfigDir(), LICENSECTL_TOKEN: 'ci-token' } });
    expect(r.code).toBe(0);
    // The fixed TSV columns of `auth status --help`: no profile, no base URL, source env.
    expect(r.stdout).toBe('\t\tenv\ttoken\t\t\t\t\t\t\tfalse\tfalse\tfalse\n');
    const none = await runInProcess(['auth', 'status'], { now, env: { LICENSECTL_CONFIG_DIR: tempConfigDir() } });
    expect(none.code).toBe(4);
    expect(none.stderr).toMatch(/^licensectl: not logged in: no profile is chosen/);
  });

  it('shows status as a table in a terminal', async () => {
    const { cli } = await setup();
    await cli(['auth', 'login', '--client-id', D.clientId, '--client-secret-stdin'], { input: D.clientSecret });
    const r = await cli(['auth', 'status'], { tty: true });
    expect(r.code).toBe(0);
    const text = r.stdout.replace(/\x1b\[[0-9;]*m/g, '');
    expect(text).toMatch(/^method +client_credentials\r?$/m);
    expect(text).toMatch(/^expires +\S+Z \(in 2 s\)\r?$/m);
    expect(text).toMatch(/^renewal +automatic\r?$/m);
    expect(text).not.toContain(D.clientSecret);
  });

  it('logout forgets the token and the client secret', async () => {
    const { dir, cli } = await setup();
    await cli(['auth', 'login', '--client-id', D.clientId, '--client-secret-stdin'], { input: D.clientSecret });
    const out = await cli(['auth', 'logout']);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('✓ Logged out of profile "p": its token and secrets are forgotten\n');
    expect(stored(dir).profiles.p).toEqual({ baseUrl: `${sb.url}/${D.org}`, account: D.accountId, instance: D.instance, group: D.group });
    expect(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).not.toContain(D.clientSecret);
    expect((await cli(['auth', 'status'])).code).toBe(4);
    const again = await cli(['--json', 'auth', 'logout']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ profile: 'p', loggedOut: false });
  });
});

describe('auth login on a terminal', () => {
  it('prompts for the token without echoing it', async () => {
    const { dir } = await setup(['--account', D.accountId]);
    const { spawn } = await import('node:child_process');
    const { BIN, cleanEnv } = await import('../helpers/cli.js');
    const child = spawn('script', ['-qefc', `${process.execPath} ${BIN} auth login`, '/dev/null'], {
      env: cleanEnv({ LICENSECTL_CONFIG_DIR: dir }),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let seen = '';
    let typed = false;
    const done = new Promise<number | null>((resolve) => child.on('close', resolve));
    // A spawn under `script` can take many seconds on a loaded machine: kill only a real hang.
    const killer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      seen += d;
      // Type only once the prompt is up, as a person would.
      if (seen.includes('Token: ') && !typed) {
        typed = true;
        child.stdin.write('typed-secret-token\r');
      }
    });
    const code = await done;
    clearTimeout(killer);
    expect(code).toBe(0);
    expect(seen).toMatch(/^Token: \r?\n/);
    expect(seen).not.toContain('typed-secret-token');
    expect(stored(dir).profiles.p!.auth).toEqual({ method: 'token', token: 'typed-secret-token', origin: sb.url });
  });
});
