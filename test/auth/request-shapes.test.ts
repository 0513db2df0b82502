// An independent server (plain node:http, not the sandbox) records what licensectl sends through a
// whole Fusion session: login, 2FA, renewal and logout, each checked against the vendor's
// documentation: methods, paths, the JSON bodies and the bearer token of each call.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, tempConfigDir } from '../helpers/inprocess.js';

interface Seen { method: string; url: string; contentType?: string; authorization?: string; body?: unknown }
const seen: Seen[] = [];
let server: Server;
let base: string;
const T0 = Date.UTC(2026, 5, 1);

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString('utf8')));
    req.on('end', () => {
      seen.push({
        method: req.method!, url: req.url!,
        ...(req.headers['content-type'] && { contentType: req.headers['content-type'] }),
        ...(req.headers.authorization && { authorization: req.headers.authorization }),
        ...(text && { body: JSON.parse(text) as unknown }),
      });
      const reply = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const path = req.url!.split('?')[0]!;
      if (path === '/api/v01/auth/login') return reply(200, { '2fa_payload': 'opaque+payload/=', option: 'totp' });
      if (path === '/api/v01/auth/2fa') return reply(200, { access_token: 'acc-1', refresh_token: 'ref-1', expires_in: 60 });
      if (path === '/api/v01/auth/access_token') return reply(200, { access_token: 'acc-2', expires_in: 60 });
      if (path === '/api/v01/auth/logout') return reply(200, { message: 'bye' });
      if (path.endsWith('/license_types')) return reply(200, { license_types: [], page: 1, pages: 1, results: 0 });
      reply(404, { message: 'no' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('the Fusion session on the wire', () => {
  it('login, 2FA, renewal and logout are sent exactly as documented', async () => {
    const configDir = tempConfigDir();
    const run = (args: string[], at: number, input?: string) => runInProcess(args, { configDir, input, now: () => at, env: { LICENSECTL_MAX_ATTEMPTS: '1' } });
    const group = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
    expect((await run(['profile', 'set', 'p', '--base-url', base, '--instance', 'i1', '--group', group, '--use'], T0)).code).toBe(0);
    const login = await run(['auth', 'login', '--username', 'ops', '--password-stdin', '--otp', '654321'], T0, 'pass word\n');
    expect(login.stderr).toMatch(/^✓ Logged in/);
    // 61 s later the access token (60 s) has expired: the next command renews it first.
    expect((await run(['license-type', 'list'], T0 + 61_000)).code).toBe(0);
    expect((await run(['auth', 'logout'], T0 + 62_000)).code).toBe(0);

    expect(seen).toEqual([
      { method: 'POST', url: '/api/v01/auth/login', contentType: 'application/json', body: { username: 'ops', password: 'pass word' } },
      { method: 'POST', url: '/api/v01/auth/2fa', contentType: 'application/json', body: { '2fa_payload': 'opaque+payload/=', code: '654321', trust: false } },
      { method: 'GET', url: '/api/v01/auth/access_token', authorization: 'Bearer ref-1' },
      { method: 'GET', url: `/api/v01/draas/i1/groups/${group}/license_types`, authorization: 'Bearer acc-2' },
      { method: 'GET', url: '/api/v01/auth/logout', authorization: 'Bearer acc-2' },
    ]);
  });
});
