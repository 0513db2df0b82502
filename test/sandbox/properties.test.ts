// The sandbox against small models: pagination arithmetic, and the purchased-quantity rule over
// arbitrary sequences of allocations.

import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS as D, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { call, leasePath, ltPath } from './helpers.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

let groupCounter = 0;

it('pages partition the list: results, pages and page lengths follow from n and page_size', async () => {
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: 45 }), fc.integer({ min: 1, max: 12 }), async (n, size) => {
      const group = `prop-${++groupCounter}`;
      sb.seedLicenseTypes('props', group, n);
      const pages = Math.ceil(n / size);
      const seen: number[] = [];
      for (let page = 1; page <= pages + 1; page++) {
        const a = await call(sb.url, 'GET', ltPath(`?page_size=${size}&page=${page}`, group, 'props'), { token: sb.adminToken });
        expect(a.status).toBe(200);
        expect(a.json).toMatchObject({ page, pages, results: n });
        expect(a.json.license_types).toHaveLength(Math.max(0, Math.min(size, n - (page - 1) * size)));
        seen.push(...a.json.license_types.map((lt: { id: number }) => lt.id));
      }
      expect(seen).toHaveLength(n);
      expect(new Set(seen).size).toBe(n);
    }),
    { numRuns: 25 },
  );
});

it('an allocation is accepted exactly when it stays within the purchased units, and replaces the set', async () => {
  const codes = ['PMD', 'IDU', 'ACNU'] as const;
  const command = fc.record({ group: fc.integer({ min: 0, max: 3 }), codes: fc.subarray([...codes]) });
  await fc.assert(
    fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
      const groups = sb.seedGroups(D.accountId, 4);
      const model: (string[] | null)[] = groups.map(() => null); // null: no rule yet
      // PMD holders among these 4 groups must stay within the 2 purchased, whatever other groups hold:
      // so each run starts by counting what is already taken outside them.
      const state = (await call(sb.url, 'GET', '/_sandbox/state')).json;
      const taken = state.accounts[0].groups.filter((g: { userBundleCodes: string[] }) => g.userBundleCodes.includes('PMD')).length;
      for (const c of commands) {
        const id = groups[c.group]!;
        const a = await call(sb.url, 'PUT', leasePath(id), { token: sb.adminToken, body: { userBundleCodes: c.codes } });
        const others = model.filter((m, i) => i !== c.group && m?.includes('PMD')).length;
        const fits = !c.codes.includes('PMD') || model[c.group]?.includes('PMD') === true || taken + others + 1 <= 2;
        expect(a.status).toBe(fits ? 200 : 409);
        if (fits) model[c.group] = [...c.codes];
      }
      for (const [i, id] of groups.entries()) {
        expect((await call(sb.url, 'GET', leasePath(id), { token: sb.adminToken })).json.allocatedUserBundles).toEqual(model[i]);
      }
      // Free the PMD units for the next run.
      for (const id of groups) await call(sb.url, 'PUT', leasePath(id), { token: sb.adminToken, body: { userBundleCodes: [] } });
    }),
    { numRuns: 25 },
  );
});
