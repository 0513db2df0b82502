import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS as D, startSandbox } from '../../src/sandbox/server.js';
import { call, leasePath, ltPath } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'licensectl-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('data file', () => {
  it('survives a restart: allocations, license types, id counter, tokens', async () => {
    const file = join(dir, 'state.json');
    const first = await startSandbox({ dataFile: file });
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(1); // written at start
    const g = D.uipathGroups[2]!;
    await call(first.url, 'PUT', leasePath(g), { token: first.adminToken, body: { userBundleCodes: ['CTZDEVNU'], useExternalLicense: true } });
    const created = await call(first.url, 'POST', ltPath(), { token: first.adminToken, body: { name: 'Kept', sku: 'KEPT', description: 'd' } });
    await call(first.url, 'DELETE', ltPath('/1'), { token: first.adminToken });
    const userToken = first.issueToken({ subject: 'u' });
    const port = first.port;
    await first.close();

    const second = await startSandbox({ dataFile: file, port });
    try {
      expect(second.adminToken).toBe(first.adminToken);
      const alloc = await call(second.url, 'GET', leasePath(g), { token: userToken });
      expect(alloc.json).toMatchObject({ allocatedUserBundles: ['CTZDEVNU'], useExternalLicense: true });
      expect((await call(second.url, 'GET', ltPath(`/${created.json.id}`), { token: second.adminToken })).json.name).toBe('Kept');
      expect((await call(second.url, 'GET', ltPath('/1'), { token: second.adminToken })).status).toBe(404);
      const next = await call(second.url, 'POST', ltPath(), { token: second.adminToken, body: { name: 'Next', sku: 'NEXT' } });
      expect(next.json.id).toBe(created.json.id + 1);
      // Usage counts are rebuilt from the file: PMD's 2 units are still enforced.
      const [a, b, c] = second.seedGroups(D.accountId, 3);
      for (const x of [a, b]) expect((await call(second.url, 'PUT', leasePath(x!), { token: second.adminToken, body: { userBundleCodes: ['PMD'] } })).status).toBe(200);
      expect((await call(second.url, 'PUT', leasePath(c!), { token: second.adminToken, body: { userBundleCodes: ['PMD'] } })).status).toBe(409);
    } finally {
      await second.close();
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('coalesces writes during a burst and flushes on close', async () => {
    const file = join(dir, 'burst.json');
    const sb = await startSandbox({ dataFile: file });
    const groups = sb.seedGroups(D.accountId, 50, 'burst-');
    await Promise.all(
      groups.map((g) => call(sb.url, 'PUT', leasePath(g), { token: sb.adminToken, body: { userBundleCodes: ['IDU'] } })),
    );
    await sb.close();
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const burst = saved.accounts[0].groups.filter((g: { id: string }) => g.id.startsWith('burst-'));
    expect(burst).toHaveLength(50);
    expect(burst.every((g: { userBundleCodes: string[] }) => g.userBundleCodes[0] === 'IDU')).toBe(true);
  });

  it('rejects a corrupt data file with an error naming it', async () => {
    const bad = join(dir, 'corrupt.json');
    writeFileSync(bad, '{"version": 1, "orgs": [');
    await expect(startSandbox({ dataFile: bad })).rejects.toThrow(bad);
    writeFileSync(bad, JSON.stringify({ version: 1, orgs: ['acme'], accounts: 'nope' }));
    await expect(startSandbox({ dataFile: bad })).rejects.toThrow(/corrupt.*accounts/);
    expect(readFileSync(bad, 'utf8')).toContain('nope'); // left untouched
  });

  it('starts empty with seed: false', async () => {
    const sb = await startSandbox({ seed: false });
    try {
      expect((await call(sb.url, 'GET', ltPath(), { token: sb.adminToken })).status).toBe(404);
      sb.seedLicenseTypes(D.instance, D.group, 3);
      expect((await call(sb.url, 'GET', ltPath(), { token: sb.adminToken })).json.results).toBe(3);
    } finally {
      await sb.close();
    }
  });
});

describe('listening', () => {
  it('rejects with the system error code when the port is taken', async () => {
    const first = await startSandbox();
    try {
      await expect(startSandbox({ port: first.port })).rejects.toMatchObject({ code: 'EADDRINUSE', message: expect.stringContaining(String(first.port)) });
    } finally {
      await first.close();
    }
  });
});
