import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUSION_ROLES, SANDBOX_FUSION_EMPTY_GROUP, SANDBOX_LICENSE_TYPES } from '../../src/sandbox/identities.js';
import { SANDBOX_DEFAULTS as D, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { call, expectErrorBody, ltPath } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const login = (username: string, password: string) => call(sb.url, 'POST', '/api/v01/auth/login', { body: { username, password } });
const list = (query: string, group = D.group) => call(sb.url, 'GET', ltPath(`?${query}`, group), { token: sb.adminToken });

describe('POST /api/v01/auth/login', () => {
  it('gives a token that carries the user roles', async () => {
    const a = await login('admin', 'admin');
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const got = await call(sb.url, 'GET', ltPath('/1'), { token: a.json.access_token });
    expect(got.status).toBe(200);
    expect(got.json).toEqual({ id: 1, ...SANDBOX_LICENSE_TYPES[0] });
  });

  it('gives only a 2fa_payload and the option for an untrusted device', async () => {
    const a = await login('twofactor', 'twofactor');
    expect(a.status).toBe(200);
    expect(Object.keys(a.json).sort()).toEqual(['2fa_payload', 'option']);
    expect(typeof a.json['2fa_payload']).toBe('string');
    expect(a.json.option).toBe('email');
  });

  it('401 for wrong credentials, 400 for a body without them', async () => {
    expect(expectErrorBody(await login('admin', 'wrong')).error).toBe('invalid_credentials');
    expect((await login('admin', 'wrong')).status).toBe(401);
    expect((await call(sb.url, 'POST', '/api/v01/auth/login', { body: { user: 'admin' } })).status).toBe(400);
  });

  it('is reachable under the organization prefix too', async () => {
    expect((await call(sb.url, 'POST', `/${D.org}/api/v01/auth/login`, { body: { username: 'admin', password: 'admin' } })).status).toBe(200);
    expect((await call(sb.url, 'POST', '/globex/api/v01/auth/login', { body: { username: 'admin', password: 'admin' } })).status).toBe(404);
  });
});

describe('license types CRUD', () => {
  it('creates (201 with a new integer id), gets, updates (200 without id) and deletes (204, twice)', async () => {
    const created = await call(sb.url, 'POST', ltPath(), { token: sb.adminToken, body: { name: 'Calling Plan', sku: 'MCOPSTN1', description: 'Domestic' } });
    expect(created.status).toBe(201);
    expect(Number.isInteger(created.json.id)).toBe(true);
    expect(created.json).toMatchObject({ name: 'Calling Plan', sku: 'MCOPSTN1', description: 'Domestic' });
    const id = created.json.id as number;
    expect((await call(sb.url, 'GET', ltPath(`/${id}`), { token: sb.adminToken })).json).toEqual(created.json);

    const updated = await call(sb.url, 'PUT', ltPath(`/${id}`), { token: sb.adminToken, body: { name: 'Calling Plan 2', sku: 'MCOPSTN2', description: '' } });
    expect(updated.status).toBe(200);
    expect(updated.json).toEqual({ description: '', name: 'Calling Plan 2', sku: 'MCOPSTN2' });
    expect((await call(sb.url, 'GET', ltPath(`/${id}`), { token: sb.adminToken })).json).toEqual({ id, ...updated.json });

    const del = await call(sb.url, 'DELETE', ltPath(`/${id}`), { token: sb.adminToken });
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await call(sb.url, 'DELETE', ltPath(`/${id}`), { token: sb.adminToken })).status).toBe(204);
    expect((await call(sb.url, 'GET', ltPath(`/${id}`), { token: sb.adminToken })).status).toBe(404);
    // The sku is free again once deleted.
    expect((await call(sb.url, 'POST', ltPath(), { token: sb.adminToken, body: { name: 'Again', sku: 'MCOPSTN2' } })).status).toBe(201);
  });

  it.each([
    ['no name', { sku: 'X1', description: '' }],
    ['an empty sku', { name: 'X', sku: ' ', description: '' }],
    ['a non-string description', { name: 'X', sku: 'X2', description: 5 }],
    ['a duplicate sku', { name: 'Dup', sku: SANDBOX_LICENSE_TYPES[0]!.sku, description: '' }],
  ])('create: 400 for %s', async (_n, body) => {
    const a = await call(sb.url, 'POST', ltPath(), { token: sb.adminToken, body });
    expect(a.status).toBe(400);
    expectErrorBody(a);
  });

  it('update: every field is required, 404 for an unknown id, 400 for a sku another type holds', async () => {
    const path = ltPath('/2');
    expect((await call(sb.url, 'PUT', path, { token: sb.adminToken, body: { name: 'Only name', sku: 'PHONESYSTEM_VIRTUALUSER' } })).status).toBe(400);
    expect((await call(sb.url, 'PUT', ltPath('/999999'), { token: sb.adminToken, body: { name: 'a', sku: 'b', description: '' } })).status).toBe(404);
    const taken = await call(sb.url, 'PUT', path, { token: sb.adminToken, body: { name: 'a', sku: SANDBOX_LICENSE_TYPES[0]!.sku, description: '' } });
    expect(taken.status).toBe(400);
    expect((await call(sb.url, 'GET', path, { token: sb.adminToken })).json.sku).toBe(SANDBOX_LICENSE_TYPES[1]!.sku);
  });

  it('400 for a non-integer id; 404 for an unknown instance or group', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const body = method === 'PUT' ? { name: 'a', sku: 'b', description: '' } : undefined;
      const a = await call(sb.url, method, ltPath('/abc'), { token: sb.adminToken, body });
      expect(a.status).toBe(400);
    }
    expect((await call(sb.url, 'GET', ltPath('/1.5'), { token: sb.adminToken })).status).toBe(400);
    expect((await call(sb.url, 'GET', ltPath('', D.group, 'nope'), { token: sb.adminToken })).status).toBe(404);
    const g = await call(sb.url, 'GET', ltPath('', '00000000-0000-4000-8000-000000000000'), { token: sb.adminToken });
    expect(g.status).toBe(404);
    expect(expectErrorBody(g).message).toMatch(/group/);
  });

  it('401 without or with an expired token; 403 naming the missing role', async () => {
    expect((await call(sb.url, 'GET', ltPath())).status).toBe(401);
    expect((await call(sb.url, 'GET', ltPath(), { token: sb.issueToken({ ttlSeconds: 0 }) })).status).toBe(401);
    const viewer = (await login('viewer', 'viewer')).json.access_token as string;
    expect((await call(sb.url, 'GET', ltPath(), { token: viewer })).status).toBe(200);
    const denied = await call(sb.url, 'POST', ltPath(), { token: viewer, body: { name: 'x', sku: 'VIEWER-X', description: '' } });
    expect(denied.status).toBe(403);
    expect(expectErrorBody(denied).message).toContain(FUSION_ROLES.create);
    const del = await call(sb.url, 'DELETE', ltPath('/1'), { token: viewer });
    expect(del.json.message).toContain('groups.instance.license_types.instance.delete');
    expect((await call(sb.url, 'GET', ltPath('/1'), { token: sb.adminToken })).status).toBe(200);
  });

  it('405 for PATCH on a license type', async () => {
    const a = await call(sb.url, 'PATCH', ltPath('/1'), { token: sb.adminToken, body: {} });
    expect(a.status).toBe(405);
    expect(a.headers.get('allow')).toBe('GET, PUT, DELETE');
  });
});

