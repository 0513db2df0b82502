import type { Dispatcher, MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createLicenseType,
  deleteLicenseType,
  getLicenseType,
  listAllLicenseTypes,
  listLicenseTypes,
  updateLicenseType,
  type FusionTarget,
} from '../../src/api/fusion.js';
import type { HttpClient } from '../../src/api/http.js';
import { CliError } from '../../src/errors.js';
import { mockAgent, mockHttpClient } from '../helpers/mock-client.js';

const ORIGIN = 'https://fusion.example.test';
const T: FusionTarget = { instance: 'draas 1', group: 'e5a7c9db-4f6b-4d8e-8a2c-5b7d9f1b3c46' };
const LT = `/api/v01/draas/draas%201/groups/${T.group}/license_types`;
const JSON_HEADERS = { headers: { 'content-type': 'application/json' } };

let agent: MockAgent;

function client(dispatcher: Dispatcher = agent): HttpClient {
  return mockHttpClient(dispatcher, { baseUrl: ORIGIN, timeoutMs: 2_000, auth: { token: async () => 'tok' }, maxAttempts: 3 });
}

function types(from: number, n: number) {
  return Array.from({ length: n }, (_, i) => ({ id: from + i, name: `T${from + i}`, sku: `S${from + i}`, description: '' }));
}

async function failing(p: Promise<unknown>): Promise<CliError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(CliError);
  return err as CliError;
}

beforeEach(() => {
  agent = mockAgent();
});
afterEach(async () => {
  await agent.close();
});

describe('listLicenseTypes', () => {
  it('sends the query with the API\'s own names and returns the checked page', async () => {
    let path = '';
    agent.get(ORIGIN).intercept({ path: (p) => p.startsWith(LT), method: 'GET' }).reply(200, (opts) => {
      path = opts.path;
      return { license_types: types(11, 2), page: 2, pages: 3, results: 22 };
    }, JSON_HEADERS);
    const page = await listLicenseTypes(client(), T, { search: 'a b', sort: 'name', dir: 'desc', page_size: 10, page: 2 });
    const url = new URL(path, ORIGIN);
    expect(url.pathname).toBe(LT);
    expect(Object.fromEntries(url.searchParams)).toEqual({ search: 'a b', sort: 'name', dir: 'desc', page_size: '10', page: '2' });
    expect(page).toEqual({ license_types: types(11, 2), page: 2, pages: 3, results: 22 });
  });

  it('sends no query parameter that was not given', async () => {
    agent.get(ORIGIN).intercept({ path: LT, method: 'GET' }).reply(200, { license_types: [], page: 1, pages: 0, results: 0 }, JSON_HEADERS);
    expect((await listLicenseTypes(client(), T)).results).toBe(0);
  });

  it('accepts a name that is not a string (the vendor types it "object")', async () => {
    const odd = { id: 3, name: { en: 'Gold' }, sku: 'G', description: null };
    agent.get(ORIGIN).intercept({ path: LT, method: 'GET' }).reply(200, { license_types: [odd], page: 1, pages: 1, results: 1 }, JSON_HEADERS);
    expect((await listLicenseTypes(client(), T)).license_types).toEqual([odd]);
  });

  it.each([
    [{ page: 1, pages: 1, results: 0 }, /"license_types" is missing, not an array/],
    [{ license_types: {}, page: 1, pages: 1, results: 0 }, /"license_types" is an object, not an array/],
    [[], /expected an object with "license_types", got an array/],
    [{ license_types: [1], page: 1, pages: 1, results: 1 }, /license_types\[0\] is number 1, not an object/],
    [{ license_types: [{ id: 1 }, null], page: 1, pages: 1, results: 2 }, /license_types\[1\] is null, not an object/],
    [{ license_types: [{ id: '7', name: 'x' }], page: 1, pages: 1, results: 1 }, /license_types\[0\] has an id that is not an integer \(the string "7"\)/],
    [{ license_types: [{ id: 1.5 }], page: 1, pages: 1, results: 1 }, /id that is not an integer \(number 1.5\)/],
    [{ license_types: [{ name: 'no id' }], page: 1, pages: 1, results: 1 }, /id that is not an integer \(missing\)/],
    [{ license_types: [], page: 1, results: 0 }, /"pages" is missing, not a count/],
    [{ license_types: [], page: 1, pages: -1, results: 0 }, /"pages" is number -1, not a count/],
  ])('refuses an undocumented answer %j with exit 1', async (body, message) => {
    agent.get(ORIGIN).intercept({ path: LT, method: 'GET' }).reply(200, body, JSON_HEADERS);
    const err = await failing(listLicenseTypes(client(), T));
    expect(err.exitCode).toBe(1);
    expect(err.code).toBe('bad_response');
    expect(err.message).toMatch(/^the server's answer is not what the API documents: /);
    expect(err.message).toMatch(message);
  });

  it('names the missing role on 403 (exit 4)', async () => {
    agent.get(ORIGIN).intercept({ path: LT, method: 'GET' }).reply(403, { error: 'forbidden', message: 'the API consumer lacks the role groups.instance.license_types.list' }, JSON_HEADERS);
    const err = await failing(listLicenseTypes(client(), T));
    expect(err.exitCode).toBe(4);
    expect(err.message).toBe('the token lacks role groups.instance.license_types.list (403)');
  });

  it('keeps the server\'s words on 403 when they do not name the role', async () => {
    agent.get(ORIGIN).intercept({ path: LT, method: 'GET' }).reply(403, { message: 'consumer disabled' }, JSON_HEADERS);
    const err = await failing(listLicenseTypes(client(), T));
    expect(err.message).toBe('the token lacks role groups.instance.license_types.list (403): consumer disabled');
  });

  it('says which group was not found on 404 (exit 3) and passes the 400 message on (exit 5)', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: LT, method: 'GET' }).reply(404, { error: 'not_found', message: 'no such group' }, JSON_HEADERS);
    pool.intercept({ path: `${LT}?sort=colour`, method: 'GET' }).reply(400, { message: 'sort must be one of id, name' }, JSON_HEADERS);
    const notFound = await failing(listLicenseTypes(client(), T));
    expect(notFound.exitCode).toBe(3);
    expect(notFound.message).toBe(`group ${T.group} not found in DRaaS instance draas 1 (404): check --group and --instance (the profile's defaults: \`licensectl profile show\`)`);
    const rejected = await failing(listLicenseTypes(client(), T, { sort: 'colour' }));
    expect(rejected.exitCode).toBe(5);
    expect(rejected.message).toBe('the server rejected the list request (400): sort must be one of id, name');
  });
});

