// The Fusion login end to end, the built CLI against the sandbox over loopback: the second factor
// by --otp (TOTP) and typed at prompts in a pseudo-terminal (email), renewal once the sandbox's
// clock has moved past the token's life (no sleeping), the machine token, logout revoking the
// session, and UiPath's refusal of a scope the client was not granted.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreData, StoredAuth } from '../../src/config/profile.js';
import { totp } from '../../src/sandbox/fusion-auth.js';
import { SANDBOX_M2M_TOKEN, SANDBOX_TOTP_SECRET } from '../../src/sandbox/identities.js';
import { SANDBOX_DEFAULTS as D, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { BIN, cleanEnv, runCli, tempConfigDir, type RunOptions } from '../helpers/cli.js';

const TOKEN_TTL = 60;
const REFRESH_TTL = 600;
let sb: Sandbox;
/** The sandbox's clock runs `skew` ms ahead of the wall clock: tests move it instead of sleeping. */
let skew = 0;
const sandboxNow = () => Date.now() + skew;
const emailed: string[] = [];

beforeAll(async () => {
  sb = await startSandbox({
    port: 0, tokenTtlSeconds: TOKEN_TTL, refreshTtlSeconds: REFRESH_TTL, now: sandboxNow,
    onTwoFactorCode: (_user, code) => emailed.push(code),
  });
});
afterAll(() => sb.close());

const TIMEOUT = 60_000;

async function setup(): Promise<{ dir: string; cli: (args: string[], opts?: RunOptions) => ReturnType<typeof runCli> }> {
  const dir = tempConfigDir();
  const cli = (args: string[], opts: RunOptions = {}) => runCli(args, { timeoutMs: 45_000, ...opts, env: { LICENSECTL_CONFIG_DIR: dir, ...opts.env } });
  const made = await cli(['profile', 'set', 'p', '--base-url', `${sb.url}/${D.org}`, '--instance', D.instance, '--group', D.group, '--use']);
  expect(made.code, made.stderr).toBe(0);
  return { dir, cli };
}

function auth(dir: string): StoredAuth | undefined {
  return (JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as StoreData).profiles.p!.auth;
}

/** The status of a license-type list with this token, straight to the sandbox. */
async function works(token: string): Promise<number> {
  const res = await fetch(`${sb.url}/${D.org}/api/v01/draas/${D.instance}/groups/${D.group}/license_types`, { headers: { authorization: `Bearer ${token}` } });
  return res.status;
}

/** Runs the CLI in a pseudo-terminal, typing each answer once its prompt shows, as a person would. */
function inTerminal(dir: string, args: string[], answers: [prompt: string, answer: () => string][]): Promise<{ code: number | null; seen: string }> {
  const child = spawn('script', ['-qefc', [process.execPath, BIN, ...args].map((a) => `'${a}'`).join(' '), '/dev/null'], {
    env: cleanEnv({ LICENSECTL_CONFIG_DIR: dir }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let seen = '';
  let next = 0;
  let from = 0;
  const killer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    seen += d;
    for (let at: number; next < answers.length && (at = seen.indexOf(answers[next]![0], from)) >= 0; next++) {
      from = at + answers[next]![0].length;
      child.stdin.write(`${answers[next]![1]()}\r`);
    }
  });
  return new Promise((resolve) => child.on('close', (code) => { clearTimeout(killer); resolve({ code, seen }); }));
}

describe('Fusion second factor', () => {
  it('--otp with the current TOTP code logs in; the refresh token is stored 0600, never printed', async () => {
    const { dir, cli } = await setup();
    const code = totp(SANDBOX_TOTP_SECRET, sandboxNow());
    const r = await cli(['--verbose', 'auth', 'login', '--username', 'totp', '--password-stdin', '--otp', code], { input: 'totp\n' });
    expect(r.code, r.stderr).toBe(0);
    // (The sandbox's password is "totp" too, so the option's name is scrubbed as a secret.)
    expect(r.stderr).toMatch(/2FA: sending the \S+ code \*{6}\n/);
    expect(r.stderr).not.toContain(code);
    const stored = auth(dir)!;
    expect(stored).toMatchObject({ method: 'fusion_login', username: 'totp' });
    expect(stored.refreshToken).toMatch(/\S/);
    for (const secret of [stored.token!, stored.refreshToken!]) expect(r.stdout + r.stderr).not.toContain(secret);
    expect(fs.statSync(path.join(dir, 'config.json')).mode & 0o777).toBe(0o600);
    expect(await works(stored.token!)).toBe(200);
  }, TIMEOUT);

  it('a wrong code is exit 4 with one line, and nothing is stored', async () => {
    const { dir, cli } = await setup();
    const r = await cli(['auth', 'login', '--username', 'totp', '--password-stdin', '--otp', '000000'], { input: 'totp' });
    expect(r.code).toBe(4);
    expect(r.stderr).toBe('licensectl: the 2FA code was refused (401) (wrong 2FA code): check it and run `licensectl auth login` again\n');
    expect(auth(dir)).toBeUndefined();
  }, TIMEOUT);

  it('without a terminal and without --otp: exit 4 saying how to pass it', async () => {
    const { cli } = await setup();
    const r = await cli(['auth', 'login', '--username', 'totp', '--password-stdin'], { input: 'totp' });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^licensectl: this account needs a second factor \(.*TOTP\)\): pass it with --otp <code>, or run `licensectl auth login` in a terminal to be asked for it\n$/);
  }, TIMEOUT);

  it('in a terminal: asks for the password, then for the emailed code, neither echoed', async () => {
    const { dir } = await setup();
    const before = emailed.length;
    const { code, seen } = await inTerminal(dir, ['auth', 'login', '--username', 'twofactor'], [
      ['Password: ', () => 'twofactor'],
      ['2FA code: ', () => emailed[before]!],
    ]);
    expect(code, seen).toBe(0);
    expect(seen).toContain('This account needs a second factor: a code just sent by email.');
    expect(seen.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/✓ Logged in to profile "p" as "twofactor" with the Fusion login/);
    expect(seen).not.toContain(emailed[before]!);
    expect(auth(dir)).toMatchObject({ method: 'fusion_login', username: 'twofactor' });
    expect(await works(auth(dir)!.token!)).toBe(200);
  }, TIMEOUT);
});

