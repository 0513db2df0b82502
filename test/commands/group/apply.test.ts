// `group apply --file <desired>` in-process against a mocked UiPath API: batch read, plan, the
// confirmation rule (a terminal asks, a pipe needs --yes), writes of only what differs, --prune
// through the paged list, and refusals before anything is sent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, allocation, check, groupPath, JSON_HEADERS, jsonBody, type Case } from '../fixtures.js';

const [G1, G2, G3, G9] = [1, 2, 3, 9].map((n) => `a1b2c3d4-0000-4000-8000-00000000000${n}`) as [string, string, string, string];
type Api = Parameters<NonNullable<Case['mock']>>[0];
const licensesPath = `/acme/lease_/api/account/${ACCOUNT}/user-license`;
const batchPath = `${licensesPath}/group`;
const pagePath = `${licensesPath}/group/page?top=1000&skip=0`;
const summary = (id: string, codes: string[]) => ({ id, name: `name-${id.slice(-1)}`, userBundleLicenses: codes, userBundleLeases: {}, useExternalLicense: false, orphan: false });
const owned = (api: Api) => api.intercept({ path: licensesPath, method: 'GET' }).reply(200, ['IDU', 'ACNU', 'PMD', 'ATTUNU'].map((code) => ({ code, allocated: 0, total: 9 })), JSON_HEADERS);
const batch = (rules: Record<string, string[]>) => (api: Api) => api
  .intercept({ path: batchPath, method: 'POST', body: jsonBody({ groupIds: [G1, G2, G3] }) })
  .reply(200, Object.entries(rules).map(([id, codes]) => summary(id, codes)), JSON_HEADERS);
const page = (rules: Record<string, string[]>) => (api: Api) => api
  .intercept({ path: pagePath, method: 'GET' })
  .reply(200, { totalCount: Object.keys(rules).length, results: Object.entries(rules).map(([id, codes]) => summary(id, codes)) }, JSON_HEADERS);
const put = (g: string, codes: string[]) => (api: Api) => api
  .intercept({ path: groupPath(g), method: 'PUT', body: jsonBody({ userBundleCodes: codes, useExternalLicense: false }) })
  .reply(200, allocation(g, codes), JSON_HEADERS);
const del = (g: string) => (api: Api) => api.intercept({ path: groupPath(g), method: 'DELETE' }).reply(200, '');
const mocks = (...m: ((api: Api) => unknown)[]) => (api: Api) => { for (const f of m) f(api); };

/** G1 new, G2 to change, G3 as it is; G9 holds a rule and is not in the file. */
const DESIRED = JSON.stringify([{ groupId: G1, codes: ['IDU'] }, { groupId: G2, codes: ['ACNU', 'PMD'] }, { group: G3, codes: ['IDU'] }]);
const CURRENT = { [G2]: ['ACNU', 'ATTUNU'], [G3]: ['IDU'] };
const PLAN = `create\t${G1}\t+IDU\nupdate\t${G2}\t+PMD -ATTUNU =ACNU\nunchanged\t${G3}\tno change (=IDU)\n`;
const base = ['group', 'apply', '--file', '-', '--account', ACCOUNT, '--concurrency', '1'];

