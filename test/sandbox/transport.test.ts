import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pickFault } from '../../src/sandbox/faults.js';
import { SANDBOX_DEFAULTS as D, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { call, expectErrorBody, form, leasePath, ltPath } from './helpers.js';

const open: Sandbox[] = [];
async function sandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const sb = await startSandbox(opts);
  open.push(sb);
  return sb;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((sb) => sb.close()));
});

describe('routing and limits', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ bodyLimitBytes: 1024 });
  });
  afterAll(() => sb.close());

  it('404 for unknown routes, including doubled or trailing slashes', async () => {
    for (const path of ['/nope', '/', `//${D.org}${leasePath(D.uipathGroups[0]!).slice(D.org.length + 1)}`, `${leasePath(D.uipathGroups[0]!)}/`, `${ltPath()}/`]) {
      const a = await call(sb.url, 'GET', path, { token: sb.adminToken });
      expect(a.status, path).toBe(404);
      expectErrorBody(a);
    }
  });

  it('405 with Allow for a wrong method', async () => {
    const a = await call(sb.url, 'GET', '/identity_/connect/token');
    expect(a.status).toBe(405);
    expect(a.headers.get('allow')).toBe('POST');
    expect(expectErrorBody(a).error).toBe('method_not_allowed');
  });

  it('413 for a body over the limit; the limit itself is fine', async () => {
    const big = await call(sb.url, 'POST', ltPath(), { token: sb.adminToken, body: JSON.stringify({ name: 'x'.repeat(2000), sku: 'BIG' }), headers: { 'Content-Type': 'application/json' } });
    expect(big.status).toBe(413);
    expect(expectErrorBody(big).error).toBe('payload_too_large');
    const body = JSON.stringify({ name: 'y', sku: 'FITS', description: '' });
    const fits = await call(sb.url, 'POST', ltPath(), { token: sb.adminToken, body: body.padEnd(1024, ' '), headers: { 'Content-Type': 'application/json' } });
    expect(fits.status).toBe(201);
  });

  it('logs every API request in order but not the admin endpoints', async () => {
    await call(sb.url, 'DELETE', '/_sandbox/requests');
    expect(sb.requests).toHaveLength(0);
    await call(sb.url, 'GET', `${ltPath()}?page=2`, { token: sb.adminToken });
    await call(sb.url, 'GET', '/missing');
    const log = await call(sb.url, 'GET', '/_sandbox/requests');
    expect(log.json.map((e: { method: string; path: string; query: string; status: number }) => [e.method, e.path, e.query, e.status])).toEqual([
      ['GET', ltPath(), 'page=2', 200],
      ['GET', '/missing', '', 404],
    ]);
    expect(sb.requests).toHaveLength(2);
    expect(typeof sb.requests[0]!.time).toBe('number');
  });

  it('keeps only the newest requests in its log, trimmed a tenth of the limit at a time', async () => {
    const small = await startSandbox({ requestLogLimit: 10 });
    try {
      const lengths: number[] = [];
      for (let i = 1; i <= 30; i++) {
        await call(small.url, 'GET', `/missing/${i}`);
        lengths.push(small.requests.length);
      }
      expect(Math.max(...lengths)).toBe(11);
      expect(lengths.at(-1)).toBeGreaterThanOrEqual(10);
      expect(small.requests.at(-1)!.path).toBe('/missing/30');
      expect(small.requests.map((e) => Number(e.path.split('/')[2]))).toEqual(Array.from({ length: small.requests.length }, (_, i) => 31 - small.requests.length + i));
    } finally {
      await small.close();
    }
  });

  it('admin: state and seeding', async () => {
    const seeded = await call(sb.url, 'POST', '/_sandbox/seed', { body: { groups: { accountId: D.accountId, count: 2, prefix: 'bulk-' }, licenseTypes: { instance: 'draas2', group: 'g-new', count: 3 } } });
    expect(seeded.status).toBe(200);
    expect(seeded.json.groups).toEqual(['bulk-1', 'bulk-2']);
    expect(seeded.json.licenseTypes).toHaveLength(3);
    expect((await call(sb.url, 'GET', ltPath('', 'g-new', 'draas2'), { token: sb.adminToken })).json.results).toBe(3);
    expect((await call(sb.url, 'GET', leasePath('bulk-2'), { token: sb.adminToken })).status).toBe(200);
    const state = await call(sb.url, 'GET', '/_sandbox/state');
    expect(state.json.accounts[0].groups.some((g: { id: string }) => g.id === 'bulk-1')).toBe(true);
    expect(state.text).not.toContain(sb.adminToken);
    expect((await call(sb.url, 'POST', '/_sandbox/seed', { body: { groups: { accountId: D.accountId, count: -1 } } })).status).toBe(400);
    expect((await call(sb.url, 'POST', '/_sandbox/seed', { body: {} })).status).toBe(400);
  });
});