describe('Fusion renewal', () => {
  it('renews after the token expired, takes a new refresh token near its end, and asks for a new login once it is gone', async () => {
    const { dir, cli } = await setup();
    expect((await cli(['auth', 'login', '--username', 'admin', '--password-stdin'], { input: 'admin' })).code).toBe(0);
    const first = auth(dir)!;

    // The sandbox's clock moves past the access token's life: a 401, one renewal, the same request again.
    skew += (TOKEN_TTL + 5) * 1000;
    const list = await cli(['license-type', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const second = auth(dir)!;
    expect(second.token).not.toBe(first.token);
    expect(second.refreshToken).toBe(first.refreshToken);
    expect(await works(second.token!)).toBe(200);

    // Near the refresh token's end the renewal brings a new one; here licensectl's own clock says the token expired.
    skew += (REFRESH_TTL - TOKEN_TTL - 60) * 1000;
    const file = path.join(dir, 'config.json');
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as StoreData;
    data.profiles.p!.auth = { ...second, expiresAt: Date.now() - 1000 };
    fs.writeFileSync(file, JSON.stringify(data));
    const before = sb.requests.length;
    const token = await cli(['auth', 'token']);
    expect(token.code, token.stderr).toBe(0);
    expect(sb.requests.slice(before).map((q) => [q.method, q.path, q.status])).toEqual([['GET', `/${D.org}/api/v01/auth/access_token`, 200]]);
    const third = auth(dir)!;
    expect(token.stdout).toBe(`${third.token}\n`);
    expect(third.refreshToken).not.toBe(first.refreshToken);

    // Past every token's life: the renewal is refused, exit 4, and the store no longer holds them.
    skew += REFRESH_TTL * 2 * 1000;
    const late = await cli(['license-type', 'list']);
    expect(late.code).toBe(4);
    expect(late.stderr).toMatch(/^licensectl: cannot renew the token of profile "p": .*run `licensectl auth login` again\n$/);
    // The tokens are gone; the login keeps only who it was and the origin it is bound to.
    expect(auth(dir)).toEqual({ method: 'fusion_login', username: 'admin', origin: new URL(sb.url).origin });
    expect((await cli(['auth', 'status'])).code).toBe(4);
  }, TIMEOUT);
});

describe('machine-to-machine token', () => {
  it('is stored and used as the access token, does not expire, and status says so', async () => {
    const { dir, cli } = await setup();
    const r = await cli(['auth', 'login', '--username', 'robot', '--password-stdin'], { input: 'robot' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/machine-to-machine token .*\n.*right choice for CI/);
    expect(r.stderr).not.toContain(SANDBOX_M2M_TOKEN);
    expect(auth(dir)).toMatchObject({ token: SANDBOX_M2M_TOKEN, machine: true });
    skew += 24 * 3600_000;
    const list = await cli(['license-type', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const status = await cli(['--json', 'auth', 'status']);
    expect(JSON.parse(status.stdout)).toMatchObject({ machine: true, expired: false, expiresAt: null });
  }, TIMEOUT);
});

describe('auth logout', () => {
  it('revokes the session on the server: neither its access token nor its refresh token works after', async () => {
    const { dir, cli } = await setup();
    expect((await cli(['auth', 'login', '--username', 'admin', '--password-stdin'], { input: 'admin' })).code).toBe(0);
    const { token, refreshToken } = auth(dir)!;
    expect(await works(token!)).toBe(200);
    const out = await cli(['auth', 'logout']);
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('✓ Logged out of profile "p": the server ended its session, and its token and secrets are forgotten\n');
    expect(auth(dir)).toBeUndefined();
    expect(await works(token!)).toBe(401);
    const renew = await fetch(`${sb.url}/${D.org}/api/v01/auth/access_token`, { headers: { authorization: `Bearer ${refreshToken}` } });
    expect(renew.status).toBe(401);
  }, TIMEOUT);
});

describe('UiPath scopes', () => {
  it('a client granted only PM.License.Write logs in without --scope, and is refused one it was not granted, by name', async () => {
    const { cli } = await setup();
    const ok = await cli(['auth', 'login', '--client-id', 'licensectl-writeonly', '--client-secret-stdin'], { input: 'writeonly-secret' });
    expect(ok.code, ok.stderr).toBe(0);
    const refused = await cli(['auth', 'login', '--client-id', 'licensectl-writeonly', '--client-secret-stdin', '--scope', 'PM.License.Write PM.License.Read'], { input: 'writeonly-secret' });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toMatch(/^licensectl: .*\(400\): .*; it was not granted the scope "PM\.License\.Write PM\.License\.Read": grant it in UiPath: Admin > External Applications.*\n$/);
    expect(refused.stderr).not.toContain('writeonly-secret');
  }, TIMEOUT);
});

describe('Fusion groups by name', () => {
  it('fusion-group list shows the seeded groups, and license-type takes a group name', async () => {
    const { cli } = await setup();
    expect((await cli(['auth', 'login', '--username', 'admin', '--password-stdin'], { input: 'admin' })).code).toBe(0);
    const groups = await cli(['--json', 'fusion-group', 'list', '--all']);
    expect(groups.code, groups.stderr).toBe(0);
    expect(JSON.parse(groups.stdout)).toContainEqual({ uuid: D.group, name: 'Acme HQ' });
    const byName = await cli(['--json', 'license-type', 'list', '--group', 'acme hq']);
    expect(byName.code, byName.stderr).toBe(0);
    expect((JSON.parse(byName.stdout) as unknown[]).length).toBeGreaterThan(0);
    const none = await cli(['license-type', 'list', '--group', 'Acme HX']);
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(/^licensectl: no group named "Acme HX" in DRaaS instance draas1; nearest: .*Acme HQ/);
  }, TIMEOUT);
});
