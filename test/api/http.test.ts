import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient, serverMessage, type HttpClientOptions } from '../../src/api/http.js';
import { ApiError, CliError } from '../../src/errors.js';
import { mockAgent, mockHttpClient } from '../helpers/mock-client.js';

const BASE = 'https://api.example.test/acme';
let agent: MockAgent;

function client(extra: Partial<HttpClientOptions> = {}): HttpClient {
  return mockHttpClient(agent, {
    baseUrl: BASE,
    timeoutMs: 2_000,
    auth: { token: async () => 'tok-123' },
    backoff: { baseMs: 1, capMs: 5, retryAfterCapMs: 50 },
    ...extra,
  });
}

beforeEach(() => {
  agent = mockAgent();
});
afterEach(async () => {
  await agent.close();
});

describe('HttpClient', () => {
  it('joins the base path, percent-encodes segments and sends auth, accept and user-agent', async () => {
    let seen: Record<string, string> = {};
    agent
      .get('https://api.example.test')
      .intercept({ path: '/acme/lease_/api/account/a%2Fb/user-license/group/..%2Fx?x=1', method: 'PUT' })
      .reply(200, (opts) => {
        seen = opts.headers as Record<string, string>;
        return { ok: true, body: JSON.parse(String(opts.body)) };
      }, { headers: { 'content-type': 'application/json' } });
    const res = await client().request({
      method: 'PUT',
      path: ['lease_', 'api', 'account', 'a/b', 'user-license', 'group', '../x'],
      query: { x: 1, empty: undefined },
      json: { userBundleCodes: ['IDU'] },
    });
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(1);
    expect(res.data).toEqual({ ok: true, body: { userBundleCodes: ['IDU'] } });
    expect(seen.authorization).toBe('Bearer tok-123');
    expect(seen['user-agent']).toBe('licensectl/test');
    expect(seen.accept).toBe('application/json');
    expect(seen['content-type']).toBe('application/json');
  });

  it('refuses a . or .. segment before sending anything: a URL would read it as a step up', async () => {
    for (const group of ['..', '.']) {
      const err = await client().request({ method: 'PUT', path: ['lease_', 'api', 'account', 'a1', 'user-license', 'group', group], json: {} }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).exitCode).toBe(2);
      expect((err as CliError).message).toBe(`"${group}" cannot be sent as a path segment: a URL reads it as a step up or in place`);
    }
    // Nothing was intercepted: disableNetConnect() would have failed a request that went out.
    expect(agent.pendingInterceptors()).toEqual([]);
  });

  it('sends a literal %2e%2e as one encoded segment, which no parser reads as a step up', async () => {
    agent.get('https://api.example.test').intercept({ path: '/acme/group/%252e%252e', method: 'GET' }).reply(200, { ok: 1 });
    expect((await client().request({ method: 'GET', path: ['group', '%2e%2e'] })).data).toEqual({ ok: 1 });
  });

  it('retries an idempotent request on 503 and 429 (honouring Retry-After) and counts attempts', async () => {
    const pool = agent.get('https://api.example.test');
    pool.intercept({ path: '/acme/x', method: 'GET' }).reply(503, 'busy');
    pool.intercept({ path: '/acme/x', method: 'GET' }).reply(429, '', { headers: { 'retry-after': '0' } });
    pool.intercept({ path: '/acme/x', method: 'GET' }).reply(200, { n: 1 });
    const res = await client().request({ method: 'GET', path: ['x'] });
    expect(res.data).toEqual({ n: 1 });
    expect(res.attempts).toBe(3);
  });

  it('never resends a POST that reached the server', async () => {
    const pool = agent.get('https://api.example.test');
    pool.intercept({ path: '/acme/x', method: 'POST' }).reply(503, { message: 'overloaded' });
    pool.intercept({ path: '/acme/x', method: 'POST' }).reply(201, { id: 1 });
    const err = await client().request({ method: 'POST', path: ['x'], json: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(503);
    expect((err as ApiError).exitCode).toBe(1);
    expect((err as ApiError).message).toContain('overloaded');
  });

  it('reports a POST whose connection dropped as ambiguous, not resent', async () => {
    const pool = agent.get('https://api.example.test');
    pool.intercept({ path: '/acme/x', method: 'POST' }).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    pool.intercept({ path: '/acme/x', method: 'POST' }).reply(201, { id: 1 });
    const err = await client().request({ method: 'POST', path: ['x'], json: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).code).toBe('ambiguous');
    expect((err as CliError).message).toMatch(/NOT sent again/);
  });

  it('retries a GET after a connection reset', async () => {
    const pool = agent.get('https://api.example.test');
    pool.intercept({ path: '/acme/x', method: 'GET' }).replyWithError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    pool.intercept({ path: '/acme/x', method: 'GET' }).reply(200, { ok: 1 });
    const res = await client().request({ method: 'GET', path: ['x'] });
    expect(res.attempts).toBe(2);
  });

  it('gives up after maxAttempts and says how many', async () => {
    const pool = agent.get('https://api.example.test');
    pool.intercept({ path: '/acme/x', method: 'GET' }).reply(502, '<html><body><h1>502 Bad Gateway</h1></body></html>').times(3);
    const err = (await client({ maxAttempts: 3 }).request({ method: 'GET', path: ['x'] }).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(502);
    expect(err.message).toContain('502 Bad Gateway');
    expect(err.message).toContain('after 3 attempts');
  });

  it('maps statuses to exit codes and uses the caller\'s message', async () => {
    const pool = agent.get('https://api.example.test');
    const cases: [number, number][] = [[400, 5], [401, 4], [403, 4], [404, 3], [409, 5], [422, 5], [500, 1]];
    for (const [status] of cases) pool.intercept({ path: `/acme/s${status}`, method: 'GET' }).reply(status, { error: 'x', message: `said ${status}` });
    for (const [status, exit] of cases) {
      const err = (await client({ maxAttempts: 1 }).request({ method: 'GET', path: [`s${status}`], messages: { 404: 'thing 7 not found' } }).catch((e: unknown) => e)) as ApiError;
      expect(err.exitCode, `status ${status}`).toBe(exit);
      expect(err.message).toContain(`said ${status}`);
      if (status === 404) expect(err.message.startsWith('thing 7 not found')).toBe(true);
    }
  });

  it('refreshes the token once on 401 and resends', async () => {
    let token = 'old';
    const pool = agent.get('https://api.example.test');
    pool.intercept({ path: '/acme/x', method: 'GET', headers: { authorization: 'Bearer old' } }).reply(401, {});
    pool.intercept({ path: '/acme/x', method: 'GET', headers: { authorization: 'Bearer new' } }).reply(200, { ok: true });
    const res = await client({
      auth: { token: async () => token, refresh: async () => { token = 'new'; return true; } },
    }).request({ method: 'GET', path: ['x'] });
    expect(res.data).toEqual({ ok: true });
  });

  it('refuses to send a token over plain http to a non-loopback host', async () => {
    const err = (await new HttpClient({ baseUrl: 'http://api.example.test', userAgent: 'x', timeoutMs: 1000, auth: { token: async () => 't' }, dispatcher: agent })
      .request({ method: 'GET', path: ['x'] })
      .catch((e: unknown) => e)) as CliError;
    expect(err.code).toBe('insecure');
    expect(err.exitCode).toBe(2);
  });

  it('allows plain http to loopback', async () => {
    agent.get('http://127.0.0.1:9').intercept({ path: '/x', method: 'GET' }).reply(200, {});
    const res = await new HttpClient({ baseUrl: 'http://127.0.0.1:9', userAgent: 'x', timeoutMs: 1000, auth: { token: async () => 't' }, dispatcher: agent })
      .request({ method: 'GET', path: ['x'] });
    expect(res.status).toBe(200);
  });

  it('rejects a 200 whose body is not JSON, quoting its first line', async () => {
    agent.get('https://api.example.test').intercept({ path: '/acme/x', method: 'GET' }).reply(200, '<html>\n<title>Login</title>', { headers: { 'content-type': 'text/html' } });
    const err = (await client().request({ method: 'GET', path: ['x'] }).catch((e: unknown) => e)) as CliError;
    expect(err.code).toBe('bad_response');
    expect(err.message).toContain('text/html');
    expect(err.message).toContain('Login');
  });

  it('times out a slow answer and reports the time-out', async () => {
    agent.get('https://api.example.test').intercept({ path: '/acme/x', method: 'GET' }).reply(200, {}).delay(500).times(2);
    const err = (await client({ timeoutMs: 50, maxAttempts: 2 }).request({ method: 'GET', path: ['x'] }).catch((e: unknown) => e)) as CliError;
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/--timeout/);
  });

  it('logs exchanges without the token', async () => {
    const lines: string[] = [];
    agent.get('https://api.example.test').intercept({ path: '/acme/x?token=abc', method: 'GET' }).reply(200, {});
    await client({ log: (l) => lines.push(l) }).request({ method: 'GET', path: ['x'], query: { token: 'abc' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/GET https:\/\/api\.example\.test\/acme\/x\?token=\*\*\* → 200/);
    expect(lines.join('')).not.toContain('tok-123');
  });
});

describe('serverMessage', () => {
  it('prefers message/detail fields, then error, then the first text line', () => {
    expect(serverMessage('{"error":"forbidden","message":"missing role x"}')).toBe('missing role x');
    expect(serverMessage('{"detail":"bad sku"}')).toBe('bad sku');
    expect(serverMessage('{"error":{"message":"nested"}}')).toBe('nested');
    expect(serverMessage('{"error":"invalid_client"}')).toBe('invalid_client');
    expect(serverMessage('\n\n  upstream timed out\nmore')).toBe('upstream timed out');
    expect(serverMessage('')).toBeUndefined();
    expect(serverMessage('{"foo":1}')).toBeUndefined();
  });
});

describe('a refused token', () => {
  it('says where a new token comes from', async () => {
    const a = mockAgent();
    a.get('https://api.example.test').intercept({ path: '/acme/x', method: 'GET' }).reply(401, {}).times(2);
    const base = { baseUrl: BASE, userAgent: 'x', timeoutMs: 1000, dispatcher: a };
    const stored = (await new HttpClient({ ...base, auth: { token: async () => 't' } }).request({ method: 'GET', path: ['x'] }).catch((e: unknown) => e)) as ApiError;
    expect(stored.message).toBe('the server refused the token (401): run `licensectl auth login` again');
    const env = (await new HttpClient({ ...base, auth: { token: async () => 't', refusedHint: 'set a new LICENSECTL_TOKEN' } }).request({ method: 'GET', path: ['x'] }).catch((e: unknown) => e)) as ApiError;
    expect(env.message).toBe('the server refused the token (401): set a new LICENSECTL_TOKEN');
    expect(env.exitCode).toBe(4);
    await a.close();
  });
});
