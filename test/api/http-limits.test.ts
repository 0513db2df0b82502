// The HTTP layer's bounds: a deadline for all attempts of a request together, no new attempt or
// back-off wait once a bulk run drains (Ctrl-C), a budget for the bytes of all answers in flight,
// Retry-After values that are not numbers or dates ignored, a create retried after 429 only, and
// retries announced (issue 16 findings 9-12; issue 17 items 10-11).
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, type HttpClientOptions } from '../../src/api/http.js';
import { retryAfterMs } from '../../src/api/retry.js';
import { CliError } from '../../src/errors.js';
import { failing, liveClient } from '../helpers/mock-client.js';
import { startHostileServer, type HostileServer, type Script } from '../helpers/hostile-server.js';

let server: HostileServer | undefined;
const clients: HttpClient[] = [];
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server?.close();
  server = undefined;
  await Promise.all(closers.splice(0).map((c) => c()));
});

async function serve(script: Script): Promise<HostileServer> {
  server = await startHostileServer(script);
  return server;
}

function client(baseUrl: string, extra: Partial<HttpClientOptions> = {}): HttpClient {
  return liveClient(clients, baseUrl, { timeoutMs: 10_000, ...extra });
}

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
}

const GET = { method: 'GET', path: ['x'] } as const;
const POST = { method: 'POST', path: ['x'], json: { name: 'n' } } as const;

