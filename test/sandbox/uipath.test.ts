import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_ACCOUNT_ID, SANDBOX_UIPATH_GROUPS, UIPATH_SCOPES } from '../../src/sandbox/identities.js';
import { SANDBOX_DEFAULTS, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { call, expectErrorBody, leasePath } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

const put = (groupId: string, body: unknown, token = sb.adminToken) => call(sb.url, 'PUT', leasePath(groupId), { token, body });
const get = (groupId: string, token = sb.adminToken) => call(sb.url, 'GET', leasePath(groupId), { token });
const freshGroup = (): string => sb.seedGroups(SANDBOX_DEFAULTS.accountId, 1)[0]!;

describe('PUT user-license/group', () => {
  it('stores and answers the allocation', async () => {
    const g = freshGroup();
    const a = await put(g, { userBundleCodes: ['RPADEVPRONU', 'IDU'], useExternalLicense: true });
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toMatch(/^application\/json/);
    expect(a.json).toEqual({ groupId: g, organizationId: SANDBOX_ACCOUNT_ID, useExternalLicense: true, userBundleCodes: ['RPADEVPRONU', 'IDU'] });
    const read = (await get(g)).json;
    expect(read.allocatedUserBundles).toEqual(['RPADEVPRONU', 'IDU']);
    expect(read.useExternalLicense).toBe(true);
  });

  it('replaces the set instead of adding to it, and stores duplicates once', async () => {
    const g = freshGroup();
    expect((await put(g, { userBundleCodes: ['ACNU', 'IDU'], useExternalLicense: true })).status).toBe(200);
    const a = await put(g, { userBundleCodes: ['TSTNU', 'TSTNU'] });
    expect(a.json.userBundleCodes).toEqual(['TSTNU']);
    expect(a.json.useExternalLicense).toBe(false);
    expect((await get(g)).json.allocatedUserBundles).toEqual(['TSTNU']);
    expect((await put(g, { userBundleCodes: [] })).json.userBundleCodes).toEqual([]);
    expect((await get(g)).json.allocatedUserBundles).toEqual([]); // a rule holding no codes is still a rule
  });

  it('answers allocatedUserBundles null for a group without a rule, and the seeded rule for a seeded group', async () => {
    const a = await get(freshGroup());
    expect(a.status).toBe(200);
    expect(a.json.allocatedUserBundles).toBeNull();
    expect(a.json.useExternalLicense).toBe(false);
    const seeded = SANDBOX_UIPATH_GROUPS[0]!;
    expect((await get(seeded.id)).json.allocatedUserBundles).toEqual(seeded.userBundleCodes);
  });

  it.each([
    ['an array body', ['IDU'], /JSON object/],
    ['a missing userBundleCodes', { useExternalLicense: false }, /userBundleCodes is required/],
    ['a string instead of an array', { userBundleCodes: 'IDU' }, /must be an array/],
    ['a non-string item', { userBundleCodes: ['IDU', 3] }, /userBundleCodes\[1\]/],
    ['an empty code', { userBundleCodes: [''] }, /empty/],
    ['unknown codes', { userBundleCodes: ['IDU', 'RPADEVPRO', 'idu'] }, /unknown user bundle codes: RPADEVPRO, idu/],
    ['a non-boolean useExternalLicense', { userBundleCodes: ['IDU'], useExternalLicense: 'false' }, /useExternalLicense/],
  ])('400 for %s, and nothing is stored', async (_name, body, message) => {
    const g = freshGroup();
    const a = await put(g, body);
    expect(a.status).toBe(400);
    expect(expectErrorBody(a).message).toMatch(message);
    expect((await get(g)).json.allocatedUserBundles).toBeNull();
  });

  // The body allows no other keys (docs/api.md); the deprecated userBundleLicenses is refused by name.
  it.each([
    ['an unknown extra key', { userBundleCodes: ['IDU'], note: 'x' }, /unexpected key note/],
    ['the deprecated userBundleLicenses', { userBundleLicenses: ['IDU'], useExternalLicense: false }, /userBundleLicenses is deprecated/],
    ['userBundleLicenses beside userBundleCodes', { userBundleCodes: ['IDU'], userBundleLicenses: ['IDU'] }, /deprecated/],
  ])('400 for %s, and nothing is stored', async (_name, body, message) => {
    const g = freshGroup();
    const a = await put(g, body);
    expect(a.status).toBe(400);
    expect(expectErrorBody(a).message).toMatch(message);
    expect((await get(g)).json.allocatedUserBundles).toBeNull();
  });

  it('400 for malformed JSON, 415 without a JSON content type', async () => {
    const path = leasePath(freshGroup());
    const bad = await call(sb.url, 'PUT', path, { token: sb.adminToken, body: '{"userBundleCodes": [', headers: { 'Content-Type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(expectErrorBody(bad).error).toBe('invalid_json');
    const text = await call(sb.url, 'PUT', path, { token: sb.adminToken, body: '{"userBundleCodes":[]}', headers: { 'Content-Type': 'text/plain' } });
    expect(text.status).toBe(415);
  });

  it('404 for an unknown account, group or organization', async () => {
    const body = { userBundleCodes: ['IDU'] };
    const unknownAccount = await call(sb.url, 'PUT', leasePath(SANDBOX_UIPATH_GROUPS[0]!.id, '00000000-0000-4000-8000-000000000000'), { token: sb.adminToken, body });
    expect(unknownAccount.status).toBe(404);
    expect(expectErrorBody(unknownAccount).message).toMatch(/account/);
    const unknownGroup = await put('no-such-group', body);
    expect(unknownGroup.status).toBe(404);
    expect(unknownGroup.json.message).toMatch(/no-such-group/);
    const wrongOrg = await call(sb.url, 'PUT', leasePath(SANDBOX_UIPATH_GROUPS[0]!.id, SANDBOX_ACCOUNT_ID, 'globex'), { token: sb.adminToken, body });
    expect(wrongOrg.status).toBe(404);
  });

  it('matches account and group ids case-insensitively (GUIDs)', async () => {
    const seeded = SANDBOX_UIPATH_GROUPS[0]!;
    const a = await call(sb.url, 'GET', leasePath(seeded.id.toUpperCase(), SANDBOX_ACCOUNT_ID.toUpperCase()), { token: sb.adminToken });
    expect(a.status).toBe(200);
    expect(a.json.allocatedUserBundles).toEqual(seeded.userBundleCodes);
  });

  it('401 without a token, with an unknown one and with an expired one; nothing stored', async () => {
    const g = freshGroup();
    const body = { userBundleCodes: ['IDU'] };
    const none = await call(sb.url, 'PUT', leasePath(g), { body });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await put(g, body, 'not-a-token')).status).toBe(401);
    const expired = await put(g, body, sb.issueToken({ ttlSeconds: 0 }));
    expect(expired.status).toBe(401);
    expect(expectErrorBody(expired).message).toMatch(/expired/);
    expect((await get(g)).json.allocatedUserBundles).toBeNull();
  });

  it('403 naming the scope when the token lacks it', async () => {
    const reader = sb.issueToken({ scopes: [UIPATH_SCOPES.read] });
    const g = freshGroup();
    const a = await put(g, { userBundleCodes: ['IDU'] }, reader);
    expect(a.status).toBe(403);
    expect(expectErrorBody(a).message).toContain('PM.License.Write');
    expect((await get(g, reader)).status).toBe(200);
    const writer = sb.issueToken({ scopes: [UIPATH_SCOPES.write] });
    const noRead = await get(g, writer);
    expect(noRead.status).toBe(403);
    expect(noRead.json.message).toContain('PM.License.Read');
  });

  it('405 for another method on the allocation route', async () => {
    const a = await call(sb.url, 'POST', leasePath(freshGroup()), { token: sb.adminToken, body: { userBundleCodes: ['IDU'] } });
    expect(a.status).toBe(405);
    expect(a.headers.get('allow')).toBe('GET, PUT, DELETE');
  });
});

describe('purchased quantities', () => {
  it('409 beyond the purchased PMD units; replacing an allocation frees its units', async () => {
    const [a, b, c] = sb.seedGroups(SANDBOX_DEFAULTS.accountId, 3);
    expect((await put(a!, { userBundleCodes: ['PMD'] })).status).toBe(200);
    expect((await put(b!, { userBundleCodes: ['PMD', 'IDU'] })).status).toBe(200);
    // Re-sending a group's own code does not take a second unit.
    expect((await put(b!, { userBundleCodes: ['PMD'] })).status).toBe(200);
    const over = await put(c!, { userBundleCodes: ['IDU', 'PMD'] });
    expect(over.status).toBe(409);
    expect(expectErrorBody(over).message).toMatch(/PMD \(purchased 2, in use 2\)/);
    expect((await get(c!)).json.allocatedUserBundles).toBeNull(); // a refused PUT changes nothing
    expect((await put(a!, { userBundleCodes: ['IDU'] })).status).toBe(200);
    expect((await put(c!, { userBundleCodes: ['PMD'] })).status).toBe(200);
    expect((await put(a!, { userBundleCodes: ['PMD'] })).status).toBe(409);
  });
});
