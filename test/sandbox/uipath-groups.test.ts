// Identity's group list, the sandbox's --groups seeding, --rate-limit, and rules kept in the data file.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IDENTITY_GROUP_SCOPES, SANDBOX_ACCOUNT_ID, SANDBOX_UIPATH_GROUPS, SANDBOX_UIPATH_MORE_GROUPS, UIPATH_SCOPES } from '../../src/sandbox/identities.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { call, expectErrorBody, form, leasePath } from './helpers.js';

const groupsPath = (accountId = SANDBOX_ACCOUNT_ID, org = 'acme') => `/${org}/identity_/api/Group/${accountId}`;
const dir = mkdtempSync(join(tmpdir(), 'licensectl-groups-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('GET identity_/api/Group/{accountId}', () => {
  it('lists local and built-in groups with id, name, displayName, type, creationTime; not deleted ones', async () => {
    const sb = await startSandbox();
    try {
      const a = await call(sb.url, 'GET', groupsPath(), { token: sb.adminToken });
      expect(a.status).toBe(200);
      const byName = new Map(a.json.map((g: { name: string }) => [g.name, g]));
      expect(byName.get('Everyone')).toEqual({ id: SANDBOX_UIPATH_MORE_GROUPS[1]!.id, name: 'Everyone', displayName: 'Everyone', type: 0, creationTime: '2024-01-15T09:30:00Z' });
      expect(byName.get('Administrators')).toMatchObject({ type: 0 });
      for (const g of SANDBOX_UIPATH_GROUPS) expect(byName.get(g.name)).toMatchObject({ id: g.id, type: 1 });
      expect(byName.has('Process Analysts')).toBe(true);
      expect(byName.has('Former Contractors')).toBe(false); // its rule is an orphan
      expect(a.json).toHaveLength(6);
    } finally {
      await sb.close();
    }
  });

  it('needs PM.Group.Read or PM.Group; the demo client gets it by default; 404 for an unknown account', async () => {
    const sb = await startSandbox();
    try {
      const license = await call(sb.url, 'GET', groupsPath(), { token: sb.issueToken({ scopes: [UIPATH_SCOPES.read, UIPATH_SCOPES.write] }) });
      expect(license.status).toBe(403);
      expect(expectErrorBody(license).message).toContain('PM.Group.Read');
      expect((await call(sb.url, 'GET', groupsPath(), { token: sb.issueToken({ scopes: [IDENTITY_GROUP_SCOPES.all] }) })).status).toBe(200);
      expect((await call(sb.url, 'GET', groupsPath())).status).toBe(401);
      const demo = await call(sb.url, 'POST', '/identity_/connect/token', form({ grant_type: 'client_credentials', client_id: 'licensectl-demo', client_secret: 'demo-secret' }));
      expect(demo.json.scope).toContain('PM.Group.Read');
      expect((await call(sb.url, 'GET', groupsPath(), { token: demo.json.access_token })).status).toBe(200);
      const groupReader = await call(sb.url, 'POST', '/identity_/connect/token', form({ grant_type: 'client_credentials', client_id: 'group-reader', client_secret: 'group-reader-secret' }));
      expect((await call(sb.url, 'GET', groupsPath(), { token: groupReader.json.access_token })).status).toBe(200);
      expect((await call(sb.url, 'GET', groupsPath('00000000-0000-4000-8000-00000000dead'), { token: sb.adminToken })).status).toBe(404);
      expect((await call(sb.url, 'GET', groupsPath(SANDBOX_ACCOUNT_ID, 'globex'), { token: sb.adminToken })).status).toBe(404);
    } finally {
      await sb.close();
    }
  });
});