describe('license types list', () => {
  const group = SANDBOX_FUSION_EMPTY_GROUP.uuid;
  beforeAll(() => sb.seedLicenseTypes(D.instance, group, 25));

  it('pages with page_size 10 and page 1 by default', async () => {
    const a = await list('', group);
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ page: 1, pages: 3, results: 25 });
    expect(a.json.license_types).toHaveLength(10);
    const last = await list('page=3', group);
    expect(last.json.license_types).toHaveLength(5);
    expect(last.json.page).toBe(3);
    const past = await list('page=4', group);
    expect(past.status).toBe(200);
    expect(past.json).toMatchObject({ license_types: [], page: 4, pages: 3, results: 25 });
    const all = await list('page_size=1000', group);
    const ids = all.json.license_types.map((lt: { id: number }) => lt.id);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(25);
  });

  it.each(['page_size=0', 'page_size=1001', 'page_size=abc', 'page=0', 'page=-1', 'page=1.5', 'sort=price', 'dir=up', 'page=1&page=2'])(
    '400 for %s',
    async (q) => {
      const a = await list(q, group);
      expect(a.status).toBe(400);
      expectErrorBody(a);
    },
  );

  it('searches name, description and sku case-insensitively', async () => {
    // Two names, plus a description ("Includes Teams Phone").
    expect((await list('search=teams%20PHONE')).json.results).toBe(3);
    expect((await list('search=mcocap')).json.license_types[0].sku).toBe('MCOCAP');
    expect((await list('search=CALL%20QUEUES')).json.license_types[0].sku).toBe('PHONESYSTEM_VIRTUALUSER');
    expect((await list('search=zzz-nothing')).json).toEqual({ license_types: [], page: 1, pages: 0, results: 0 });
  });

  it('sorts by a field in either direction', async () => {
    const names = (a: { json: { license_types: { name: string }[] } }) => a.json.license_types.map((lt) => lt.name);
    const asc = names(await list('search=teams&sort=name'));
    expect(asc).toEqual(['Microsoft 365 E5', 'Teams Phone Resource Account', 'Teams Phone Standard', 'Teams Rooms Pro', 'Teams Shared Devices']);
    expect(names(await list('search=teams&sort=name&dir=desc'))).toEqual([...asc].reverse());
    const skus = (await list('search=teams&sort=sku')).json.license_types.map((lt: { sku: string }) => lt.sku);
    expect(skus).toEqual(['MCOCAP', 'MCOEV', 'Microsoft_Teams_Rooms_Pro', 'PHONESYSTEM_VIRTUALUSER', 'SPE_E5']);
    const ids = (a: { json: { license_types: { id: number }[] } }) => a.json.license_types.map((lt) => lt.id);
    const byId = ids(await list('page_size=1000', group));
    expect(ids(await list('sort=id&dir=desc&page_size=1000', group))).toEqual([...byId].reverse());
    expect(ids(await list('dir=desc&page_size=1000', group))).toEqual([...byId].reverse());
  });
});

