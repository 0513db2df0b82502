// The HTTP layer against a real socket that misbehaves on purpose: retries of idempotent requests
// are counted at the server, a POST is never seen twice, Retry-After is honoured up to the cap, and
// every failure is a CliError with the documented exit code.
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, type HttpClientOptions } from '../../src/api/http.js';
import { DEFAULT_BACKOFF, retryAfterCapFromEnv } from '../../src/api/retry.js';
import { ApiError, CliError } from '../../src/errors.js';
import { failing, liveClient } from '../helpers/mock-client.js';
import { startHostileServer, type HostileServer, type Script } from '../helpers/hostile-server.js';

let server: HostileServer | undefined;
const clients: HttpClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server?.close();
  server = undefined;
});

async function serve(script: Script): Promise<HostileServer> {
  server = await startHostileServer(script);
  return server;
}

function client(s: HostileServer, extra: Partial<HttpClientOptions> = {}): HttpClient {
  return liveClient(clients, s.url, extra);
}

const ok = { status: 200, body: { ok: true } };
const GET = { method: 'GET', path: ['x'] } as const;
const POST = { method: 'POST', path: ['x'], json: { name: 'n' } } as const;

describe('Retry-After', () => {
  it('is honoured: the retry arrives no sooner than the server asked', async () => {
    const s = await serve([{ status: 429, headers: { 'retry-after': '1' }, body: { message: 'slow down' } }, ok]);
    const res = await client(s).request(GET);
    expect(res.attempts).toBe(2);
    expect(s.received).toHaveLength(2);
    // The performance clock is monotonic; allow a millisecond of timer rounding.
    expect(s.received[1]!.at - s.received[0]!.at).toBeGreaterThanOrEqual(999);
  });

  it('is honoured on 503 too, as an HTTP date', async () => {
    // An HTTP date has one-second resolution: ask for the second after next.
    const when = new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000);
    const s = await serve([{ status: 503, headers: { 'retry-after': when.toUTCString() } }, ok]);
    await client(s).request(GET);
    expect(s.received).toHaveLength(2);
    expect(s.received[1]!.wall).toBeGreaterThanOrEqual(when.getTime() - 1);
  });

  it('longer than the cap ends the retries at once, saying how long the server asked for', async () => {
    const s = await serve({ status: 429, headers: { 'retry-after': '3600' }, body: { message: 'quota exhausted' } });
    const err = await failing(client(s, { backoff: undefined, env: {} }).request(GET));
    expect(s.received).toHaveLength(1);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.exitCode).toBe(1);
    expect(err.status).toBe(429);
    expect(err.message).toBe(
      'GET /acme/x failed with 429 too many requests: quota exhausted (the server asks to wait 3600 s before trying again, ' +
        'longer than licensectl waits: 30 s; try again later, or raise LICENSECTL_RETRY_AFTER_CAP)',
    );
  });

  it('LICENSECTL_RETRY_AFTER_CAP sets the cap; a bad value is a usage error', async () => {
    const s = await serve([{ status: 429, headers: { 'retry-after': '0.3' } }, ok]);
    const low = client(s, { backoff: undefined, env: { LICENSECTL_RETRY_AFTER_CAP: '0.1' } });
    const err = await failing(low.request(GET));
    expect(err.message).toContain('wait 0.3 s before trying again, longer than licensectl waits: 0.1 s');
    expect(s.received).toHaveLength(1);

    expect(retryAfterCapFromEnv({})).toBe(DEFAULT_BACKOFF.retryAfterCapMs);
    expect(retryAfterCapFromEnv({ LICENSECTL_RETRY_AFTER_CAP: '3600' })).toBe(3_600_000);
    expect(retryAfterCapFromEnv({ LICENSECTL_RETRY_AFTER_CAP: '0' })).toBe(0);
    for (const bad of ['abc', '-1', '1e3', '86401', 'Infinity']) {
      expect(() => retryAfterCapFromEnv({ LICENSECTL_RETRY_AFTER_CAP: bad })).toThrow(
        expect.objectContaining({ code: 'usage', exitCode: 2, message: expect.stringContaining('LICENSECTL_RETRY_AFTER_CAP') }),
      );
    }
  });

  it('an unreadable Retry-After falls back to the usual backoff', async () => {
    const s = await serve([{ status: 429, headers: { 'retry-after': 'whenever' } }, ok]);
    expect((await client(s).request(GET)).attempts).toBe(2);
  });
});

