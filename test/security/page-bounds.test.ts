// A server's page count is its word, not a plan: `group list --all` stops at the first empty page
// instead of sending the requests a huge totalCount implies (license-type list: test/api/fusion.test.ts).
import { expect, it } from 'vitest';
import { mockAgent, runInProcess } from '../helpers/inprocess.js';
import { ACCOUNT, BASE_URL, JSON_HEADERS, ORIGIN, TOKEN } from '../commands/fixtures.js';

it('group list --all with totalCount 4,999,999 and empty pages after the first: a few requests, a warning', async () => {
  const agent = mockAgent();
  let sent = 0;
  const one = { id: '9d2f4a6b-1c3e-4a5b-9d7f-2e4a6c8e0f99', name: 'Sales', userBundleLicenses: ['IDU'], userBundleLeases: {}, useExternalLicense: false };
  agent.get(ORIGIN).intercept({ path: (p) => p.includes('/user-license/group/page'), method: 'GET' }).reply((req) => {
    sent++;
    const skip = Number(new URL(req.path, ORIGIN).searchParams.get('skip'));
    return { statusCode: 200, data: { totalCount: 4_999_999, results: skip === 0 ? [one] : [] }, responseOptions: JSON_HEADERS };
  }).persist();
  const r = await runInProcess(['group', 'list', '--all', '--account', ACCOUNT], { env: { LICENSECTL_BASE_URL: BASE_URL, LICENSECTL_TOKEN: TOKEN }, dispatcher: agent });
  expect(r.stdout).toBe(`${one.id}\tSales\tIDU\t\tno\tno\n`);
  expect(r.stderr).toMatch(/^! the list changed while it was read: the server counted 4999999, 1 were received\n$/);
  expect(r.code).toBe(0);
  expect(sent).toBeLessThanOrEqual(1 + 8);
});

it('group list --all with a totalCount no organization has: one clear line, no page requested after the first', async () => {
  const agent = mockAgent();
  let sent = 0;
  agent.get(ORIGIN).intercept({ path: (p) => p.includes('/user-license/group/page'), method: 'GET' }).reply(() => {
    sent++;
    return { statusCode: 200, data: { totalCount: 1e15, results: [] }, responseOptions: JSON_HEADERS };
  }).persist();
  const r = await runInProcess(['group', 'list', '--all', '--account', ACCOUNT], { env: { LICENSECTL_BASE_URL: BASE_URL, LICENSECTL_TOKEN: TOKEN }, dispatcher: agent });
  expect(r.stderr).toBe('licensectl: the server\'s answer is not what the API documents: "totalCount" is 1000000000000000, more than 100000 pages of 50\n');
  expect(r.code).toBe(1);
  expect(sent).toBe(1);
});