describe('GET /api/v01/draas/{instance}/groups', () => {
  it('lists groups with a next token until the last page', async () => {
    const path = `/api/v01/draas/${D.instance}/groups`;
    const first = await call(sb.url, 'GET', `${path}?page_size=2&sort=name`, { token: sb.adminToken });
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ results: 5, pages: 3, page: 1, groups: [{ uuid: SANDBOX_FUSION_EMPTY_GROUP.uuid, name: 'Acme Branch' }, { uuid: D.group, name: 'Acme HQ' }] });
    expect(typeof first.json.next).toBe('string');
    const names: string[] = first.json.groups.map((g: { name: string }) => g.name);
    let next: string | null = first.json.next;
    let pageNo = 1;
    while (next !== null) {
      const a = await call(sb.url, 'GET', `${path}?page_size=2&sort=name&next=${encodeURIComponent(next)}`, { token: sb.adminToken });
      expect(a.json.page).toBe(++pageNo);
      names.push(...a.json.groups.map((g: { name: string }) => g.name));
      next = a.json.next;
    }
    expect(pageNo).toBe(3);
    expect(names).toEqual(['Acme Branch', 'Acme HQ', 'Acme Support', 'Globex Sales', 'Initech Labs']);
    const desc = await call(sb.url, 'GET', `${path}?sort=name&dir=desc&page_size=1`, { token: sb.adminToken });
    expect(desc.json.groups.map((g: { name: string }) => g.name)).toEqual(['Initech Labs']);
    const search = await call(sb.url, 'GET', `${path}?search=hq`, { token: sb.adminToken });
    expect(search.json.groups).toEqual([{ uuid: D.group, name: 'Acme HQ' }]);
    const several = await call(sb.url, 'GET', `${path}?search=ACME&sort=name`, { token: sb.adminToken });
    expect(several.json).toMatchObject({ results: 3, pages: 1, page: 1, next: null });
    expect(several.json.groups.map((g: { name: string }) => g.name)).toEqual(['Acme Branch', 'Acme HQ', 'Acme Support']);
  });

  it('403 without groups.list, 400 for a forged next token', async () => {
    const viewer = sb.issueToken({ roles: [FUSION_ROLES.list] });
    const a = await call(sb.url, 'GET', `/api/v01/draas/${D.instance}/groups`, { token: viewer });
    expect(a.status).toBe(403);
    expect(a.json.message).toContain('groups.list');
    expect((await call(sb.url, 'GET', `/api/v01/draas/${D.instance}/groups?next=bogus`, { token: sb.adminToken })).status).toBe(400);
  });
});
