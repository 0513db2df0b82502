// `licensectl sandbox` as a user runs it: the built binary, a real port, plain HTTP calls.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli, tempConfigDir } from '../helpers/cli.js';

interface Running { child: ChildProcess; url: string; stdout: () => string; stderr: () => string; exited: Promise<number | null> }
const running: Running[] = [];

function startCli(args: string[], env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${out} ${err}`)), 60_000);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        const r = { child, url: m[1]!, stdout: () => out, stderr: () => err, exited };
        running.push(r);
        resolve(r);
      }
    });
    child.on('error', reject);
  });
}

afterEach(() => {
  for (const r of running.splice(0)) r.child.kill('SIGKILL');
});

const ACCOUNT = 'a1c3e5f7-0b2d-4f6a-8c1e-3d5f7a9b1c2e';
const UIPATH_GROUP = 'c3e5a7b9-2d4f-4b6c-8e0a-3f5b7d9f1a24';
const FUSION = '/api/v01/draas/draas1/groups/e5a7c9db-4f6b-4d8e-8a2c-5b7d9f1b3c46/license_types';

describe('licensectl sandbox', () => {
  it('prints its URL, serves both APIs, and stops cleanly on SIGINT', async () => {
    const sb = await startCli([], { LICENSECTL_CONFIG_DIR: tempConfigDir() });
    expect(sb.stdout()).toBe(`licensectl sandbox listening on ${sb.url}\n`);

    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: 'licensectl-demo', client_secret: 'demo-secret' });
    const tokenRes = await fetch(`${sb.url}/identity_/connect/token`, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(tokenRes.status).toBe(200);
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    const put = await fetch(`${sb.url}/acme/lease_/api/account/${ACCOUNT}/user-license/group/${UIPATH_GROUP}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userBundleCodes: ['IDU'], useExternalLicense: false }),
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ groupId: UIPATH_GROUP, userBundleCodes: ['IDU'] });

    const login = await fetch(`${sb.url}/api/v01/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin' }) });
    const { access_token: fusionToken } = (await login.json()) as { access_token: string };
    const list = await fetch(`${sb.url}${FUSION}?page_size=2`, { headers: { authorization: `Bearer ${fusionToken}` } });
    expect(list.status).toBe(200);
    expect(await list.json()).toMatchObject({ page: 1, pages: 3, results: 5 });

    sb.child.kill('SIGINT');
    expect(await sb.exited).toBe(0);
    expect(sb.stderr()).toMatch(/sandbox stopped/);
  });

  it('prints an emailed 2FA code on its terminal, the one that completes the login', async () => {
    const sb = await startCli(['--refresh-ttl', '100'], { LICENSECTL_CONFIG_DIR: tempConfigDir() });
    const post = (p: string, body: unknown) =>
      fetch(`${sb.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const challenge = (await (await post('/api/v01/auth/login', { username: 'twofactor', password: 'twofactor' })).json()) as Record<string, string>;
    expect(challenge.option).toBe('email');
    const deadline = Date.now() + 60_000;
    while (!/2FA code for twofactor: \d{6}\n/.test(sb.stderr()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const code = /2FA code for twofactor: (\d{6})\n/.exec(sb.stderr())![1];
    const done = await post('/api/v01/auth/2fa', { '2fa_payload': challenge['2fa_payload'], code, trust: false });
    expect(done.status).toBe(200);
    const { refresh_token: refresh } = (await done.json()) as { refresh_token: string };
    // --refresh-ttl reached the server: the refresh token's exp is 100 s after its iat.
    const claims = JSON.parse(Buffer.from(refresh.split('.')[1]!, 'base64url').toString('utf8')) as { iat: number; exp: number };
    expect(claims.exp - claims.iat).toBe(100);
  });

  it('--profile writes a ready profile that licensectl can use at once', async () => {
    const dir = tempConfigDir();
    const sb = await startCli(['--profile', 'sb'], { LICENSECTL_CONFIG_DIR: dir });
    const file = path.join(dir, 'config.json');
    const store = JSON.parse(fs.readFileSync(file, 'utf8')) as { current: string; profiles: Record<string, { baseUrl: string; auth: { token: string } }> };
    expect(store.current).toBe('sb');
    expect(store.profiles.sb!.baseUrl).toBe(`${sb.url}/acme`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // The token is stored, never printed.
    expect(sb.stdout() + sb.stderr()).not.toContain(store.profiles.sb!.auth.token);
    const res = await fetch(`${sb.url}${FUSION}/1`, { headers: { authorization: `Bearer ${store.profiles.sb!.auth.token}` } });
    expect(res.status).toBe(200);
    sb.child.kill('SIGTERM');
    expect(await sb.exited).toBe(0);
  });

  it('--token-ttl applies to the token --profile writes: it expires, and auth status says when', async () => {
    const dir = tempConfigDir();
    const sb = await startCli(['--profile', 'sb', '--token-ttl', '2'], { LICENSECTL_CONFIG_DIR: dir });
    const store = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as { profiles: Record<string, { auth: { token: string; expiresAt?: number; obtainedAt?: number } }> };
    const auth = store.profiles.sb!.auth;
    expect(auth.expiresAt! - auth.obtainedAt!).toBe(2000);
    // Waiting past the stored expiry (a lower bound only: a slow machine just waits longer).
    while (Date.now() < auth.expiresAt! + 500) await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`${sb.url}${FUSION}/1`, { headers: { authorization: `Bearer ${auth.token}` } });
    expect(res.status).toBe(401);
  });

  it('without --token-ttl, the token --profile writes does not expire', async () => {
    const dir = tempConfigDir();
    await startCli(['--profile', 'sb'], { LICENSECTL_CONFIG_DIR: dir });
    const store = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as { profiles: Record<string, { auth: Record<string, unknown> }> };
    expect(store.profiles.sb!.auth.expiresAt).toBeUndefined();
  });

  it('--profile replaces a profile the sandbox wrote (marked, or holding its admin token), never a real one', async () => {
    const dir = tempConfigDir();
    const file = path.join(dir, 'config.json');
    const first = await startCli(['--profile', 'sb'], { LICENSECTL_CONFIG_DIR: dir });
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as { profiles: Record<string, Record<string, unknown>> };
    expect(written.profiles.sb).toMatchObject({ sandbox: true });
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    // A store written before the mark existed: the sandbox's own admin token still tells.
    delete written.profiles.sb!.sandbox;
    fs.writeFileSync(file, JSON.stringify(written), { mode: 0o600 });
    const second = await startCli(['--profile', 'sb'], { LICENSECTL_CONFIG_DIR: dir });
    const rewritten = JSON.parse(fs.readFileSync(file, 'utf8')) as { profiles: Record<string, { baseUrl: string; sandbox?: boolean }> };
    expect(rewritten.profiles.sb).toMatchObject({ baseUrl: `${second.url}/acme`, sandbox: true });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('--host 0.0.0.0 --allow-remote warns, and writes a profile the client uses over loopback', async () => {
    const dir = tempConfigDir();
    const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', '--host', '0.0.0.0', '--allow-remote', '--profile', 'sb'], { env: cleanEnv({ LICENSECTL_CONFIG_DIR: dir }), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000; // a loaded machine can take many seconds to start a process
      while (!/Press Ctrl-C/.test(err) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(err).toMatch(/^! the sandbox listens on 0\.0\.0\.0: anyone who can reach this machine can use it/m);
      const listed = await runCli(['--profile', 'sb', 'license-type', 'list'], { env: { LICENSECTL_CONFIG_DIR: dir } });
      expect(listed.stderr).toBe('');
      expect(listed.code).toBe(0);
      const store = JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as { profiles: Record<string, { baseUrl: string }> };
      expect(store.profiles.sb!.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/acme$/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toMatch(/listening on http:\/\/0\.0\.0\.0:\d+/);
  });

  it('--data keeps state across restarts', async () => {
    const dir = tempConfigDir();
    const data = path.join(dir, 'state.json');
    const first = await startCli(['--data', data, '--profile', 'sb'], { LICENSECTL_CONFIG_DIR: dir });
    const token = (JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')) as { profiles: Record<string, { auth: { token: string } }> }).profiles.sb!.auth.token;
    const created = await fetch(`${first.url}${FUSION}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Kept', sku: 'KEPT', description: '' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);

    const second = await startCli(['--data', data], { LICENSECTL_CONFIG_DIR: dir });
    const res = await fetch(`${second.url}${FUSION}/${id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id, sku: 'KEPT' });
  });

  it('refuses a corrupt data file and a port in use with one line and exit codes', async () => {
    const dir = tempConfigDir();
    const data = path.join(dir, 'state.json');
    fs.writeFileSync(data, '{"oops"');
    const corrupt = await runCli(['sandbox', '--port', '0', '--data', data], { env: { LICENSECTL_CONFIG_DIR: dir } });
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toMatch(/^licensectl: .*state\.json.*corrupt/);
    expect(corrupt.stderr.trim().split('\n')).toHaveLength(1);

    const sb = await startCli([], { LICENSECTL_CONFIG_DIR: dir });
    const port = new URL(sb.url).port;
    const busy = await runCli(['sandbox', '--port', port], { env: { LICENSECTL_CONFIG_DIR: dir } });
    expect(busy.code).toBe(2);
    expect(busy.stderr).toMatch(/port \d+ .* is in use/);
  });
});
