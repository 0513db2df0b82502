// The lease_ reads and the rule removal: the documented shapes, totals that move as rules change,
// paging/sorting/filtering, the batch read, orphan rules, scopes and validation.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ACCOUNT_ID, SANDBOX_UIPATH_GROUPS, SANDBOX_UIPATH_MORE_GROUPS, UIPATH_SCOPES } from '../../src/sandbox/identities.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { call, expectErrorBody, leasePath } from './helpers.js';

const FINANCE = SANDBOX_UIPATH_GROUPS[0]!.id;
const HR = SANDBOX_UIPATH_GROUPS[1]!.id; // no rule
const ANALYSTS = SANDBOX_UIPATH_MORE_GROUPS[2]!.id; // PMBU, IDU, external
const ORPHAN = SANDBOX_UIPATH_MORE_GROUPS[3]!.id; // ATTUNU, deleted in Identity
const acct = `/acme/lease_/api/account/${SANDBOX_ACCOUNT_ID}`;

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const get = (path: string, token = sb.adminToken) => call(sb.url, 'GET', path, { token });
interface License { code: string; allocated: number; total: number }
const licenses = async (s = sb): Promise<Map<string, License>> =>
  new Map((await call(s.url, 'GET', `${acct}/user-license`, { token: s.adminToken })).json.map((l: License) => [l.code, l]));
const page = (query: string, s = sb) => call(s.url, 'GET', `${acct}/user-license/group/page?${query}`, { token: s.adminToken });
const batch = (body: unknown, token = sb.adminToken) => call(sb.url, 'POST', `${acct}/user-license/group`, { token, body });

describe('GET user-license (the organization licenses)', () => {
  it('lists each owned code once with allocated and total; legacy codes are not owned', async () => {
    const fresh = await startSandbox();
    try {
      const a = await call(fresh.url, 'GET', `${acct}/user-license`, { token: fresh.adminToken });
      expect(a.status).toBe(200);
      for (const l of a.json) expect(Object.keys(l).sort()).toEqual(['allocated', 'code', 'total']);
      const m = await licenses(fresh);
      expect(m.get('ATTUNU')).toEqual({ code: 'ATTUNU', allocated: 2, total: 100_000 }); // Finance + the orphan rule
      expect(m.get('PMD')).toEqual({ code: 'PMD', allocated: 0, total: 2 });
      expect(m.get('IDU')!.allocated).toBe(1);
      expect(m.has('STDNU')).toBe(false);
    } finally {
      await fresh.close();
    }
  });

  it('403 without PM.License.Read, 404 for an unknown account', async () => {
    const writer = sb.issueToken({ scopes: [UIPATH_SCOPES.write] });
    expect(expectErrorBody(await get(`${acct}/user-license`, writer)).message).toContain('PM.License.Read');
    expect((await get(`/acme/lease_/api/account/00000000-0000-4000-8000-00000000dead/user-license`)).status).toBe(404);
  });
});

