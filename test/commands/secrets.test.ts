// Canary secrets: a token, a client secret and a password that must never show up in anything
// licensectl prints (stdout, stderr, --verbose logs, --json errors, bulk reports), whatever the
// command and however it ends. Every command runs against the sandbox (success paths) and against a
// hostile server that echoes the Authorization header and the request body back in its errors.
// Only `auth token` may print the token, on purpose. The CLI runs in-process (none of this needs a
// process of its own), over real loopback HTTP.
import fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreData, StoredAuth } from '../../src/config/profile.js';
import { SANDBOX_M2M_TOKEN } from '../../src/sandbox/identities.js';
import { SANDBOX_DEFAULTS as D, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runInProcess, tempConfigDir, type InProcessResult } from '../helpers/inprocess.js';

const SECRET = 'canary-client-secret-5ab1e2d9';
const PASSWORD = 'canary-password-77c0ffee';
const ECHO_TOKEN = 'canary-token-9f8e7d6c5b4a';
const REFRESH = 'canary-refresh-3c2b1a0f9e8d';
const M2M = 'canary-m2m-5d4c3b2a1f0e';

let sb: Sandbox;
let echo: Server;
let echoUrl: string;
/** What the hostile server was sent: proof the canaries really went out and came back. */
const echoed: string[] = [];

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  echo = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const auth = req.headers.authorization ?? '';
      const said = `you sent Authorization: ${auth} (token ${auth.replace(/^Bearer /, '')}) and body ${body}`;
      echoed.push(said);
      // The token endpoint refuses; the API answers 500, or 401 when a stored login should be renewed.
      const status = req.url!.includes('/identity_/') || storedMode ? 401 : 500;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'echo', message: said }));
    });
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sb.close();
  await new Promise((resolve) => echo.close(resolve));
});
let storedMode = false;
const reports: string[] = [];

/** Every command but `auth token` and `sandbox` (a server that runs until stopped): success, failure and usage paths. */
function invocations(files: { csv: string; desired: string; report: string }): { args: string[]; input?: string }[] {
  const g = D.uipathGroups[0]!;
  return [
    { args: ['group', 'allocate', g, '--codes', 'IDU', '--account', D.accountId] },
    { args: ['group', 'allocate', g, '--codes', 'IDU', '--account', D.accountId, '--dry-run'] },
    { args: ['group', 'allocate', '--from-file', files.csv, '--report', files.report, '--concurrency', '2'] },
    { args: ['group', 'allocate', g, '--codes', 'NOPE', '--account', D.accountId] },
    { args: ['group', 'codes'] },
    { args: ['license-type', 'list'] },
    { args: ['license-type', 'list', '--all', '--page-size', '2'] },
    { args: ['license-type', 'get', '1'] },
    { args: ['license-type', 'get', '999999'] },
    { args: ['license-type', 'create', '--name', 'Canary seat', '--sku', `canary-${Math.random().toString(36).slice(2)}`] },
    { args: ['license-type', 'update', '1', '--description', 'checked'] },
    { args: ['license-type', 'delete', '999998', '--yes'] },
    { args: ['license-type', 'apply', '--file', files.desired, '--dry-run'] },
    { args: ['license-type', 'get', 'not-a-number'] },
    { args: ['auth', 'status'] },
    { args: ['auth', 'login', '--with-token'], input: `${ECHO_TOKEN}\n` },
    { args: ['auth', 'login', '--client-id', D.clientId, '--client-secret-stdin'], input: `${SECRET}\n` },
    { args: ['auth', 'login', '--username', 'admin', '--password-stdin'], input: `${PASSWORD}\n` },
    { args: ['auth', 'login', '--username', 'admin', '--password-stdin', '--client-id', D.clientId, '--client-secret-stdin'], input: `${PASSWORD}\n${SECRET}\n` },
    { args: ['auth', 'login', '--username', 'admin', '--password-stdin', '--otp', '123456'], input: `${PASSWORD}\n` },
    { args: ['auth', 'logout'] },
    { args: ['fusion-group', 'list', '--all'] },
    { args: ['license-type', 'list', '--group', 'Acme HQ'] },
    { args: ['profile', 'list'] },
    { args: ['profile', 'show'] },
    { args: ['profile', 'set', 'other', '--base-url', 'https://example.com'] },
    { args: ['profile', 'use', 'p'] },
    { args: ['profile', 'remove', 'p'] },
    { args: ['completion', 'bash'] },
    { args: ['--bogus-flag'] },
  ];
}