describe('listAllLicenseTypes', () => {
  /** Answers like the API: `total` types, pages of the requested size; records the pages asked for. */
  function serve(total: number, asked: { page: number; size: number }[]) {
    agent.get(ORIGIN).intercept({ path: (p) => p.startsWith(LT), method: 'GET' }).reply(200, (opts) => {
      const q = new URL(opts.path, ORIGIN).searchParams;
      const size = Number(q.get('page_size') ?? 10);
      const page = Number(q.get('page') ?? 1);
      asked.push({ page, size });
      const start = (page - 1) * size;
      return { license_types: types(start + 1, Math.max(0, Math.min(size, total - start))), page, pages: Math.ceil(total / size), results: total };
    }, JSON_HEADERS).persist();
  }

  it('reads page 1 with page_size 1000, then every other page, joined in order', async () => {
    const asked: { page: number; size: number }[] = [];
    serve(2_500, asked);
    const all = await listAllLicenseTypes(client(), T, { search: 'x' });
    expect(all.license_types.map((t) => t.id)).toEqual(Array.from({ length: 2_500 }, (_, i) => i + 1));
    expect(all.results).toBe(2_500);
    expect(all.pages).toBe(3);
    expect(asked[0]).toEqual({ page: 1, size: 1000 });
    expect(asked.map((a) => a.page).sort()).toEqual([1, 2, 3]);
    expect(asked.every((a) => a.size === 1000)).toBe(true);
  });

  it('uses the page size it is given, and asks once for an empty group', async () => {
    const asked: { page: number; size: number }[] = [];
    serve(25, asked);
    expect((await listAllLicenseTypes(client(), T, { page_size: 10 })).license_types).toHaveLength(25);
    expect(asked.map((a) => a.size)).toEqual([10, 10, 10]);
    await agent.close();
    agent = mockAgent();
    const none: { page: number; size: number }[] = [];
    serve(0, none);
    const empty = await listAllLicenseTypes(client(), T);
    expect(empty).toEqual({ license_types: [], page: 1, pages: 0, results: 0 });
    expect(none).toHaveLength(1);
  });

  it('keeps a type seen on two pages once (the list shifted while it was read)', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: `${LT}?page_size=2&page=1`, method: 'GET' }).reply(200, { license_types: types(1, 2), page: 1, pages: 2, results: 4 }, JSON_HEADERS);
    pool.intercept({ path: `${LT}?page_size=2&page=2`, method: 'GET' }).reply(200, { license_types: types(2, 2), page: 2, pages: 2, results: 4 }, JSON_HEADERS);
    const all = await listAllLicenseTypes(client(), T, { page_size: 2 });
    expect(all.license_types.map((t) => t.id)).toEqual([1, 2, 3]);
  });

  it('refuses a page count no real group has rather than looping on it', async () => {
    agent.get(ORIGIN).intercept({ path: (p) => p.startsWith(LT), method: 'GET' }).reply(200, { license_types: [], page: 1, pages: 10_000_000, results: 1e10 }, JSON_HEADERS);
    const err = await failing(listAllLicenseTypes(client(), T));
    expect(err.message).toMatch(/"pages" is 10000000/);
  });

  it('fails as a whole when one page fails', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: `${LT}?page_size=1000&page=1`, method: 'GET' }).reply(200, { license_types: types(1, 1000), page: 1, pages: 2, results: 1001 }, JSON_HEADERS);
    pool.intercept({ path: `${LT}?page_size=1000&page=2`, method: 'GET' }).reply(200, { license_types: [{ id: 'x' }], page: 2, pages: 2, results: 1001 }, JSON_HEADERS);
    const err = await failing(listAllLicenseTypes(client(), T));
    expect(err.message).toMatch(/page 2.*id that is not an integer/);
  });

  it('a "pages" count the pages do not bear out is not followed blindly: reading stops at the first empty page', async () => {
    let sent = 0;
    agent.get(ORIGIN).intercept({ path: (p) => p.startsWith(LT), method: 'GET' }).reply((req) => {
      sent++;
      const page = Number(new URL(req.path, ORIGIN).searchParams.get('page'));
      return { statusCode: 200, data: { license_types: page === 1 ? types(1, 1) : [], page, pages: 99_999, results: 1 }, responseOptions: JSON_HEADERS };
    }).persist();
    const all = await listAllLicenseTypes(client(), T);
    expect(all.license_types.map((t) => t.id)).toEqual([1]);
    // Page 1, then at most one round of 8 pages in flight when the first empty one came back.
    expect(sent).toBeLessThanOrEqual(9);
  });

  it('has at most 8 pages in flight, and does use 8', async () => {
    // A dispatcher that holds every answer until the test releases it: concurrency is counted, not timed.
    let inFlight = 0;
    let most = 0;
    const held: (() => void)[] = [];
    const fake = {
      dispatch: (opts: { path: string }, handler: Record<string, (...a: unknown[]) => void>) => {
        inFlight++;
        most = Math.max(most, inFlight);
        const ctl = { abort: () => undefined };
        handler.onRequestStart?.(ctl, {});
        void new Promise<void>((resolve) => held.push(resolve)).then(() => {
          inFlight--;
          const page = Number(new URL(opts.path, ORIGIN).searchParams.get('page'));
          const body = JSON.stringify({ license_types: types(page, 1), page, pages: 30, results: 30 });
          handler.onResponseStart!(ctl, 200, { 'content-type': 'application/json' }, 'OK');
          handler.onResponseData!(ctl, Buffer.from(body));
          handler.onResponseEnd!(ctl, {});
        });
        return true;
      },
      close: async () => undefined,
    } as unknown as Dispatcher;
    let finished = false;
    const done = listAllLicenseTypes(client(fake), T, { page_size: 1 }).finally(() => { finished = true; });
    for (let i = 0; i < 10_000 && !finished; i++) {
      await new Promise((r) => setImmediate(r));
      held.splice(0).forEach((release) => release());
    }
    const all = await done;
    expect(all.license_types.map((t) => t.id)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(most).toBe(8);
  });
});