describe('fault injection', () => {
  const allocate = (sb: Sandbox, group: string, codes: string[]) =>
    call(sb.url, 'PUT', leasePath(group), { token: sb.adminToken, body: { userBundleCodes: codes } });
  const stored = async (sb: Sandbox, group: string) => (await call(sb.url, 'GET', '/_sandbox/state')).json.accounts[0].groups.find((g: { id: string }) => g.id === group).userBundleCodes;

  it('picks the kind from the second draw', () => {
    const seq = (...xs: number[]) => () => xs.shift()!;
    expect(pickFault(0.5, seq(0.6))).toBeUndefined();
    expect(pickFault(0.5, seq(0.4, 0))).toBe('429');
    expect(pickFault(1, seq(0, 0.2))).toBe('502');
    expect(pickFault(1, seq(0, 0.99))).toBe('drop-after');
    expect(pickFault(0, () => 0)).toBeUndefined();
  });

  it('429 with Retry-After, and the write is not applied', async () => {
    const sb = await sandbox({ faultRate: 1, random: () => 0, retryAfterSeconds: 7 });
    const g = D.uipathGroups[1]!;
    const a = await allocate(sb, g, ['IDU']);
    expect(a.status).toBe(429);
    expect(a.headers.get('retry-after')).toBe('7');
    expect(expectErrorBody(a).error).toBe('too_many_requests');
    expect(await stored(sb, g)).toEqual([]);
    expect(sb.requests.at(-1)).toMatchObject({ status: 429, fault: '429' });
  });

  it.each([
    ['502', 0.2, 502, /text\/html/],
    ['503', 0.4, 503, /application\/json/],
    ['504', 0.6, 504, /text\/html/],
  ])('%s as a gateway would send it', async (kind, r, status, type) => {
    const draws = [0, r];
    const sb = await sandbox({ faultRate: 1, random: () => draws.shift() ?? 0.5 });
    const a = await allocate(sb, D.uipathGroups[1]!, ['IDU']);
    expect(a.status).toBe(status);
    expect(a.headers.get('content-type')).toMatch(type);
    expect(sb.requests.at(-1)?.fault).toBe(kind);
  });

  it('drops the connection before processing: no answer, nothing applied', async () => {
    const sb = await sandbox({ faultRate: 1, faultKinds: ['drop-before'] });
    const g = D.uipathGroups[1]!;
    await expect(allocate(sb, g, ['IDU'])).rejects.toThrow();
    expect(await stored(sb, g)).toEqual([]);
    expect(sb.requests.at(-1)).toMatchObject({ status: 0, fault: 'drop-before' });
  });

  it('drops the connection after applying the write', async () => {
    const sb = await sandbox({ faultRate: 1, random: () => 0.99 });
    const g = D.uipathGroups[1]!;
    await expect(allocate(sb, g, ['IDU'])).rejects.toThrow();
    expect(await stored(sb, g)).toEqual(['IDU']);
    expect(sb.requests.at(-1)).toMatchObject({ status: 0, fault: 'drop-after' });
  });

  it('spares auth endpoints unless faultAuth', async () => {
    const creds = form({ grant_type: 'client_credentials', client_id: D.clientId, client_secret: D.clientSecret });
    const spared = await sandbox({ faultRate: 1, random: () => 0 });
    expect((await call(spared.url, 'POST', '/identity_/connect/token', creds)).status).toBe(200);
    expect((await call(spared.url, 'POST', '/api/v01/auth/login', { body: { username: 'admin', password: 'admin' } })).status).toBe(200);
    const hit = await sandbox({ faultRate: 1, random: () => 0, faultAuth: true });
    expect((await call(hit.url, 'POST', '/identity_/connect/token', creds)).status).toBe(429);
  });

  it('faults about faultRate of the requests', async () => {
    let x = 0;
    const sb = await sandbox({ faultRate: 0.25, faultKinds: ['503'], random: () => ((x = (x * 9301 + 49297) % 233280) / 233280) });
    const statuses: number[] = [];
    for (let i = 0; i < 200; i++) statuses.push((await call(sb.url, 'GET', ltPath(), { token: sb.adminToken })).status);
    const faulted = statuses.filter((s) => s === 503).length;
    expect(faulted).toBeGreaterThan(25);
    expect(faulted).toBeLessThan(75);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
  });
});

describe('connections and latency', () => {
  it('adds latencyMs to API requests but not to admin ones', async () => {
    const sb = await sandbox({ latencyMs: 150 });
    let t = performance.now();
    await call(sb.url, 'GET', ltPath(), { token: sb.adminToken });
    expect(performance.now() - t).toBeGreaterThanOrEqual(140);
    // Not timed (a loaded machine can take 150 ms for anything): the admin request's own latency is
    // compared with the API one's, both measured the same way, many times.
    const admin: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      await call(sb.url, 'GET', '/_sandbox/requests');
      admin.push(performance.now() - t);
    }
    // Five admin requests with the latency would take at least 750 ms; without it they need not.
    expect(admin.some((ms) => ms < 140)).toBe(true);
  });

  it('keeps connections alive and closes promptly with idle sockets open', async () => {
    const sb = await sandbox();
    const sockets = new Set<unknown>();
    const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = request(`${sb.url}${ltPath()}`, { agent, headers: { Authorization: `Bearer ${sb.adminToken}` } }, (res) => {
          sockets.add(res.socket);
          expect(res.statusCode).toBe(200);
          res.resume().on('end', resolve);
        });
        req.on('error', reject).end();
      });
    }
    expect(sockets.size).toBe(1);
    const t = performance.now();
    await sb.close();
    // Idle keep-alive sockets would hold close() for the 30 s keep-alive time-out; well below that even when busy.
    expect(performance.now() - t).toBeLessThan(4000);
    agent.destroy();
  });
});