describe('Retry-After that is neither seconds nor an HTTP date counts as absent', () => {
  it.each(['-5', '-1', '1e3', '0x10', ' -0.5 ', 'yesterday'])('%j', (value) => {
    expect(retryAfterMs(value, Date.parse('2026-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('a 503 with Retry-After: -5 is retried after the usual back-off, not at once', async () => {
    const s = await serve([{ status: 503, headers: { 'retry-after': '-5' } }, { status: 200, body: { ok: true } }]);
    const res = await client(s.url, { backoff: { baseMs: 400, capMs: 400, retryAfterCapMs: 5_000 } }).request(GET);
    expect(res.attempts).toBe(2);
    // Back-off with jitter waits at least half its ceiling: 200 ms (a negative date meant 0).
    expect(s.received[1]!.at - s.received[0]!.at).toBeGreaterThanOrEqual(199);
  });
});

describe('a create (POST)', () => {
  it('is sent again after 429, which means "not processed", honouring Retry-After', async () => {
    const s = await serve([{ status: 429, headers: { 'retry-after': '0' }, body: { message: 'slow down' } }, { status: 201, body: { id: 1 } }]);
    const res = await client(s.url).request(POST);
    expect(res).toMatchObject({ status: 201, attempts: 2 });
    expect(s.received.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('is never sent again after a 5xx or a reset', async () => {
    for (const script of [{ status: 503 }, { status: 502 }, { drop: true }] as const) {
      const s = await serve(script);
      await failing(client(s.url).request(POST));
      expect(s.received).toHaveLength(1);
      await s.close();
    }
  });

  it('error messages name the path as sent, base path included', async () => {
    const s = await serve({ status: 409, body: { message: 'exists' } });
    expect((await failing(client(s.url).request(POST))).message).toBe('POST /acme/x failed with 409 conflict: exists');
  });
});

describe('the deadline of a request', () => {
  it('ends the retries of a server that is down, saying how many attempts were made', async () => {
    const s = await serve({ status: 200 });
    const url = s.url;
    await s.close(); // nothing listens there now: every attempt is refused
    const c = client(url, { maxAttempts: 100, backoff: { baseMs: 200, capMs: 200, retryAfterCapMs: 5_000 }, deadlineMs: 1_000 });
    const err = await failing(c.request(GET));
    expect(err.attempts).toBeGreaterThanOrEqual(1);
    expect(err.attempts).toBeLessThan(100);
    expect(err.message).toMatch(new RegExp(`^cannot reach 127\\.0\\.0\\.1:\\d+: ECONNREFUSED; check the base URL \\(http://127\\.0\\.0\\.1:\\d+\\) and that the server is running \\(gave up after ${err.attempts} attempts?: the deadline of 1 s for a request passed; raise LICENSECTL_DEADLINE\\)$`));
  });

  it('cuts an attempt that would run past it', async () => {
    const s = await serve({ status: 200, body: { ok: true }, delayMs: 60_000 });
    const err = await failing(client(s.url, { timeoutMs: 60_000, deadlineMs: 300 }).request(GET));
    expect(s.received).toHaveLength(1);
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/gave up after 1 attempt: the deadline of 0\.3 s for a request passed/);
  }, 30_000);

  it('says so when the last status came from the server', async () => {
    const s = await serve({ status: 503, headers: { 'retry-after': '2' }, body: { message: 'busy' } });
    const err = await failing(client(s.url, { deadlineMs: 1_000 }).request(GET));
    expect(s.received).toHaveLength(1);
    expect(err.message).toBe('GET /acme/x failed with 503 service unavailable: busy (gave up after 1 attempt: the deadline of 1 s for a request passed; raise LICENSECTL_DEADLINE)');
  });
});

describe('draining (Ctrl-C in a bulk run)', () => {
  it('cuts a back-off wait short and starts no other attempt', async () => {
    const s = await serve({ status: 503, headers: { 'retry-after': '60' }, body: { message: 'busy' } });
    const drain = new AbortController();
    const c = client(s.url, { drain: drain.signal, backoff: { baseMs: 1, capMs: 5, retryAfterCapMs: 120_000 } });
    const pending = failing(c.request({ method: 'PUT', path: ['x'], json: {} }));
    await until(() => s.received.length === 1);
    await new Promise((r) => setTimeout(r, 50)); // the answer arrives, the 60 s wait begins
    drain.abort();
    const err = await pending;
    expect(s.received).toHaveLength(1);
    expect(err.status).toBe(503);
    expect(err.attempts).toBe(1);
    expect(err.message).toBe('PUT /acme/x failed with 503 service unavailable: busy (interrupted after 1 attempt: not tried again)');
  }, 30_000);

  it('lets the attempt in flight finish, then does not retry', async () => {
    const s = await serve([{ status: 503, delayMs: 300 }, { status: 200, body: {} }]);
    const drain = new AbortController();
    const pending = failing(client(s.url, { drain: drain.signal }).request(GET));
    await until(() => s.received.length === 1);
    drain.abort();
    const err = await pending;
    expect(err.status).toBe(503); // the answer of the attempt in flight, not an abort
    expect(s.received).toHaveLength(1);
  }, 30_000);
});

describe('the bytes of all answers in flight are bounded together', () => {
  it('refuses to buffer more than the budget across concurrent answers', async () => {
    // Each answer sends 400 KB at once and ends only when all four requests have arrived, so all
    // four are being read together: 1.6 MB in flight against a budget of 1 MiB.
    const waiting: ServerResponse[] = [];
    const http: Server = createServer((req, res) => {
      req.resume();
      if (req.url?.endsWith('/small')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('"' + 'x'.repeat(400_000));
      waiting.push(res);
      if (waiting.length === 4) setTimeout(() => { for (const r of waiting) if (!r.destroyed) r.end('"'); }, 200);
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => { http.closeAllConnections(); http.close(() => resolve()); }));
    const c = client(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { maxBufferedBytes: 1024 * 1024, maxAttempts: 1 });
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => c.request(GET)));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as CliError);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused[0]!.message).toBe("the server's answers in flight hold more than 1 MiB together; refusing to read more (lower --concurrency?)");
    expect(refused[0]!.exitCode).toBe(1);
    expect(results.filter((r) => r.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
    // Every byte is given back when its request ends: the budget is whole again.
    expect((await c.request({ method: 'GET', path: ['small'] })).data).toEqual({});
    expect((c as unknown as { buffered: { used: number } }).buffered.used).toBe(0);
  }, 30_000);
});

describe('retries are announced', () => {
  it('one line per retry, "retrying (attempt n of max)"', async () => {
    const s = await serve([{ status: 503 }, { status: 502 }, { status: 200, body: {} }]);
    const lines: string[] = [];
    await client(s.url, { onRetry: (l) => lines.push(l) }).request(GET);
    expect(lines).toEqual(['GET /acme/x: 503 service unavailable; retrying (attempt 2 of 4)', 'GET /acme/x: 502 bad gateway; retrying (attempt 3 of 4)']);
  });
});
