// `group show`, `group list`, `group revoke` and `account licenses` in-process against a mocked
// UiPath API: a terminal and a pipe, exact stdout and stderr, the requests sent.
import { describe, it } from 'vitest';
import { ACCOUNT, check, groupPath, JSON_HEADERS, type Case } from '../fixtures.js';

const G = 'a1b2c3d4-0000-4000-8000-000000000001';
type Api = Parameters<NonNullable<Case['mock']>>[0];
const AVAILABLE = [{ code: 'IDU', allocated: 3, total: 10 }, { code: 'PMD', allocated: 2, total: 2 }];
const rule = (codes: string[] | null, external = false) => (api: Api) => api
  .intercept({ path: groupPath(G), method: 'GET' })
  .reply(200, { allocatedUserBundles: codes, availableUserBundles: AVAILABLE, useExternalLicense: external }, JSON_HEADERS);
const both = (...mocks: ((api: Api) => unknown)[]) => (api: Api) => { for (const m of mocks) m(api); };
const licensesPath = `/acme/lease_/api/account/${ACCOUNT}/user-license`;
const owned = (status: number, body: unknown) => (api: Api) => api.intercept({ path: licensesPath, method: 'GET' }).reply(status, body as object, JSON_HEADERS);
const pagePath = (q: string) => `/acme/lease_/api/account/${ACCOUNT}/user-license/group/page?${q}`;
const summary = (i: number) => ({ id: `a1b2c3d4-0000-4000-8000-00000000000${i}`, name: `Group ${i}`, userBundleLicenses: ['IDU'], userBundleLeases: { IDU: i }, useExternalLicense: i === 2, orphan: i === 3 });
const page = (q: string, total: number, items: number[]) => (api: Api) => api
  .intercept({ path: pagePath(q), method: 'GET' })
  .reply(200, { totalCount: total, results: items.map(summary) }, JSON_HEADERS);

const show: Case[] = [
  {
    name: 'show, pipe: code, product, held, allocated/total, free',
    args: ['group', 'show', G, '--account', ACCOUNT],
    mock: rule(['IDU']),
    code: 0,
    stdout: 'IDU\tInsights Designer\tyes\t3/10\t7\nPMD\tProcess Mining Developer\tno\t2/2\t0\n',
    stderr: '',
    requests: [`GET ${groupPath(G)}`],
  },
  {
    name: 'show, terminal: a table and the external flag',
    args: ['group', 'show', G, '--account', ACCOUNT],
    tty: true,
    mock: rule(['IDU'], true),
    code: 0,
    stdout: /CODE\s+│ PRODUCT\s+│ HELD │ ALLOCATED │ FREE[\s\S]*IDU\s+│ Insights Designer\s+│ yes\s+│ 3\/10\s+│ 7[\s\S]*\nExternal license: yes\n$/,
    stderr: '',
  },
  {
    name: 'show --json: the documented shape',
    args: ['--json', 'group', 'show', G, '--account', ACCOUNT],
    mock: rule(null),
    code: 0,
    stdout: JSON.stringify({ groupId: G, userBundleCodes: [], useExternalLicense: false, available: AVAILABLE }, null, 2) + '\n',
    stderr: '',
  },
  {
    name: 'show: a group without a rule says so, exit 0',
    args: ['group', 'show', G, '--account', ACCOUNT],
    mock: rule(null),
    code: 0,
    stdout: 'IDU\tInsights Designer\tno\t3/10\t7\nPMD\tProcess Mining Developer\tno\t2/2\t0\n',
    stderr: `group ${G} has no license rule: it holds no user licenses\n`,
  },
  {
    name: 'show: 404 is exit 3',
    args: ['group', 'show', G, '--account', ACCOUNT],
    mock: (api) => api.intercept({ path: groupPath(G), method: 'GET' }).reply(404, { message: 'no such group' }, JSON_HEADERS),
    code: 3,
    stdout: '',
    stderr: /^licensectl: group a1b2c3d4-0000-4000-8000-000000000001 not found in organization .*\(404\): check the group's ID or name/,
  },
];

