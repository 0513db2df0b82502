// `group allocate <group>` (one group) in-process against a mocked UiPath API: it reads the
// group's rule (GET), then writes (PUT) only when something changes.
import { describe, it } from 'vitest';
import { ACCOUNT, allocation, check, groupPath, JSON_HEADERS, jsonBody, ORIGIN, TOKEN, type Case } from '../fixtures.js';

const G = 'a1b2c3d4-0000-4000-8000-000000000001';
type Api = Parameters<NonNullable<Case['mock']>>[0];
const OWNED = ['ATTUNU', 'RPADEVPRONU', 'IDU', 'ACNU', 'PMD'];
/** The GET of one group: its codes (none: no rule) and what the organization owns. */
const rule = (codes: string[] | null, external = false) => (api: Api) => api
  .intercept({ path: groupPath(G), method: 'GET' })
  .reply(200, { allocatedUserBundles: codes, availableUserBundles: OWNED.map((code) => ({ code, allocated: 1, total: 9 })), useExternalLicense: external }, JSON_HEADERS);
const put = (codes: string[], external = false) => (api: Api) => api
  .intercept({ path: groupPath(G), method: 'PUT', body: jsonBody({ userBundleCodes: codes, useExternalLicense: external }) })
  .reply(200, allocation(G, codes, external), JSON_HEADERS);
const both = (...mocks: ((api: Api) => unknown)[]) => (api: Api) => { for (const m of mocks) m(api); };
const request = (codes: string[], external = false) =>
  `PUT ${ORIGIN}/acme/lease_/api/account/${ACCOUNT}/user-license/group/${G}\nAuthorization: Bearer ***\nContent-Type: application/json\nAccept: application/json\n\n${JSON.stringify({ userBundleCodes: codes, useExternalLicense: external })}\n`;