describe('get, create, update, delete', () => {
  it('get: returns the type; 404 says which id in which group (exit 3)', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: `${LT}/7`, method: 'GET' }).reply(200, { id: 7, name: 'Gold', sku: 'G', description: 'd' }, JSON_HEADERS);
    pool.intercept({ path: `${LT}/8`, method: 'GET' }).reply(404, { message: 'license type 8 does not exist' }, JSON_HEADERS);
    expect(await getLicenseType(client(), T, 7)).toEqual({ id: 7, name: 'Gold', sku: 'G', description: 'd' });
    const err = await failing(getLicenseType(client(), T, 8));
    expect(err.exitCode).toBe(3);
    expect(err.message).toBe(`license type 8 not found in group ${T.group} (404): see the group's license types with \`licensectl license-type list\``);
  });

  it('get: a 200 with an empty body or a bad id is a clear error (exit 1)', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: `${LT}/7`, method: 'GET' }).reply(200, '');
    pool.intercept({ path: `${LT}/9`, method: 'GET' }).reply(200, { id: null }, JSON_HEADERS);
    const empty = await failing(getLicenseType(client(), T, 7));
    expect(empty.exitCode).toBe(1);
    expect(empty.message).toBe("the server's answer is not what the API documents: GET license_types/7: the body is empty, expected the license type");
    expect((await failing(getLicenseType(client(), T, 9))).message).toMatch(/id that is not an integer \(null\)/);
  });

  it('create: POSTs all three fields and returns the new type; a 400 is exit 5 with the server\'s message', async () => {
    const pool = agent.get(ORIGIN);
    let sent: unknown;
    pool.intercept({ path: LT, method: 'POST' }).reply(201, (opts) => {
      sent = JSON.parse(String(opts.body));
      return { id: 12, ...(sent as object) };
    }, JSON_HEADERS);
    pool.intercept({ path: LT, method: 'POST' }).reply(400, { error: 'duplicate_sku', message: 'sku G already exists' }, JSON_HEADERS);
    const created = await createLicenseType(client(), T, { name: 'Gold', sku: 'G', description: '' });
    expect(sent).toEqual({ description: '', name: 'Gold', sku: 'G' });
    expect(created).toEqual({ id: 12, description: '', name: 'Gold', sku: 'G' });
    const err = await failing(createLicenseType(client(), T, { name: 'Gold', sku: 'G', description: '' }));
    expect(err.exitCode).toBe(5);
    expect(err.message).toBe('the server rejected the license type (400): sku G already exists');
  });

  it('create: an answer without an integer id says the type was probably created', async () => {
    agent.get(ORIGIN).intercept({ path: LT, method: 'POST' }).reply(201, { name: 'Gold' }, JSON_HEADERS);
    const err = await failing(createLicenseType(client(), T, { name: 'Gold', sku: 'G', description: '' }));
    expect(err.exitCode).toBe(1);
    expect(err.message).toMatch(/id that is not an integer \(missing\) \(the license type was probably created: look for sku "G"/);
  });

  it('create: a 403 names the create role; a 503 is not retried', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: LT, method: 'POST' }).reply(403, { message: 'no' }, JSON_HEADERS);
    pool.intercept({ path: LT, method: 'POST' }).reply(503, { message: 'busy' }, JSON_HEADERS);
    pool.intercept({ path: LT, method: 'POST' }).reply(201, { id: 1 }, JSON_HEADERS);
    const forbidden = await failing(createLicenseType(client(), T, { name: 'a', sku: 'b', description: '' }));
    expect(forbidden.message).toBe('the token lacks role groups.instance.license_types.create (403): no');
    expect(forbidden.exitCode).toBe(4);
    const busy = await failing(createLicenseType(client(), T, { name: 'a', sku: 'b', description: '' }));
    expect(busy.status).toBe(503);
    expect(agent.pendingInterceptors()).toHaveLength(1); // the 201 was never asked for
  });

  it('update: PUTs all three fields; the documented answer without id, or none, is returned as is', async () => {
    const pool = agent.get(ORIGIN);
    let sent: unknown;
    pool.intercept({ path: `${LT}/7`, method: 'PUT' }).reply(200, (opts) => {
      sent = JSON.parse(String(opts.body));
      return sent as object;
    }, JSON_HEADERS);
    pool.intercept({ path: `${LT}/7`, method: 'PUT' }).reply(200, '');
    pool.intercept({ path: `${LT}/7`, method: 'PUT' }).reply(200, '[1]', JSON_HEADERS);
    const fields = { name: { en: 'Gold' }, sku: 'G', description: 'new' };
    expect(await updateLicenseType(client(), T, 7, fields)).toEqual(fields);
    expect(sent).toEqual(fields);
    expect(await updateLicenseType(client(), T, 7, fields)).toEqual({});
    expect((await failing(updateLicenseType(client(), T, 7, fields))).message).toMatch(/PUT license_types\/7: expected the stored fields, got an array/);
  });

  it('update: 403 names the update role, 404 the id and group', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: `${LT}/7`, method: 'PUT' }).reply(403, '');
    pool.intercept({ path: `${LT}/7`, method: 'PUT' }).reply(404, '');
    const fields = { name: 'a', sku: 'b', description: '' };
    expect((await failing(updateLicenseType(client(), T, 7, fields))).message).toBe('the token lacks role groups.instance.license_types.instance.update (403)');
    const missing = await failing(updateLicenseType(client(), T, 7, fields));
    expect(missing.exitCode).toBe(3);
    expect(missing.message).toBe(`license type 7 not found in group ${T.group} (404): see the group's license types with \`licensectl license-type list\``);
  });

  it('delete: 204 is success; 403 names the delete role', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: `${LT}/7`, method: 'DELETE' }).reply(204, '');
    pool.intercept({ path: `${LT}/7`, method: 'DELETE' }).reply(403, '');
    await expect(deleteLicenseType(client(), T, 7)).resolves.toBeUndefined();
    expect((await failing(deleteLicenseType(client(), T, 7))).message).toBe('the token lacks role groups.instance.license_types.instance.delete (403)');
  });
});