describe('a group rule: GET, PUT, DELETE and the totals', () => {
  it('the read shape carries the organization totals, which move with PUT and DELETE', async () => {
    const [g] = sb.seedGroups(SANDBOX_ACCOUNT_ID, 1);
    const before = (await licenses()).get('TSTNU')!.allocated;
    const r0 = await get(leasePath(g!));
    expect(r0.json).toEqual({ allocatedUserBundles: null, availableUserBundles: r0.json.availableUserBundles, useExternalLicense: false });
    expect(r0.json.availableUserBundles).toEqual([...(await licenses()).values()]);
    expect((await call(sb.url, 'PUT', leasePath(g!), { token: sb.adminToken, body: { userBundleCodes: ['TSTNU'], useExternalLicense: true } })).status).toBe(200);
    const r1 = await get(leasePath(g!));
    expect(r1.json.allocatedUserBundles).toEqual(['TSTNU']);
    expect(r1.json.useExternalLicense).toBe(true);
    expect(r1.json.availableUserBundles.find((l: { code: string }) => l.code === 'TSTNU').allocated).toBe(before + 1);

    const del = await call(sb.url, 'DELETE', leasePath(g!), { token: sb.adminToken });
    expect(del.status).toBe(200);
    expect(del.text).toBe('');
    expect((await get(leasePath(g!))).json.allocatedUserBundles).toBeNull();
    expect((await licenses()).get('TSTNU')!.allocated).toBe(before);
    // Again, with no rule left: still 200 (idempotent), nothing moves.
    expect((await call(sb.url, 'DELETE', leasePath(g!), { token: sb.adminToken })).status).toBe(200);
    expect((await licenses()).get('TSTNU')!.allocated).toBe(before);
  });

  it('DELETE: 404 for an unknown group, 403 without PM.License.Write (the rule stays)', async () => {
    expect((await call(sb.url, 'DELETE', leasePath('no-such-group'), { token: sb.adminToken })).status).toBe(404);
    const reader = sb.issueToken({ scopes: [UIPATH_SCOPES.read] });
    const a = await call(sb.url, 'DELETE', leasePath(FINANCE), { token: reader });
    expect(a.status).toBe(403);
    expect(expectErrorBody(a).message).toContain('PM.License.Write');
    expect((await get(leasePath(FINANCE))).json.allocatedUserBundles).toEqual(['ATTUNU', 'RPADEVPRONU']);
  });

  it('409 for a catalog code the organization does not own', async () => {
    const [g] = sb.seedGroups(SANDBOX_ACCOUNT_ID, 1);
    const a = await call(sb.url, 'PUT', leasePath(g!), { token: sb.adminToken, body: { userBundleCodes: ['IDU', 'STDNU'], useExternalLicense: false } });
    expect(a.status).toBe(409);
    expect(expectErrorBody(a).message).toMatch(/STDNU \(not owned/);
  });
});

describe('GET user-license/group/page', () => {
  let s: Sandbox;
  beforeAll(async () => {
    s = await startSandbox({ groups: 25 }); // 13 of them with a rule, plus the 3 seeded rules
  });
  afterAll(() => s.close());

  it('only groups with a rule, in the documented shape, sorted by name both ways', async () => {
    const a = await page('top=1000', s);
    expect(a.status).toBe(200);
    expect(a.json.totalCount).toBe(16);
    const names = a.json.results.map((r: { name: string }) => r.name);
    expect(names.slice(0, 3)).toEqual(['Finance Automation', 'Former Contractors', 'group-0001']);
    expect(names).not.toContain('HR Onboarding');
    expect(names).not.toContain('group-0002');
    const analysts = a.json.results.find((r: { id: string }) => r.id === ANALYSTS);
    expect(Object.keys(analysts).sort()).toEqual(['id', 'name', 'orphan', 'useExternalLicense', 'userBundleLeases', 'userBundleLicenses']);
    expect(analysts).toMatchObject({ name: 'Process Analysts', userBundleLicenses: ['PMBU', 'IDU'], useExternalLicense: true, orphan: false });
    expect(Object.keys(analysts.userBundleLeases)).toEqual(['PMBU', 'IDU']);
    for (const n of Object.values(analysts.userBundleLeases)) expect(Number.isInteger(n) && (n as number) >= 0).toBe(true);
    expect(a.json.results.find((r: { id: string }) => r.id === ORPHAN).orphan).toBe(true);
    const desc = await page('top=1000&sortOrder=1', s);
    expect(desc.json.results.map((r: { name: string }) => r.name)).toEqual([...names].reverse());
  });

  it('top and skip partition the list; sortBy=id sorts by id', async () => {
    const seen: string[] = [];
    for (let skip = 0; skip < 20; skip += 5) {
      const a = await page(`top=5&skip=${skip}&sortBy=id`, s);
      expect(a.json.totalCount).toBe(16);
      expect(a.json.results.length).toBe(Math.min(5, 16 - skip));
      seen.push(...a.json.results.map((r: { id: string }) => r.id));
    }
    expect(seen).toHaveLength(16);
    expect(seen).toEqual([...seen].sort());
    expect((await page('top=5&skip=100', s)).json).toEqual({ totalCount: 16, results: [] });
    expect((await page('', s)).json.results).toHaveLength(10); // top defaults to 10
  });

  it('userBundleLicenseCodes filters (repeated: any of them), and totalCount follows', async () => {
    expect((await page('userBundleLicenseCodes=PMBU', s)).json.totalCount).toBe(1);
    const att = await page('top=100&userBundleLicenseCodes=ATTUNU', s);
    expect(att.json.results.every((r: { userBundleLicenses: string[] }) => r.userBundleLicenses.includes('ATTUNU'))).toBe(true);
    const both = await page('top=100&userBundleLicenseCodes=ATTUNU&userBundleLicenseCodes=PMBU', s);
    expect(both.json.totalCount).toBe(att.json.totalCount + 1);
    expect((await page('userBundleLicenseCodes=PMD', s)).json).toEqual({ totalCount: 0, results: [] });
  });

  it.each(['top=0', 'top=1001', 'top=abc', 'skip=-1', 'skip=1.5', 'sortOrder=2', 'sortOrder=asc', 'sortBy=codes', 'top=5&top=6'])('400 for %s', async (q) => {
    const a = await page(q, s);
    expect(a.status).toBe(400);
    expect(expectErrorBody(a).message).toMatch(/top|skip|sortOrder|sortBy/);
  });

  it('403 without PM.License.Read', async () => {
    const writer = s.issueToken({ scopes: [UIPATH_SCOPES.write] });
    expect((await call(s.url, 'GET', `${acct}/user-license/group/page`, { token: writer })).status).toBe(403);
  });
});

describe('POST user-license/group (batch read) and GET .../allocation', () => {
  it('answers the rules of the ids that have one, in request order, once each; changes nothing', async () => {
    const a = await batch({ groupIds: [ANALYSTS, HR, 'no-such-group', FINANCE.toUpperCase(), ANALYSTS] });
    expect(a.status).toBe(200);
    expect(a.json.map((r: { id: string }) => r.id)).toEqual([ANALYSTS, FINANCE]);
    const fromPage = (await page('top=1000')).json.results.find((r: { id: string }) => r.id === ANALYSTS);
    expect(a.json[0]).toEqual(fromPage);
    expect((await batch({ groupIds: [] })).json).toEqual([]);
    expect((await get(leasePath(HR))).json.allocatedUserBundles).toBeNull();
  });

  it.each([
    ['an extra key', { groupIds: [FINANCE], top: 1 }, /unexpected key top/],
    ['no groupIds', {}, /groupIds is required/],
    ['groupIds not an array', { groupIds: FINANCE }, /groupIds is required/],
    ['a non-string id', { groupIds: [FINANCE, 7] }, /groupIds\[1\]/],
    ['an empty id', { groupIds: [''] }, /groupIds\[0\]/],
    ['over 1000 ids', { groupIds: Array.from({ length: 1001 }, (_, i) => `g${i}`) }, /at most 1000/],
    ['an array body', [FINANCE], /JSON object/],
  ])('400 for %s', async (_name, body, message) => {
    const a = await batch(body);
    expect(a.status).toBe(400);
    expect(expectErrorBody(a).message).toMatch(message);
  });

  it('the batch read needs PM.License.Read only', async () => {
    expect((await batch({ groupIds: [FINANCE] }, sb.issueToken({ scopes: [UIPATH_SCOPES.read] }))).status).toBe(200);
    expect((await batch({ groupIds: [FINANCE] }, sb.issueToken({ scopes: [UIPATH_SCOPES.write] }))).status).toBe(403);
  });

  it('allocation: the rule object for a group with one, 404 without a rule or for an unknown group', async () => {
    const a = await get(`${leasePath(ANALYSTS)}/allocation`);
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ id: ANALYSTS, name: 'Process Analysts', userBundleLicenses: ['PMBU', 'IDU'], useExternalLicense: true, orphan: false });
    expect((await get(`${leasePath(ORPHAN)}/allocation`)).json.orphan).toBe(true);
    expect(expectErrorBody(await get(`${leasePath(HR)}/allocation`)).message).toMatch(/no license rule/);
    expect((await get(`${leasePath('no-such-group')}/allocation`)).status).toBe(404);
    expect((await get(`${leasePath(ANALYSTS)}/allocation`, sb.issueToken({ scopes: [UIPATH_SCOPES.write] }))).status).toBe(403);
  });
});

describe('orphan rules', () => {
  it('can be read and removed, not rewritten; removing frees the units and forgets the group', async () => {
    const s = await startSandbox();
    try {
      const put = await call(s.url, 'PUT', leasePath(ORPHAN), { token: s.adminToken, body: { userBundleCodes: ['IDU'], useExternalLicense: false } });
      expect(put.status).toBe(404);
      expect((await call(s.url, 'GET', leasePath(ORPHAN), { token: s.adminToken })).json.allocatedUserBundles).toEqual(['ATTUNU']);
      expect((await call(s.url, 'DELETE', leasePath(ORPHAN), { token: s.adminToken })).status).toBe(200);
      expect((await licenses(s)).get('ATTUNU')!.allocated).toBe(1);
      expect((await page('top=100', s)).json.totalCount).toBe(2);
      expect((await call(s.url, 'GET', leasePath(ORPHAN), { token: s.adminToken })).status).toBe(404);
    } finally {
      await s.close();
    }
  });
});