const cases: Case[] = [
  {
    name: 'pipe: upper-cased codes, each once; one TSV row',
    args: ['group', 'allocate', G, '--codes', 'rpadevpronu,IDU,idu', '--account', ACCOUNT],
    mock: both(rule(null), put(['RPADEVPRONU', 'IDU'])),
    code: 0,
    stdout: `${G}\t${ACCOUNT}\tfalse\tRPADEVPRONU,IDU\n`,
    stderr: '',
    requests: [`GET ${groupPath(G)}`, `PUT ${groupPath(G)}`],
  },
  {
    name: '--codes names the codes it removes; the stored external flag is kept',
    args: ['group', 'allocate', G, '--codes', 'IDU', '--account', ACCOUNT],
    mock: both(rule(['ATTUNU', 'IDU'], true), put(['IDU'], true)),
    code: 0,
    stdout: `${G}\t${ACCOUNT}\ttrue\tIDU\n`,
    stderr: `group ${G}: -ATTUNU =IDU\n`,
  },
  {
    name: 'terminal: readable fields and a confirmation',
    args: ['group', 'allocate', G, '--codes', 'ATTUNU', '--account', ACCOUNT, '--external-license'],
    tty: true,
    mock: both(rule(null), put(['ATTUNU'], true)),
    code: 0,
    stdout: `Group             ${G}\nOrganization      ${ACCOUNT}\nExternal license  yes\nCodes             ATTUNU\n`,
    stderr: `✓ group ${G} now holds 1 bundle code\n`,
  },
  {
    name: '--json: the server\'s answer',
    args: ['--json', 'group', 'allocate', G, '--codes', 'IDU', '--account', ACCOUNT],
    mock: both(rule(['ACNU']), put(['IDU'])),
    code: 0,
    stdout: JSON.stringify(allocation(G, ['IDU']), null, 2) + '\n',
    stderr: '',
  },
  {
    name: '--add/--remove merge with what the group holds',
    args: ['group', 'allocate', G, '--add', 'acnu', '--remove', 'ATTUNU', '--account', ACCOUNT],
    mock: both(rule(['ATTUNU', 'IDU'], true), put(['IDU', 'ACNU'], true)),
    code: 0,
    stdout: `${G}\t${ACCOUNT}\ttrue\tIDU,ACNU\n`,
    stderr: `group ${G}: +ACNU -ATTUNU =IDU\n`,
  },
  {
    name: 'a merge that changes nothing: no PUT, says so',
    args: ['group', 'allocate', G, '--add', 'IDU', '--account', ACCOUNT],
    mock: rule(['IDU']),
    code: 0,
    stdout: `${G}\t${ACCOUNT}\tfalse\tIDU\n`,
    stderr: `group ${G} already holds exactly this: nothing was sent\n`,
    requests: [`GET ${groupPath(G)}`],
  },
  {
    name: '--dry-run: the change, then the request, token redacted; only the GET is sent',
    args: ['group', 'allocate', G, '--codes', 'IDU', '--account', ACCOUNT, '--dry-run'],
    mock: rule(['PMD']),
    code: 0,
    stdout: `${G}\t+IDU -PMD\n` + request(['IDU']),
    stderr: 'dry run: nothing was sent\n',
    requests: [`GET ${groupPath(G)}`],
  },
  {
    name: '--dry-run in a terminal with nothing to change',
    args: ['group', 'allocate', G, '--add', 'IDU', '--account', ACCOUNT, '--dry-run'],
    tty: true,
    mock: rule(['IDU']),
    code: 0,
    stdout: `${G}  no change (=IDU)\n`,
    stderr: 'dry run: no change, nothing would be sent\n',
  },
  {
    name: '--dry-run --json: {before, after} and the planned request',
    args: ['--json', 'group', 'allocate', G, '--codes', 'IDU', '--account', ACCOUNT, '--dry-run'],
    mock: rule(null),
    code: 0,
    stdout: JSON.stringify({
      groupId: G,
      before: null,
      after: { userBundleCodes: ['IDU'], useExternalLicense: false },
      changed: true,
      request: {
        method: 'PUT',
        url: `${ORIGIN}/acme/lease_/api/account/${ACCOUNT}/user-license/group/${G}`,
        headers: { Authorization: 'Bearer ***', 'Content-Type': 'application/json', Accept: 'application/json' },
        body: { userBundleCodes: ['IDU'], useExternalLicense: false },
      },
    }, null, 2) + '\n',
    stderr: '', // --json: the document says it is a dry run; stderr carries JSON only
  },
  {
    name: 'a code the organization does not own: exit 5 before the PUT',
    args: ['group', 'allocate', G, '--add', 'PMBU', '--account', ACCOUNT],
    mock: rule(['IDU']),
    code: 5,
    stdout: '',
    stderr: `licensectl: the organization does not own PMBU: it has ${OWNED.join(', ')} (see \`licensectl account licenses\`)\n`,
    requests: [`GET ${groupPath(G)}`],
  },
  {
    name: 'a name is looked up in Identity once',
    args: ['group', 'allocate', 'developers', '--add', 'IDU', '--account', ACCOUNT],
    mock: both(
      (api: Api) => api.intercept({ path: `/acme/identity_/api/Group/${ACCOUNT}`, method: 'GET' }).reply(200, [{ id: G, name: 'Developers' }, { id: 'x', name: 'Testers' }], JSON_HEADERS),
      rule([]),
      put(['IDU']),
    ),
    code: 0,
    stdout: `${G}\t${ACCOUNT}\tfalse\tIDU\n`,
    stderr: '',
    requests: [`GET /acme/identity_/api/Group/${ACCOUNT}`, `GET ${groupPath(G)}`, `PUT ${groupPath(G)}`],
  },
  { name: 'an unknown code: usage error, nothing sent', args: ['group', 'allocate', G, '--codes', 'NOPE', '--account', ACCOUNT], code: 2, stdout: '', stderr: 'licensectl: unknown bundle code NOPE (see `licensectl group codes`; --allow-unknown-codes sends it anyway)\n', requests: [] },
  { name: 'no --codes: usage error', args: ['group', 'allocate', G, '--account', ACCOUNT], code: 2, stdout: '', stderr: 'licensectl: missing --codes: give the bundle codes to allocate, e.g. --codes RPADEVPRONU,IDU (or --add/--remove to change some of them)\n', requests: [] },
  { name: '--codes with --add: usage error', args: ['group', 'allocate', G, '--codes', 'IDU', '--add', 'PMD', '--account', ACCOUNT], code: 2, stdout: '', stderr: 'licensectl: --codes replaces the group\'s codes; --add/--remove change some of them: give one or the other\n', requests: [] },
  { name: 'no account anywhere: usage error', args: ['group', 'allocate', G, '--codes', 'IDU'], code: 2, stdout: '', stderr: 'licensectl: no account: pass --account <accountId>, or store one with `licensectl profile set <name> --base-url <url> --account <id>`\n', requests: [] },
  {
    name: 'a 409 (not enough licenses): exit 5, the token never printed',
    args: ['--verbose', 'group', 'allocate', G, '--codes', 'IDU', '--account', ACCOUNT],
    mock: both(rule(null), (api: Api) => api.intercept({ path: groupPath(G), method: 'PUT' }).reply(409, { message: `not enough for ${TOKEN}` }, JSON_HEADERS)),
    code: 5,
    stdout: '',
    stderr: /^(?!.*test-token-0123456789)(.|\n)*licensectl: the organization has not purchased enough licenses for this allocation of group a1b2c3d4-0000-4000-8000-000000000001 \(409\)(.|\n)*$/,
  },
];

describe('group allocate <group>', () => {
  it.each(cases)('$name', async (c) => { await check(c); });
});