const VARIANTS = [[], ['--verbose'], ['--json', '--verbose']];

/** A config folder with profile `p` (current), optionally holding a stored login. */
function configWith(baseUrl: string, auth?: StoredAuth): string {
  const dir = tempConfigDir();
  const data: StoreData = {
    version: 1,
    current: 'p',
    profiles: { p: { baseUrl, account: D.accountId, instance: D.instance, group: D.group, ...(auth && { auth }) } },
  };
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(data), { mode: 0o600 });
  return dir;
}

function files(): { csv: string; desired: string; report: string } {
  const dir = tempConfigDir();
  const csv = path.join(dir, 'groups.csv');
  fs.writeFileSync(csv, `groupId,codes\n${D.uipathGroups[1]},IDU\n${D.uipathGroups[2]},ATTUNU\n`);
  const desired = path.join(dir, 'desired.json');
  fs.writeFileSync(desired, JSON.stringify([{ sku: 'MCOEV', name: 'Teams Phone Standard' }]));
  const report = path.join(dir, 'report.jsonl');
  reports.push(report);
  return { csv, desired, report };
}

/** Runs every invocation in every variant, two at a time (the machine has 2 cores). */
async function runAll(target: () => { env: Record<string, string> }, canaries: string[]): Promise<InProcessResult[]> {
  const jobs: (() => Promise<void>)[] = [];
  const results: InProcessResult[] = [];
  for (const variant of VARIANTS) {
    for (const inv of invocations(files())) {
      jobs.push(async () => {
        const { env } = target();
        // A crash would reject here (in a process of its own it was a death by signal).
        const r = await runInProcess([...variant, ...inv.args], { env: { LICENSECTL_MAX_ATTEMPTS: '1', ...env }, input: inv.input });
        const where = `${[...variant, ...inv.args].join(' ')} → ${r.code}`;
        for (const canary of canaries) {
          expect(r.stdout, `stdout of ${where}`).not.toContain(canary);
          expect(r.stderr, `stderr of ${where}`).not.toContain(canary);
        }
        expect(Number.isInteger(r.code), where).toBe(true);
        results.push(r);
      });
    }
  }
  const queue = [...jobs];
  await Promise.all([0, 1].map(async () => { while (queue.length) await queue.shift()!(); }));
  return results;
}

/** Bulk reports are output too. */
function scanReports(canaries: string[]): void {
  let scanned = 0;
  for (const report of reports.splice(0)) {
    if (!fs.existsSync(report)) continue;
    scanned++;
    const text = fs.readFileSync(report, 'utf8');
    for (const canary of canaries) expect(text, report).not.toContain(canary);
  }
  expect(scanned).toBeGreaterThan(0);
}