const cases: Case[] = [
  {
    name: 'a pipe without --yes: the plan, then exit 2, nothing written',
    args: base,
    input: DESIRED,
    mock: mocks(owned, batch(CURRENT)),
    code: 2,
    stdout: PLAN,
    stderr: 'Plan: 1 to create, 1 to update, 0 to revoke, 1 unchanged.\nlicensectl: applying 2 changes needs confirmation: pass --yes (no terminal to ask on); nothing was sent\n',
    requests: [`GET ${licensesPath}`, `POST ${batchPath}`],
  },
  {
    name: '--yes writes only what differs',
    args: [...base, '--yes'],
    input: DESIRED,
    mock: mocks(owned, batch(CURRENT), put(G1, ['IDU']), put(G2, ['ACNU', 'PMD'])),
    code: 0,
    stdout: PLAN,
    stderr: 'Plan: 1 to create, 1 to update, 0 to revoke, 1 unchanged.\n✓ Applied 2 of 2 changes.\n',
    requests: [`GET ${licensesPath}`, `POST ${batchPath}`, `PUT ${groupPath(G1)}`, `PUT ${groupPath(G2)}`],
  },
  {
    name: 'a second run finds nothing to change and sends no write',
    args: base,
    input: DESIRED,
    mock: mocks(owned, batch({ [G1]: ['IDU'], [G2]: ['PMD', 'ACNU'], [G3]: ['IDU'] })),
    code: 0,
    stdout: /^unchanged\t.*\nunchanged\t.*\nunchanged\t.*\n$/,
    stderr: 'Plan: 0 to create, 0 to update, 0 to revoke, 3 unchanged.\n✓ Nothing to do: the groups already match stdin.\n',
    requests: [`GET ${licensesPath}`, `POST ${batchPath}`],
  },
  {
    name: 'without --prune a rule not in the file is kept, and said so',
    args: [...base, '--dry-run'],
    input: DESIRED,
    mock: mocks(owned, batch(CURRENT)),
    code: 0,
    stdout: PLAN,
    stderr: 'Plan: 1 to create, 1 to update, 0 to revoke, 1 unchanged.\nDry run: nothing was changed. Run without --dry-run to make these 2 changes.\n',
  },
  {
    name: '--prune without --yes in a pipe revokes nothing',
    args: [...base, '--prune'],
    input: DESIRED,
    mock: mocks(owned, batch(CURRENT), page({ ...CURRENT, [G9]: ['PMD'] })),
    code: 2,
    stdout: PLAN.replace('unchanged', `revoke\t${G9}\t-PMD\nunchanged`),
    stderr: /applying 3 changes, revoking the rules of 1 group needs confirmation: pass --yes/,
    requests: [`GET ${licensesPath}`, `POST ${batchPath}`, `GET ${pagePath}`],
  },
  {
    name: '--prune --yes revokes the rules of groups absent from the file',
    args: [...base, '--prune', '--yes'],
    input: DESIRED,
    mock: mocks(owned, batch(CURRENT), page({ ...CURRENT, [G9]: ['PMD'] }), put(G1, ['IDU']), put(G2, ['ACNU', 'PMD']), del(G9)),
    code: 0,
    stdout: /revoke/,
    stderr: /Applied 3 of 3 changes\.\n$/,
  },
  {
    name: '--prune reads every page of the rule list (1,000 a page, through the pool) and revokes a rule found on the second',
    args: [...base, '--prune', '--yes', '--concurrency', '4'],
    input: DESIRED,
    mock: mocks(
      owned,
      batch(CURRENT),
      (api) => api.intercept({ path: pagePath, method: 'GET' }).reply(200, { totalCount: 1001, results: Object.entries(CURRENT).map(([id, codes]) => summary(id, codes)) }, JSON_HEADERS),
      (api) => api.intercept({ path: `${licensesPath}/group/page?top=1000&skip=1000`, method: 'GET' }).reply(200, { totalCount: 1001, results: [summary(G9, ['PMD'])] }, JSON_HEADERS),
      put(G1, ['IDU']),
      put(G2, ['ACNU', 'PMD']),
      del(G9),
    ),
    code: 0,
    stdout: new RegExp(`revoke\t${G9}\t-PMD`),
    stderr: /Applied 3 of 3 changes\.\n$/,
  },
  {
    name: 'a terminal asks; "y" applies',
    args: base,
    input: 'y\n',
    tty: true,
    stdinTty: true,
    env: {},
    mock: mocks(owned, batch(CURRENT), put(G1, ['IDU']), put(G2, ['ACNU', 'PMD'])),
    code: 0,
    stdout: /\+ create .*\n~ update .*\n= unchanged/,
    stderr: /Apply 2 changes\? \[y\/N\] /,
  },
  {
    name: 'an empty file: exit 2, nothing sent (so --prune cannot revoke everything)',
    args: [...base, '--prune', '--yes'],
    input: '[]',
    code: 2,
    stdout: '',
    stderr: /^licensectl: stdin has no groups/,
    requests: [],
  },
  {
    name: 'a bad item is named by its index; add/remove do not belong in a desired state',
    args: [...base, '--yes'],
    input: JSON.stringify([{ groupId: G1, codes: ['IDU'] }, { groupId: G2, add: ['IDU'] }]),
    code: 2,
    stdout: '',
    stderr: 'licensectl: stdin [1]: add/remove do not belong in a desired-state file: give each group all its codes; nothing was sent\n',
    requests: [],
  },
];

describe('group apply', () => {
  it.each(cases)('$name', async (c) => {
    // The terminal case pipes its answer through stdin; the file then comes from a real file.
    if (c.stdinTty) {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-apply-')), 'desired.json');
      fs.writeFileSync(file, DESIRED);
      c = { ...c, args: c.args.map((a) => (a === '-' ? file : a)) };
    }
    await check(c);
  });

  it('--report records before and after, so group undo can take the run back', async () => {
    const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-apply-')), 'apply.jsonl');
    await check({ name: '', args: [...base, '--yes', '--report', report], input: DESIRED, mock: mocks(owned, batch(CURRENT), put(G1, ['IDU']), put(G2, ['ACNU', 'PMD'])), code: 0, stdout: PLAN, stderr: /Applied 2 of 2/ });
    const lines = fs.readFileSync(report, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { groupId: G1, accountId: ACCOUNT, status: 'ok', httpStatus: 200, attempts: 1, error: null, before: null, after: { userBundleCodes: ['IDU'], useExternalLicense: false } },
      { groupId: G2, accountId: ACCOUNT, status: 'ok', httpStatus: 200, attempts: 1, error: null, before: { userBundleCodes: ['ACNU', 'ATTUNU'], useExternalLicense: false }, after: { userBundleCodes: ['ACNU', 'PMD'], useExternalLicense: false } },
    ]);
  });
});