describe('idempotent requests retry with backoff, counted at the server', () => {
  it('502 (an HTML page), 503 and 504, then an answer', async () => {
    const s = await serve([
      { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' },
      { status: 503, body: { error: 'busy' } },
      { status: 504, body: '' },
      ok,
    ]);
    const res = await client(s).request(GET);
    expect(res).toMatchObject({ status: 200, data: { ok: true }, attempts: 4 });
    expect(s.received.map((r) => r.method)).toEqual(['GET', 'GET', 'GET', 'GET']);
  });

  it('gives up after the last attempt with the last status and the first line of an HTML page', async () => {
    const s = await serve({ status: 502, headers: { 'content-type': 'text/html' }, body: '<html>\n<head><title>502 Bad Gateway</title></head>\n</html>' });
    const err = await failing(client(s, { maxAttempts: 3 }).request({ method: 'PUT', path: ['x'], json: {} }));
    expect(s.received).toHaveLength(3);
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe('PUT /acme/x failed with 502 bad gateway: 502 Bad Gateway (after 3 attempts)');
  });

  it('a dropped connection and a body cut off mid-way are retried for GET, PUT and DELETE', async () => {
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      const s = await serve([{ drop: true }, { status: 200, body: { id: 1, name: 'long enough to cut' }, truncateAt: 9 }, ok]);
      const res = await client(s).request({ method, path: ['x'], json: method === 'PUT' ? {} : undefined });
      expect(res.attempts).toBe(3);
      expect(s.received).toHaveLength(3);
      await server!.close();
    }
  });

  it('a slow answer past the time-out is retried, then reported as a time-out', async () => {
    const s = await serve({ delayMs: 2_000, ...ok });
    const err = await failing(client(s, { timeoutMs: 300, maxAttempts: 2 }).request(GET));
    expect(s.received).toHaveLength(2);
    expect(err.code).toBe('timeout');
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe(`no answer from ${new URL(s.url).host} within the time-out after 2 attempts (raise it with --timeout <seconds>)`);
  });

  it('a connection refused is retried and reported as unreachable', async () => {
    const s = await serve(ok);
    const url = s.url;
    await s.close();
    server = undefined;
    const c = new HttpClient({ baseUrl: url, userAgent: 't', timeoutMs: 1_000, maxAttempts: 2, backoff: { baseMs: 1, capMs: 2, retryAfterCapMs: 10 }, env: {} });
    clients.push(c);
    const err = await failing(c.request(GET));
    expect(err.code).toBe('network');
    expect(err.message).toMatch(/^cannot reach 127\.0\.0\.1:\d+ after 2 attempts: ECONNREFUSED; check the base URL \(http:\/\/127\.0\.0\.1:\d+\) and that the server is running$/);
  });
});

describe('POST is never sent twice once it may have reached the server', () => {
  const cases: [string, Script, string][] = [
    ['dropped after the server read it', { drop: true }, 'lost its connection (UND_ERR_SOCKET)'],
    ['cut off mid-answer', { status: 201, body: { id: 7, name: 'n', sku: 's' }, truncateAt: 5 }, 'lost its connection (UND_ERR_SOCKET)'],
    ['timed out', { delayMs: 2_000, status: 201, body: { id: 7 } }, 'timed out'],
  ];
  for (const [what, script, words] of cases) {
    it(`${what}: ambiguous, exit 1, one POST at the server`, async () => {
      const s = await serve(script);
      const err = await failing(client(s, { timeoutMs: 300 }).request(POST));
      expect(s.received.map((r) => r.method)).toEqual(['POST']);
      expect(s.received[0]!.body).toBe('{"name":"n"}');
      expect(err.code).toBe('ambiguous');
      expect(err.exitCode).toBe(1);
      expect(err.message).toMatch(/^POST \/acme\/x .+ after it may have reached the server; it was NOT sent again, so check whether it took effect before retrying$/);
      expect(err.message).toContain(words);
    });
  }

  // 429 is "not processed" and is retried (test/api/http-limits.test.ts); a 5xx may have been processed.
  it('502 and 503 to a POST are not retried either', async () => {
    for (const status of [502, 503]) {
      const s = await serve({ status, headers: { 'retry-after': '0' }, body: { message: 'no' } });
      const err = await failing(client(s).request(POST));
      expect(s.received).toHaveLength(1);
      expect(err.status).toBe(status);
      await server!.close();
    }
  });
});

describe('answers the client must refuse', () => {
  it('a body over 64 MiB is refused without reading it all', async () => {
    const s = await serve({ stream: { prefix: '{"license_types":["', chunk: 'x'.repeat(1 << 20), count: 65, suffix: '"]}' } });
    const err = await failing(client(s, { timeoutMs: 10_000 }).request(GET));
    expect(err.code).toBe('bad_response');
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe("the server's answer is larger than 64 MiB; refusing to read it");
    expect(s.received).toHaveLength(1);
  });

  it('HTML, truncated JSON and non-JSON text in a 200 are a clear failure naming the content type', async () => {
    const s = await serve([
      { status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html>\n<html><body>Sign in to continue</body></html>' },
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{"license_types": [{"id": 1, "na' },
      { status: 200, body: Buffer.from([0xff, 0xfe, 0x00, 0x1b, 0x5b, 0x32, 0x4a]) },
    ]);
    const c = client(s);
    const html = await failing(c.request(GET));
    expect(html.message).toBe('GET /acme/x answered 200 with something that is not JSON (text/html): Sign in to continue');
    const cut = await failing(c.request(GET));
    expect(cut.message).toBe('GET /acme/x answered 200 with something that is not JSON (application/json): {"license_types": [{"id": 1, "na');
    const bytes = await failing(c.request(GET));
    expect(bytes.message).not.toMatch(/[\u0000-\u001f]/); // eslint-disable-line no-control-regex
    expect(s.received).toHaveLength(3);
  });
});