describe('no command prints a secret', () => {
  it('with LICENSECTL_TOKEN, against a server that echoes it back in every error', async () => {
    storedMode = false;
    echoed.length = 0;
    const results = await runAll(() => ({ env: { LICENSECTL_CONFIG_DIR: configWith(echoUrl), LICENSECTL_TOKEN: ECHO_TOKEN } }), [ECHO_TOKEN, SECRET, PASSWORD]);
    // The canaries did go out and come back: otherwise this test would prove nothing.
    expect(echoed.some((e) => e.includes(`Bearer ${ECHO_TOKEN}`))).toBe(true);
    expect(echoed.some((e) => e.includes(SECRET))).toBe(true);
    expect(echoed.some((e) => e.includes(PASSWORD))).toBe(true);
    expect(results.filter((r) => r.stderr.includes('you sent Authorization: Bearer ***')).length).toBeGreaterThan(10);
    scanReports([ECHO_TOKEN, SECRET, PASSWORD]);
  });

  it('with a stored client-credentials login whose renewal the server echoes back', async () => {
    storedMode = true;
    echoed.length = 0;
    const login = (): StoredAuth => ({
      method: 'client_credentials', clientId: D.clientId, clientSecret: SECRET, scope: 'PM.License.Read',
      tokenUrl: `${echoUrl}/identity_/connect/token`, token: ECHO_TOKEN, obtainedAt: Date.now(), expiresAt: Date.now() + 3_600_000,
    });
    const results = await runAll(() => ({ env: { LICENSECTL_CONFIG_DIR: configWith(echoUrl, login()) } }), [ECHO_TOKEN, SECRET, PASSWORD]);
    expect(echoed.some((e) => e.includes(`client_secret=${SECRET}`))).toBe(true);
    expect(results.some((r) => /cannot renew the token of profile "p": .*client_secret=\*\*\*/.test(r.stderr))).toBe(true);
    scanReports([ECHO_TOKEN, SECRET, PASSWORD]);
  });

  it('with a stored Fusion login whose refresh token the server echoes back', async () => {
    storedMode = true;
    echoed.length = 0;
    const login = (): StoredAuth => ({
      method: 'fusion_login', username: 'admin', token: ECHO_TOKEN, refreshToken: REFRESH, obtainedAt: Date.now(), expiresAt: Date.now() + 3_600_000,
    });
    const canaries = [ECHO_TOKEN, REFRESH, SECRET, PASSWORD];
    const results = await runAll(() => ({ env: { LICENSECTL_CONFIG_DIR: configWith(echoUrl, login()) } }), canaries);
    // The refresh token did go out (as the renewal's bearer) and came back in the server's answer.
    expect(echoed.some((e) => e.includes(`Bearer ${REFRESH}`))).toBe(true);
    expect(results.some((r) => /cannot renew the token of profile "p": .*Bearer \*\*\*/.test(r.stderr))).toBe(true);
    scanReports(canaries);
  });

  it('with a stored machine-to-machine token, against the echoing server and the sandbox', async () => {
    storedMode = false;
    echoed.length = 0;
    const login = (token: string): StoredAuth => ({ method: 'fusion_login', username: 'robot', token, machine: true, obtainedAt: Date.now() });
    await runAll(() => ({ env: { LICENSECTL_CONFIG_DIR: configWith(echoUrl, login(M2M)) } }), [M2M, SECRET, PASSWORD]);
    expect(echoed.some((e) => e.includes(`Bearer ${M2M}`))).toBe(true);
    scanReports([M2M]);
    const results = await runAll(() => ({ env: { LICENSECTL_CONFIG_DIR: configWith(`${sb.url}/${D.org}`, login(SANDBOX_M2M_TOKEN)) } }), [SANDBOX_M2M_TOKEN, SECRET, PASSWORD]);
    expect(results.filter((r) => r.code === 0).length).toBeGreaterThan(30);
    scanReports([SANDBOX_M2M_TOKEN]);
  });

  it('with a valid token against the sandbox (success paths)', async () => {
    const token = sb.issueToken({ ttlSeconds: 3600 });
    const results = await runAll(() => ({ env: { LICENSECTL_CONFIG_DIR: configWith(`${sb.url}/${D.org}`), LICENSECTL_TOKEN: token } }), [token, SECRET, PASSWORD]);
    expect(results.filter((r) => r.code === 0).length).toBeGreaterThan(40);
    scanReports([token]);
  });

  it('auth token is the one command that prints it', async () => {
    const r = await runInProcess(['auth', 'token'], { env: { LICENSECTL_CONFIG_DIR: configWith(echoUrl), LICENSECTL_TOKEN: ECHO_TOKEN } });
    expect(r.stdout).toBe(`${ECHO_TOKEN}\n`);
    expect(r.stderr).toBe('');
  });
});