const list: Case[] = [
  {
    name: 'list, pipe: one row per group; a note when more pages exist',
    args: ['group', 'list', '--account', ACCOUNT, '--page-size', '2'],
    mock: page('top=2&skip=0', 3, [1, 2]),
    code: 0,
    stdout: `${summary(1).id}\tGroup 1\tIDU\tIDU=1\tno\tno\n${summary(2).id}\tGroup 2\tIDU\tIDU=2\tyes\tno\n`,
    stderr: 'page 1 of 2, 3 groups: add --page 2 for the next, or --all for every page\n',
  },
  {
    name: 'list --page 2 --code (repeated) --sort --dir: the query as the service documents it',
    args: ['group', 'list', '--account', ACCOUNT, '--page-size', '2', '--page', '2', '--code', 'idu', '--code', 'PMD', '--sort', 'name', '--dir', 'desc'],
    mock: page('top=2&skip=2&sortBy=name&sortOrder=1&userBundleLicenseCodes=IDU&userBundleLicenseCodes=PMD', 3, [3]),
    code: 0,
    stdout: `${summary(3).id}\tGroup 3\tIDU\tIDU=3\tno\tyes\n`,
    stderr: '',
  },
  {
    name: 'list --all --json: every page, in order',
    args: ['--json', 'group', 'list', '--account', ACCOUNT, '--page-size', '1', '--all'],
    mock: both(page('top=1&skip=0', 3, [1]), page('top=1&skip=1', 3, [2]), page('top=1&skip=2', 3, [3])),
    code: 0,
    stdout: JSON.stringify([summary(1), summary(2), summary(3)], null, 2) + '\n',
    stderr: '',
  },
  {
    name: 'list: nothing has a rule',
    args: ['group', 'list', '--account', ACCOUNT],
    tty: true,
    mock: page('top=50&skip=0', 0, []),
    code: 0,
    stdout: '',
    stderr: 'No group has a license rule.\n',
  },
  {
    name: 'list --code with a code neither in the catalog nor owned: exit 2 with the nearest owned code, the list not read',
    args: ['group', 'list', '--account', ACCOUNT, '--code', 'IDU', '--code', 'idv'],
    mock: owned(200, AVAILABLE),
    code: 2,
    stdout: '',
    stderr: 'licensectl: the organization does not own IDV (did you mean IDU?): it has IDU, PMD (see `licensectl account licenses`)\n',
    requests: [`GET ${licensesPath}`],
  },
  {
    name: 'list --code NOPE --json: the error as JSON on stderr',
    args: ['--json', 'group', 'list', '--account', ACCOUNT, '--code', 'NOPE'],
    mock: owned(200, AVAILABLE),
    code: 2,
    stdout: '',
    stderr: /^\{"error":\{"code":"usage","message":"the organization does not own NOPE: it has IDU, PMD/,
    requests: [`GET ${licensesPath}`],
  },
  {
    name: 'list --code with a code newer than the catalog that the organization owns: listed',
    args: ['group', 'list', '--account', ACCOUNT, '--code', 'NEWBUNDLENU'],
    mock: both(owned(200, [...AVAILABLE, { code: 'NEWBUNDLENU', allocated: 0, total: 5 }]), page('top=50&skip=0&userBundleLicenseCodes=NEWBUNDLENU', 1, [1])),
    code: 0,
    stdout: 'a1b2c3d4-0000-4000-8000-000000000001\tGroup 1\tIDU\tIDU=1\tno\tno\n',
    stderr: '',
    requests: [`GET ${licensesPath}`, `GET ${pagePath('top=50&skip=0&userBundleLicenseCodes=NEWBUNDLENU')}`],
  },
  {
    name: 'list --code outside the catalog, without the scope to read the organization\'s licenses (403): the catalog decides',
    args: ['group', 'list', '--account', ACCOUNT, '--code', 'idv'],
    mock: owned(403, { message: 'forbidden' }),
    code: 2,
    stdout: '',
    stderr: 'licensectl: unknown bundle code IDV: did you mean IDU? (see `licensectl group codes`)\n',
    requests: [`GET ${licensesPath}`],
  },
  {
    name: 'list --code with catalog codes only: the organization\'s licenses are not read',
    args: ['group', 'list', '--account', ACCOUNT, '--code', 'IDU'],
    mock: page('top=50&skip=0&userBundleLicenseCodes=IDU', 1, [1]),
    code: 0,
    stdout: 'a1b2c3d4-0000-4000-8000-000000000001\tGroup 1\tIDU\tIDU=1\tno\tno\n',
    stderr: '',
    requests: [`GET ${pagePath('top=50&skip=0&userBundleLicenseCodes=IDU')}`],
  },
  { name: 'list --sort price: refused locally', args: ['group', 'list', '--account', ACCOUNT, '--sort', 'price'], code: 2, stdout: '', stderr: /^licensectl: option '--sort <field>' argument 'price' is invalid/, requests: [] },
];

const revoke: Case[] = [
  {
    name: 'revoke --yes: reads, then DELETEs, and names what went',
    args: ['group', 'revoke', G, '--account', ACCOUNT, '--yes'],
    mock: both(rule(['IDU', 'PMD']), (api: Api) => api.intercept({ path: groupPath(G), method: 'DELETE' }).reply(200, '')),
    code: 0,
    stdout: '',
    stderr: `✓ revoked the license rule of group ${G} (-IDU -PMD)\n`,
    requests: [`GET ${groupPath(G)}`, `DELETE ${groupPath(G)}`],
  },
  {
    name: 'revoke --yes with a token that cannot read (403): warns, and still DELETEs',
    args: ['group', 'revoke', G, '--account', ACCOUNT, '--yes'],
    mock: both(
      (api: Api) => api.intercept({ path: groupPath(G), method: 'GET' }).reply(403, { message: 'forbidden' }, JSON_HEADERS),
      (api: Api) => api.intercept({ path: groupPath(G), method: 'DELETE' }).reply(200, ''),
    ),
    code: 0,
    stdout: '',
    stderr: `! cannot read the group's rule (the token lacks PM.License.Read): revoking without showing what it held\n✓ revoked the license rule of group ${G}\n`,
    requests: [`GET ${groupPath(G)}`, `DELETE ${groupPath(G)}`],
  },
  {
    name: 'revoke --dry-run with a token that cannot read (403): exit 4, nothing sent',
    args: ['group', 'revoke', G, '--account', ACCOUNT, '--dry-run'],
    mock: (api: Api) => api.intercept({ path: groupPath(G), method: 'GET' }).reply(403, { message: 'forbidden' }, JSON_HEADERS),
    code: 4,
    stdout: '',
    stderr: /^licensectl: .*403/,
    requests: [`GET ${groupPath(G)}`],
  },
  {
    name: 'revoke --dry-run: the change, no DELETE',
    args: ['group', 'revoke', G, '--account', ACCOUNT, '--dry-run'],
    mock: rule(['IDU']),
    code: 0,
    stdout: `${G}\t-IDU\n`,
    stderr: 'dry run: nothing was sent\n',
    requests: [`GET ${groupPath(G)}`],
  },
  {
    name: 'revoke in a pipe without --yes: exit 2, nothing sent',
    args: ['group', 'revoke', G, '--account', ACCOUNT],
    code: 2,
    stdout: '',
    stderr: 'licensectl: revoking a group\'s licenses needs confirmation: pass --yes (no terminal to ask on)\n',
    requests: [],
  },
  {
    name: 'revoke at a prompt: "n" revokes nothing (exit 1)',
    args: ['group', 'revoke', G, '--account', ACCOUNT],
    tty: true,
    stdinTty: true,
    input: 'n\n',
    mock: rule(['IDU']),
    code: 1,
    stdout: '',
    stderr: `Revoke every user license of group ${G} (-IDU)? [y/N] licensectl: cancelled: nothing was revoked\n`,
    requests: [`GET ${groupPath(G)}`],
  },
  {
    name: 'revoke --json of a group without a rule: no DELETE',
    args: ['--json', 'group', 'revoke', G, '--account', ACCOUNT, '--yes'],
    mock: rule(null),
    code: 0,
    stdout: JSON.stringify({ groupId: G, before: null, after: null, changed: false, revoked: false }, null, 2) + '\n',
    stderr: '',
    requests: [`GET ${groupPath(G)}`],
  },
];

const licenses = owned(200, AVAILABLE);
const account: Case[] = [
  { name: 'account licenses, pipe', args: ['account', 'licenses', '--account', ACCOUNT], mock: licenses, code: 0, stdout: 'IDU\tInsights Designer\t3\t10\t7\nPMD\tProcess Mining Developer\t2\t2\t0\n', stderr: '' },
  {
    name: 'account licenses --json: code, product, allocated, total, free',
    args: ['--json', 'account', 'licenses', '--account', ACCOUNT],
    mock: licenses,
    code: 0,
    stdout: JSON.stringify([
      { code: 'IDU', product: 'Insights Designer', allocated: 3, total: 10, free: 7 },
      { code: 'PMD', product: 'Process Mining Developer', allocated: 2, total: 2, free: 0 },
    ], null, 2) + '\n',
    stderr: '',
  },
  { name: 'account licenses, terminal', args: ['account', 'licenses', '--account', ACCOUNT], tty: true, mock: licenses, code: 0, stdout: /CODE\s+│ PRODUCT\s+│ ALLOCATED │ TOTAL │ FREE[\s\S]*PMD\s+│ Process Mining Developer │ 2\s+│ 2\s+│ 0/, stderr: '' },
  {
    name: 'account licenses without PM.License.Read: exit 4 naming the scope',
    args: ['account', 'licenses', '--account', ACCOUNT],
    mock: (api) => api.intercept({ path: licensesPath, method: 'GET' }).reply(403, ''),
    code: 4,
    stdout: '',
    stderr: 'licensectl: the token lacks the scope PM.License.Read (403): log in with a client or user that has it\n',
  },
];

describe('group show', () => { it.each(show)('$name', async (c) => { await check(c); }); });
describe('group list', () => { it.each(list)('$name', async (c) => { await check(c); }); });
describe('group revoke', () => { it.each(revoke)('$name', async (c) => { await check(c); }); });
describe('account licenses', () => { it.each(account)('$name', async (c) => { await check(c); }); });
