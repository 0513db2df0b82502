import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../src/api/http.js';
import { listIdentityGroups } from '../../src/api/identity.js';
import { getAccountLicenses, getGroupRule, getGroupRulesPage, readGroupRules, revokeGroupRule } from '../../src/api/uipath-rules.js';
import { CliError } from '../../src/errors.js';
import { mockClient } from '../helpers/mock-client.js';

const ORIGIN = 'https://cloud.example.com';
const ACCOUNT = 'a1c3e5f7-0b2d-4f6a-8c1e-3d5f7a9b1c2e';
const GROUP = 'b2d4f6a8-1c3e-4a5b-9d7f-2e4a6c8e0f13';
const ROOT = `/acme/lease_/api/account/${ACCOUNT}/user-license`;
const target = { accountId: ACCOUNT, groupId: GROUP };

let agent: MockAgent;
let client: HttpClient;

beforeEach(() => {
  ({ agent, client } = mockClient({ baseUrl: `${ORIGIN}/acme`, maxAttempts: 3 }));
});

afterEach(async () => {
  await agent.close();
});

const pool = () => agent.get(ORIGIN);

describe('getGroupRule', () => {
  it('reads allocatedUserBundles, the external flag and the organization counts', async () => {
    pool().intercept({ path: `${ROOT}/group/${GROUP}`, method: 'GET' }).reply(200, {
      allocatedUserBundles: ['IDU', 'RPADEVPRONU'],
      availableUserBundles: [{ code: 'IDU', allocated: 3, total: 10, extra: 'ignored' }],
      useExternalLicense: true,
      somethingNew: 1,
    });
    await expect(getGroupRule(client, target)).resolves.toEqual({
      groupId: GROUP,
      rule: { userBundleCodes: ['IDU', 'RPADEVPRONU'], useExternalLicense: true },
      useExternalLicense: true,
      available: [{ code: 'IDU', allocated: 3, total: 10 }],
    });
  });

  it.each([null, []])('a group without a rule (allocatedUserBundles %j) has rule null', async (codes) => {
    pool().intercept({ path: `${ROOT}/group/${GROUP}`, method: 'GET' }).reply(200, { allocatedUserBundles: codes, availableUserBundles: [], useExternalLicense: false });
    expect((await getGroupRule(client, target)).rule).toBeNull();
  });

  it('an answer of another shape is exit 1 naming the field', async () => {
    pool().intercept({ path: `${ROOT}/group/${GROUP}`, method: 'GET' }).reply(200, { allocatedUserBundles: 'IDU', useExternalLicense: false });
    const err = await getGroupRule(client, target).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(1);
    expect((err as CliError).message).toContain('"allocatedUserBundles" is not an array of strings');
  });

  it('is retried like every GET', async () => {
    pool().intercept({ path: `${ROOT}/group/${GROUP}`, method: 'GET' }).reply(503, 'busy');
    pool().intercept({ path: `${ROOT}/group/${GROUP}`, method: 'GET' }).reply(200, { allocatedUserBundles: ['IDU'], availableUserBundles: [], useExternalLicense: false });
    expect((await getGroupRule(client, target)).rule?.userBundleCodes).toEqual(['IDU']);
  });
});

describe('revokeGroupRule', () => {
  it('sends DELETE and accepts an empty 200', async () => {
    let method = '';
    pool().intercept({ path: `${ROOT}/group/${GROUP}`, method: 'DELETE' }).reply((opts) => {
      method = opts.method;
      return { statusCode: 200, data: '' };
    });
    await revokeGroupRule(client, target);
    expect(method).toBe('DELETE');
  });
});

describe('getAccountLicenses', () => {
  it('returns code, allocated and total; rejects a non-integer count', async () => {
    pool().intercept({ path: ROOT, method: 'GET' }).reply(200, [{ code: 'IDU', allocated: 1, total: 5 }]);
    await expect(getAccountLicenses(client, ACCOUNT)).resolves.toEqual([{ code: 'IDU', allocated: 1, total: 5 }]);
    pool().intercept({ path: ROOT, method: 'GET' }).reply(200, [{ code: 'IDU', allocated: 1.5, total: 5 }]);
    await expect(getAccountLicenses(client, ACCOUNT)).rejects.toThrow('[0].allocated is not a non-negative integer');
  });
});

describe('getGroupRulesPage', () => {
  it('sends top, skip, sortOrder and one userBundleLicenseCodes per code', async () => {
    let path = '';
    pool()
      .intercept({ path: (p) => p.startsWith(`${ROOT}/group/page?`), method: 'GET' })
      .reply((opts) => {
        path = opts.path;
        return { statusCode: 200, data: { totalCount: 1, results: [{ id: GROUP, name: 'Dev', userBundleLicenses: ['IDU'], userBundleLeases: { IDU: 2 }, useExternalLicense: false, orphan: false }] } };
      });
    const page = await getGroupRulesPage(client, ACCOUNT, { top: 50, skip: 100, sortBy: 'name', sortOrder: 1, codes: ['IDU', 'PMD'] });
    expect(path).toBe(`${ROOT}/group/page?top=50&skip=100&sortBy=name&sortOrder=1&userBundleLicenseCodes=IDU&userBundleLicenseCodes=PMD`);
    expect(page.totalCount).toBe(1);
    expect(page.results[0]).toEqual({ id: GROUP, name: 'Dev', userBundleLicenses: ['IDU'], userBundleLeases: { IDU: 2 }, useExternalLicense: false, orphan: false });
  });
});

describe('readGroupRules', () => {
  it('POSTs {"groupIds"} and keys the answer by lower-cased id', async () => {
    let body: unknown;
    pool().intercept({ path: `${ROOT}/group`, method: 'POST' }).reply((opts) => {
      body = JSON.parse(String(opts.body));
      return { statusCode: 200, data: [{ id: GROUP.toUpperCase(), name: 'Dev', userBundleLicenses: ['IDU'], userBundleLeases: {}, useExternalLicense: true, orphan: false }] };
    });
    const rules = await readGroupRules(client, ACCOUNT, [GROUP, 'c0000000-0000-4000-8000-000000000000']);
    expect(body).toEqual({ groupIds: [GROUP, 'c0000000-0000-4000-8000-000000000000'] });
    expect(rules.get(GROUP)?.userBundleLicenses).toEqual(['IDU']);
    expect(rules.has('c0000000-0000-4000-8000-000000000000')).toBe(false);
  });

  it('is a read: a 503 or a dropped connection is retried although it is a POST', async () => {
    pool().intercept({ path: `${ROOT}/group`, method: 'POST' }).replyWithError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    pool().intercept({ path: `${ROOT}/group`, method: 'POST' }).reply(503, 'busy');
    pool().intercept({ path: `${ROOT}/group`, method: 'POST' }).reply(200, []);
    expect((await readGroupRules(client, ACCOUNT, [GROUP])).size).toBe(0);
  });
});

describe('listIdentityGroups', () => {
  it('reads id, name and displayName; a non-array is exit 1', async () => {
    pool().intercept({ path: `/acme/identity_/api/Group/${ACCOUNT}`, method: 'GET' }).reply(200, [{ id: GROUP, name: 'Dev', displayName: 'Developers', type: 0 }]);
    await expect(listIdentityGroups(client, ACCOUNT)).resolves.toEqual([{ id: GROUP, name: 'Dev', displayName: 'Developers' }]);
    pool().intercept({ path: `/acme/identity_/api/Group/${ACCOUNT}`, method: 'GET' }).reply(200, { groups: [] });
    await expect(listIdentityGroups(client, ACCOUNT)).rejects.toThrow('it is not a JSON array');
  });
});
