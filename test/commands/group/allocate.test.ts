// `group allocate <groupId>` (one group) in-process against a mocked UiPath API.
import { describe, it } from 'vitest';
import { ACCOUNT, allocation, check, groupPath, JSON_HEADERS, jsonBody, ORIGIN, TOKEN, type Case } from '../fixtures.js';

const G = 'a1b2c3d4-0000-4000-8000-000000000001';
type Api = Parameters<NonNullable<Case['mock']>>[0];
const put = (codes: string[], external = false) => (api: Api) => api
  .intercept({ path: groupPath(G), method: 'PUT', body: jsonBody({ userBundleCodes: codes, useExternalLicense: external }) })
  .reply(200, allocation(G, codes, external), JSON_HEADERS);
const dryRunText = (codes: string[], external = false) =>
  `PUT ${ORIGIN}/acme/lease_/api/account/${ACCOUNT}/user-license/group/${G}\nAuthorization: Bearer ***\nContent-Type: application/json\nAccept: application/json\n\n${JSON.stringify({ userBundleCodes: codes, useExternalLicense: external })}\n`;

const cases: Case[] = [
  {
    name: 'pipe: upper-cased codes, each once; one TSV row',
    args: ['group', 'allocate', G, '--codes', 'rpadevpronu,IDU,idu', '--account', ACCOUNT],
    mock: put(['RPADEVPRONU', 'IDU']),
    code: 0,
    stdout: `${G}\t${ACCOUNT}\tfalse\tRPADEVPRONU,IDU\n`,
    stderr: '',
    requests: [`PUT ${groupPath(G)}`],
  },
  {
    name: 'terminal: readable fields and a confirmation',
    args: ['group', 'allocate', G, '--codes', 'ATTUNU', '--account', ACCOUNT, '--external-license'],
    tty: true,
    mock: put(['ATTUNU'], true),
    code: 0,
    stdout: `Group             ${G}\nOrganization      ${ACCOUNT}\nExternal license  yes\nCodes             ATTUNU\n`,
    stderr: `✓ group ${G} now holds 1 bundle code\n`,
  },
  {
    name: '--json: the server\'s answer',
    args: ['--json', 'group', 'allocate', G, '--codes', 'IDU', '--account', ACCOUNT],
    mock: put(['IDU']),
    code: 0,
    stdout: JSON.stringify(allocation(G, ['IDU']), null, 2) + '\n',
    stderr: '',
  },
  {
    name: '--dry-run: the request, token redacted, nothing sent',
    args: ['group', 'allocate', G, '--codes', 'IDU', '--account', ACCOUNT, '--dry-run'],
    code: 0,
    stdout: dryRunText(['IDU']),
    stderr: 'dry run: nothing was sent\n',
    requests: [],
  },
  {
    name: '--dry-run --json: the planned request as one object',
    args: ['--json', 'group', 'allocate', G, '--codes', 'IDU', '--account', ACCOUNT, '--dry-run'],
    code: 0,
    stdout: JSON.stringify({
      method: 'PUT',
      url: `${ORIGIN}/acme/lease_/api/account/${ACCOUNT}/user-license/group/${G}`,
      headers: { Authorization: 'Bearer ***', 'Content-Type': 'application/json', Accept: 'application/json' },
      body: { userBundleCodes: ['IDU'], useExternalLicense: false },
    }, null, 2) + '\n',
    stderr: 'dry run: nothing was sent\n',
    requests: [],
  },
  { name: 'an unknown code: usage error, nothing sent', args: ['group', 'allocate', G, '--codes', 'NOPE', '--account', ACCOUNT], code: 2, stdout: '', stderr: 'licensectl: unknown bundle code NOPE (see `licensectl group codes`; --allow-unknown-codes sends it anyway)\n', requests: [] },
  { name: 'no --codes: usage error', args: ['group', 'allocate', G, '--account', ACCOUNT], code: 2, stdout: '', stderr: 'licensectl: missing --codes: give the bundle codes to allocate, e.g. --codes RPADEVPRONU,IDU\n', requests: [] },
  { name: 'no account anywhere: usage error', args: ['group', 'allocate', G, '--codes', 'IDU'], code: 2, stdout: '', stderr: 'licensectl: no account: pass --account <accountId>, or store one with `licensectl profile set <name> --base-url <url> --account <id>`\n', requests: [] },
  {
    name: 'a 409 (not enough licenses): exit 5, the token never printed',
    args: ['--verbose', 'group', 'allocate', G, '--codes', 'IDU', '--account', ACCOUNT],
    mock: (api) => api.intercept({ path: groupPath(G), method: 'PUT' }).reply(409, { message: `not enough for ${TOKEN}` }, JSON_HEADERS),
    code: 5,
    stdout: '',
    stderr: /^(?!.*test-token-0123456789)(.|\n)*licensectl: the organization has not purchased enough licenses for this allocation of group a1b2c3d4-0000-4000-8000-000000000001 \(409\)(.|\n)*$/,
  },
];

describe('group allocate <groupId>', () => {
  it.each(cases)('$name', async (c) => { await check(c); });
});
