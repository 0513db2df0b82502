import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FusionTarget } from '../../../../src/api/fusion.js';
import { HttpClient } from '../../../../src/api/http.js';
import { planApply } from '../../../../src/commands/license-type/shared/apply-plan.js';
import { runPlan, type ItemResult } from '../../../../src/commands/license-type/shared/apply-run.js';

const ORIGIN = 'https://fusion.example.test';
const T: FusionTarget = { instance: 'draas1', group: 'e5a7c9db-4f6b-4d8e-8a2c-5b7d9f1b3c46' };
const LT = `/api/v01/draas/draas1/groups/${T.group}/license_types`;
const JSON_HEADERS = { headers: { 'content-type': 'application/json' } };

let agent: MockAgent;
const client = () => new HttpClient({
  baseUrl: ORIGIN, userAgent: 't', timeoutMs: 2_000, auth: { token: async () => 'tok' }, dispatcher: agent,
  backoff: { baseMs: 1, capMs: 2, retryAfterCapMs: 5 }, maxAttempts: 2,
});

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(async () => {
  await agent.close();
});

const current = [{ id: 1, sku: 'A', name: 'a', description: '' }, { id: 2, sku: 'B', name: 'b', description: '' }];
const writes = planApply(current, [{ sku: 'A', name: 'a2' }, { sku: 'N1', name: 'n1' }, { sku: 'N2', name: 'n2' }], { prune: true }).items.filter((i) => i.action !== 'unchanged');

describe('runPlan', () => {
  it('carries out every write, keeps going past failures, and reports in plan order', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: LT, method: 'POST', body: (b) => JSON.parse(b).sku === 'N1' }).reply(201, { id: 10, sku: 'N1' }, JSON_HEADERS);
    pool.intercept({ path: LT, method: 'POST', body: (b) => JSON.parse(b).sku === 'N2' }).reply(400, { message: 'name taken' }, JSON_HEADERS);
    pool.intercept({ path: `${LT}/1`, method: 'PUT' }).reply(200, { name: 'a2', sku: 'A', description: '' }, JSON_HEADERS);
    pool.intercept({ path: `${LT}/2`, method: 'DELETE' }).reply(403, '');
    const seen: number[] = [];
    const results = await runPlan(client(), T, writes, { concurrency: 2, onResult: (_r, done) => seen.push(done) });
    expect(results).toEqual<ItemResult[]>([
      { action: 'create', sku: 'N1', id: 10, ok: true },
      { action: 'create', sku: 'N2', id: null, ok: false, error: 'the server rejected the license type (400): name taken' },
      { action: 'update', sku: 'A', id: 1, ok: true },
      { action: 'delete', sku: 'B', id: 2, ok: false, error: 'the token lacks role groups.instance.license_types.instance.delete (403)' },
    ]);
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('never resends a create whose connection dropped, and says a re-run is safe', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: LT, method: 'POST' }).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    pool.intercept({ path: LT, method: 'POST' }).reply(201, { id: 99 }, JSON_HEADERS);
    const [create] = writes.filter((w) => w.action === 'create');
    const [result] = await runPlan(client(), T, [create!], { concurrency: 1 });
    expect(result!.ok).toBe(false);
    expect(result!.error).toMatch(/it was NOT sent again.*; running apply again is safe: it matches by sku, so nothing is created twice$/);
    expect(agent.pendingInterceptors()).toHaveLength(1);
  });

  it('starts nothing once interrupted, and says so for each item', async () => {
    const abort = new AbortController();
    abort.abort();
    const results = await runPlan(client(), T, writes, { concurrency: 8, signal: abort.signal });
    expect(results.map((r) => [r.sku, r.ok, r.error])).toEqual([
      ['N1', false, 'not attempted: interrupted'],
      ['N2', false, 'not attempted: interrupted'],
      ['A', false, 'not attempted: interrupted'],
      ['B', false, 'not attempted: interrupted'],
    ]);
  });

  it('does nothing for an empty plan', async () => {
    expect(await runPlan(client(), T, [], { concurrency: 8 })).toEqual([]);
  });
});
