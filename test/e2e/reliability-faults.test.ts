// Faults end to end: the built binary against a server that rate-limits, fails, drops connections
// and stalls. Idempotent calls are retried (attempts counted at the server), Retry-After is
// honoured up to its cap, and a create is never sent twice once it may have reached the server.
// Then the sandbox's own fault injection: nothing is lost or duplicated when the network is bad.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS, startSandbox, type FaultKind, type Sandbox } from '../../src/sandbox/server.js';
import { runCli, tempConfigDir, type RunResult } from '../helpers/cli.js';
import { startHostileServer, type HostileServer, type Script } from '../helpers/hostile-server.js';

const GROUP = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
const TARGET = ['--instance', 'draas1', '--group', GROUP];
const LIST_PATH = `/api/v01/draas/draas1/groups/${GROUP}/license_types`;
const TYPE = { id: 7, name: 'Gold', sku: 'gold', description: 'Premium' };
const PAGE = { license_types: [TYPE], page: 1, pages: 1, results: 1 };

let config: string;
let server: HostileServer | undefined;

beforeAll(() => {
  config = tempConfigDir();
});
afterAll(() => {
  fs.rmSync(config, { recursive: true, force: true });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function against(script: Script, args: string[], env: Record<string, string> = {}): Promise<RunResult & { s: HostileServer }> {
  server = await startHostileServer(script);
  const r = await runCli(args, { env: { LICENSECTL_CONFIG_DIR: config, LICENSECTL_BASE_URL: server.url, LICENSECTL_TOKEN: 'tok-faults', ...env } });
  return { ...r, s: server };
}

/** A failure: exactly one `licensectl: ...` line on stderr, no stack frame, nothing on stdout. */
function expectOneLineFailure(r: RunResult, code: number): string {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^licensectl: [^\n]+\n$/);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  return r.stderr.slice('licensectl: '.length, -1);
}

const methods = (s: HostileServer) => s.received.map((q) => q.method);

describe('rate limits and gateway errors', () => {
  it('429 with Retry-After: the retry comes no sooner than asked, and the list is printed', async () => {
    const r = await against([{ status: 429, headers: { 'retry-after': '1' }, body: { error: 'too_many_requests' } }, { body: PAGE }], ['lt', 'list', ...TARGET]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('7\tGold\tgold\tPremium\n');
    expect(r.s.received).toHaveLength(2);
    expect(r.s.received[1]!.at - r.s.received[0]!.at).toBeGreaterThanOrEqual(999);
  });

  it('Retry-After: 3600 does not make it wait an hour: it stops at once and says why (exit 1)', async () => {
    const r = await against({ status: 429, headers: { 'retry-after': '3600' }, body: { message: 'daily quota used up' } }, ['lt', 'get', '7', ...TARGET]);
    const message = expectOneLineFailure(r, 1);
    expect(message).toBe(
      `GET ${LIST_PATH}/7 failed with 429 too many requests: daily quota used up (the server asks to wait 3600 s before trying again, ` +
        'longer than licensectl waits: 30 s; try again later, or raise LICENSECTL_RETRY_AFTER_CAP)',
    );
    expect(r.s.received).toHaveLength(1);
  });

  it('LICENSECTL_RETRY_AFTER_CAP sets the cap; a bad value is a usage error before any request', async () => {
    const low = await against({ status: 503, headers: { 'retry-after': '2' } }, ['lt', 'get', '7', ...TARGET], { LICENSECTL_RETRY_AFTER_CAP: '1' });
    expect(expectOneLineFailure(low, 1)).toContain('wait 2 s before trying again, longer than licensectl waits: 1 s');
    expect(low.s.received).toHaveLength(1);
    await server!.close();

    const bad = await against({ body: TYPE }, ['lt', 'get', '7', ...TARGET], { LICENSECTL_RETRY_AFTER_CAP: 'soon' });
    expect(expectOneLineFailure(bad, 2)).toBe('LICENSECTL_RETRY_AFTER_CAP must be a number of seconds from 0 to 86400, not "soon"');
    expect(bad.s.received).toHaveLength(0);
  });

  it('502 (nginx HTML), 503 and 504 are retried with backoff until an answer comes', async () => {
    const r = await against(
      [
        { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><head><title>502 Bad Gateway</title></head></html>' },
        { status: 503, body: { error: 'service_unavailable' } },
        { status: 504, headers: { 'content-type': 'text/html' }, body: '<h1>504 Gateway Time-out</h1>' },
        { body: TYPE },
      ],
      ['--json', 'lt', 'get', '7', ...TARGET],
    );
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(TYPE);
    expect(r.stderr).toBe('');
    expect(methods(r.s)).toEqual(['GET', 'GET', 'GET', 'GET']);
    // Backoff: never two attempts at the same instant.
    for (let i = 1; i < 4; i++) expect(r.s.received[i]!.at).toBeGreaterThan(r.s.received[i - 1]!.at);
  });

  it('gives up after LICENSECTL_MAX_ATTEMPTS, naming the status and the attempts (exit 1)', async () => {
    const r = await against({ status: 503, body: { message: 'maintenance until 14:00' } }, ['lt', 'list', ...TARGET], { LICENSECTL_MAX_ATTEMPTS: '3' });
    expect(expectOneLineFailure(r, 1)).toBe(`GET ${LIST_PATH} failed with 503 service unavailable: maintenance until 14:00 (after 3 attempts)`);
    expect(r.s.received).toHaveLength(3);
  });

  it('with --json the failure is one JSON object on stderr', async () => {
    const r = await against({ status: 502, headers: { 'content-type': 'text/html' }, body: '<title>502 Bad Gateway</title>' }, ['--json', 'lt', 'list', ...TARGET], { LICENSECTL_MAX_ATTEMPTS: '2' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toEqual({
      error: { code: 'server_error', status: 502, message: `GET ${LIST_PATH} failed with 502 bad gateway: 502 Bad Gateway (after 2 attempts)` },
    });
  });
});

describe('dropped connections, stalls and broken bodies', () => {
  it('a dropped connection and a truncated body are retried for list, update and delete', async () => {
    const list = await against([{ drop: true }, { body: PAGE, truncateAt: 20 }, { body: PAGE }], ['lt', 'list', ...TARGET]);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toBe('7\tGold\tgold\tPremium\n');
    expect(list.s.received).toHaveLength(3);
    await server!.close();

    const update = await against(
      (q) => (q.method === 'GET' ? { body: TYPE } : q.index === 1 ? { drop: true } : { body: { ...TYPE, name: 'Platinum', id: undefined } }),
      ['lt', 'update', '7', '--name', 'Platinum', ...TARGET],
    );
    expect(update.code, update.stderr).toBe(0);
    expect(methods(update.s)).toEqual(['GET', 'PUT', 'PUT']);
    expect(update.s.received[1]!.body).toBe(update.s.received[2]!.body);
    await server!.close();

    // delete reads the type first (GET), then its DELETE is dropped once and sent again.
    const del = await against((q) => (q.method === 'GET' ? { body: TYPE } : q.index === 1 ? { drop: true } : { status: 204 }), ['lt', 'delete', '7', '--yes', ...TARGET]);
    expect(del.code, del.stderr).toBe(0);
    expect(methods(del.s)).toEqual(['GET', 'DELETE', 'DELETE']);
  });

  it('--timeout 0.3 against a server that answers after 2 s: retried, then a time-out (exit 1)', async () => {
    const r = await against({ delayMs: 2_000, body: TYPE }, ['--timeout', '0.3', 'lt', 'get', '7', ...TARGET], { LICENSECTL_MAX_ATTEMPTS: '2' });
    const host = new URL(r.s.url).host;
    expect(expectOneLineFailure(r, 1)).toBe(`no answer from ${host} within the time-out after 2 attempts (raise it with --timeout <seconds>)`);
    expect(r.s.received).toHaveLength(2);
  });

  it('an HTML page or truncated JSON in a 200 is a clear failure (exit 1)', async () => {
    const html = await against(
      { headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html>\n<html><head><title>Corporate proxy: sign in</title></head></html>' },
      ['lt', 'list', ...TARGET],
    );
    expect(expectOneLineFailure(html, 1)).toBe(`GET ${LIST_PATH} answered 200 with something that is not JSON (text/html): Corporate proxy: sign in`);
    await server!.close();

    const cut = await against({ headers: { 'content-type': 'application/json' }, body: '{"id": 7, "name": "Go' }, ['lt', 'get', '7', ...TARGET]);
    expect(expectOneLineFailure(cut, 1)).toBe(`GET ${LIST_PATH}/7 answered 200 with something that is not JSON (application/json): {"id": 7, "name": "Go`);
    expect(cut.s.received).toHaveLength(1);
  });
});

describe('license-type create is never sent twice', () => {
  const create = ['lt', 'create', '--name', 'Gold', '--sku', 'gold', ...TARGET];
  const cases: [string, Script, string[], RegExp][] = [
    ['the connection drops after the server read it', { drop: true }, [], /lost its connection \(UND_ERR_SOCKET\)/],
    ['the answer is cut off mid-body', { status: 201, body: TYPE, truncateAt: 8 }, [], /lost its connection/],
    ['the answer is slower than --timeout', { delayMs: 2_000, status: 201, body: TYPE }, ['--timeout', '0.3'], /timed out/],
  ];
  for (const [what, script, flags, words] of cases) {
    it(`${what}: says it may have been created, exit 1, one POST`, async () => {
      const r = await against(script, [...flags, ...create]);
      const message = expectOneLineFailure(r, 1);
      expect(message).toMatch(new RegExp(`^POST ${LIST_PATH} .+ after it may have reached the server; it was NOT sent again, so check whether it took effect before retrying$`));
      expect(message).toMatch(words);
      expect(methods(r.s)).toEqual(['POST']);
      expect(JSON.parse(r.s.received[0]!.body)).toEqual({ description: '', name: 'Gold', sku: 'gold' });
    });
  }

  it('503 to a create is reported, not resent', async () => {
    const r = await against({ status: 503, body: { message: 'busy' } }, create);
    expect(expectOneLineFailure(r, 1)).toBe(`POST ${LIST_PATH} failed with 503 service unavailable: busy`);
    expect(methods(r.s)).toEqual(['POST']);
  });

  it('429 to a create ("not processed") is sent again after Retry-After, up to LICENSECTL_MAX_ATTEMPTS', async () => {
    const r = await against({ status: 429, headers: { 'retry-after': '0' }, body: { message: 'slow down' } }, create, { LICENSECTL_MAX_ATTEMPTS: '3' });
    expect(expectOneLineFailure(r, 1)).toBe(`POST ${LIST_PATH} failed with 429 too many requests: slow down (after 3 attempts)`);
    expect(methods(r.s)).toEqual(['POST', 'POST', 'POST']);
  });

  it('apply: a create that may have happened fails that item (exit 6), sent once, and says a re-run is safe', async () => {
    const file = path.join(config, `${randomUUID()}.json`);
    fs.writeFileSync(file, JSON.stringify([{ sku: 'gold', name: 'Gold' }]));
    const r = await against(
      (q) => (q.method === 'GET' ? { body: { license_types: [], page: 1, pages: 1, results: 0 } } : { drop: true }),
      ['lt', 'apply', '--file', file, ...TARGET],
    );
    expect(r.code, r.stderr).toBe(6);
    expect(methods(r.s)).toEqual(['GET', 'POST']);
    expect(r.stderr).toContain('running apply again is safe: it matches by sku, so nothing is created twice');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(/^licensectl: 1 of 1 change failed \(create gold\)/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

/** Deterministic randomness for the sandbox's fault draws (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the sandbox with fault injection: nothing lost, nothing doubled', () => {
  let sb: Sandbox;
  const kinds: FaultKind[] = ['429', '502', '503', '504', 'drop-before', 'drop-after'];
  beforeAll(async () => {
    sb = await startSandbox({ port: 0, faultRate: 0.3, faultKinds: kinds, retryAfterSeconds: 0, random: seeded(42) });
  });
  afterAll(async () => {
    await sb.close();
  });
  const env = () => ({ LICENSECTL_CONFIG_DIR: config, LICENSECTL_BASE_URL: `${sb.url}/${SANDBOX_DEFAULTS.org}`, LICENSECTL_TOKEN: sb.adminToken });

  it('apply --prune, run until it succeeds, leaves exactly the desired types, each sku once', async () => {
    const group = randomUUID();
    sb.seedLicenseTypes('draas1', group, 3); // not in the file: --prune deletes them
    const target = ['--instance', 'draas1', '--group', group];
    const desired = Array.from({ length: 12 }, (_, i) => ({ sku: `sku-${i}`, name: `Type ${i}`, description: `d${i}` }));
    const file = path.join(config, `${randomUUID()}.json`);
    fs.writeFileSync(file, JSON.stringify(desired));
    const codes: (number | null)[] = [];
    // Each run either finishes (0) or reports the items that failed (6; 1 when the listing itself failed).
    for (let run = 0; run < 6 && codes.at(-1) !== 0; run++) {
      const r = await runCli(['lt', 'apply', '--prune', '--yes', '--file', file, ...target], { env: env() });
      expect([0, 1, 6], r.stderr).toContain(r.code);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      codes.push(r.code);
    }
    expect(codes.at(-1)).toBe(0);
    // The case that matters: a create the server carried out but never answered (seed 42 draws one).
    expect(sb.requests.some((q) => q.method === 'POST' && q.fault === 'drop-after')).toBe(true);

    const r = await runCli(['--json', 'lt', 'list', '--all', ...target], { env: { ...env(), LICENSECTL_MAX_ATTEMPTS: '20' } });
    expect(r.code, r.stderr).toBe(0);
    const stored = (JSON.parse(r.stdout) as { sku: string; name: string; description: string }[]).map(({ sku, name, description }) => ({ sku, name, description }));
    expect(stored.sort((a, b) => a.sku.localeCompare(b.sku, 'en', { numeric: true }))).toEqual(desired);
  });

  it('group allocate (PUT) is retried through injected faults and the allocation is stored', async () => {
    const before = sb.requests.length;
    const group = SANDBOX_DEFAULTS.uipathGroups[0]!;
    const r = await runCli(['--json', 'group', 'allocate', group, '--codes', 'RPADEVPRONU,IDU', '--account', SANDBOX_DEFAULTS.accountId], {
      env: { ...env(), LICENSECTL_MAX_ATTEMPTS: '20' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ groupId: group, userBundleCodes: ['RPADEVPRONU', 'IDU'] });
    const puts = sb.requests.slice(before).filter((q) => q.method === 'PUT');
    expect(puts.length).toBeGreaterThanOrEqual(1);
    expect(puts.at(-1)!.status).toBe(200);
    expect(puts.slice(0, -1).every((q) => q.fault !== undefined)).toBe(true);
  });
});