describe('sandbox --groups <n>', () => {
  it('seeds 10,000 named groups, every other one with a rule, listed by Identity and paged by lease_', async () => {
    const sb = await startSandbox({ groups: 10_000 });
    try {
      const ids = await call(sb.url, 'GET', groupsPath(), { token: sb.adminToken });
      expect(ids.json).toHaveLength(10_006);
      expect(ids.json.find((g: { name: string }) => g.name === 'group-0001').id).toBe('00000000-0000-4000-8000-000000000001');
      expect(ids.json.some((g: { name: string }) => g.name === 'group-10000')).toBe(true);
      const p = await call(sb.url, 'GET', `/acme/lease_/api/account/${SANDBOX_ACCOUNT_ID}/user-license/group/page?top=1000&skip=4000`, { token: sb.adminToken });
      expect(p.json.totalCount).toBe(5_003);
      expect(p.json.results).toHaveLength(1000);
      expect((await call(sb.url, 'GET', leasePath('00000000-0000-4000-8000-000000000002'), { token: sb.adminToken })).json.allocatedUserBundles).toBeNull();
      expect((await call(sb.url, 'GET', leasePath('00000000-0000-4000-8000-000000000001'), { token: sb.adminToken })).json.allocatedUserBundles).toEqual(['IDU']);
    } finally {
      await sb.close();
    }
  }, 120_000);

  it('adds nothing twice when restarted on its data file', async () => {
    const file = join(dir, 'groups.json');
    const first = await startSandbox({ dataFile: file, groups: 4 });
    await first.close();
    const second = await startSandbox({ dataFile: file, groups: 6 });
    try {
      const names = (await call(second.url, 'GET', groupsPath(), { token: second.adminToken })).json.map((g: { name: string }) => g.name);
      expect(names.filter((n: string) => n.startsWith('group-')).sort()).toEqual(['group-0001', 'group-0002', 'group-0003', 'group-0004', 'group-0005', 'group-0006']);
    } finally {
      await second.close();
    }
  });
});

describe('sandbox --rate-limit <per-second>', () => {
  it('answers 429 with Retry-After above the rate, lets requests through again as time passes', async () => {
    let now = 1_000_000;
    const sb = await startSandbox({ rateLimitPerSecond: 3, now: () => now });
    try {
      const path = leasePath(SANDBOX_UIPATH_GROUPS[0]!.id);
      for (let i = 0; i < 3; i++) expect((await call(sb.url, 'GET', path, { token: sb.adminToken })).status).toBe(200);
      const over = await call(sb.url, 'GET', path, { token: sb.adminToken });
      expect(over.status).toBe(429);
      expect(over.headers.get('retry-after')).toBe('1');
      expect(expectErrorBody(over).error).toBe('too_many_requests');
      expect(sb.requests.at(-1)).toMatchObject({ status: 429, fault: 'rate-limit' });
      // Admin endpoints are never limited.
      expect((await call(sb.url, 'GET', '/_sandbox/state')).status).toBe(200);
      now += 340; // one request's worth (1/3 s) refilled
      expect((await call(sb.url, 'GET', path, { token: sb.adminToken })).status).toBe(200);
      expect((await call(sb.url, 'GET', path, { token: sb.adminToken })).status).toBe(429);
      now += 1000;
      for (let i = 0; i < 3; i++) expect((await call(sb.url, 'GET', path, { token: sb.adminToken })).status).toBe(200);
    } finally {
      await sb.close();
    }
  });

  it('is off by default', async () => {
    const sb = await startSandbox();
    try {
      const answers = await Promise.all(Array.from({ length: 50 }, () => call(sb.url, 'GET', groupsPath(), { token: sb.adminToken })));
      expect(answers.every((a) => a.status === 200)).toBe(true);
    } finally {
      await sb.close();
    }
  });
});

describe('rules in the data file', () => {
  it('a removed rule stays removed and the orphan stays an orphan across a restart', async () => {
    const file = join(dir, 'rules.json');
    const first = await startSandbox({ dataFile: file });
    const finance = SANDBOX_UIPATH_GROUPS[0]!.id;
    expect((await call(first.url, 'DELETE', leasePath(finance), { token: first.adminToken })).status).toBe(200);
    await first.close();
    const second = await startSandbox({ dataFile: file });
    try {
      expect((await call(second.url, 'GET', leasePath(finance), { token: second.adminToken })).json.allocatedUserBundles).toBeNull();
      const orphan = await call(second.url, 'GET', `${leasePath(SANDBOX_UIPATH_MORE_GROUPS[3]!.id)}/allocation`, { token: second.adminToken });
      expect(orphan.json.orphan).toBe(true);
      const everyone = (await call(second.url, 'GET', groupsPath(), { token: second.adminToken })).json.find((g: { name: string }) => g.name === 'Everyone');
      expect(everyone).toMatchObject({ type: 0, creationTime: '2024-01-15T09:30:00Z' });
    } finally {
      await second.close();
    }
  });
});
