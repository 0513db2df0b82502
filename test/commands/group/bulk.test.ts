// `group allocate --from-file` (a small bulk run) in-process against a mocked UiPath API.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, allocation, check, ORIGIN, groupPath, JSON_HEADERS, jsonBody, type Case } from '../fixtures.js';

const G1 = 'a1b2c3d4-0000-4000-8000-000000000001';
const G2 = 'a1b2c3d4-0000-4000-8000-000000000002';
const G3 = 'a1b2c3d4-0000-4000-8000-000000000003';
const CSV = `groupId,codes\n${G1},IDU;ATTUNU\n${G2},RPADEVPRONU\n${G3},IDU\n`;
type Api = Parameters<NonNullable<Case['mock']>>[0];
const ok = (g: string, codes: string[]) => (api: Api) => api
  .intercept({ path: groupPath(g), method: 'PUT', body: jsonBody({ userBundleCodes: codes, useExternalLicense: false }) })
  .reply(200, allocation(g, codes), JSON_HEADERS);
const all = (api: Api) => { reads(api); ok(G1, ['IDU', 'ATTUNU'])(api); ok(G2, ['RPADEVPRONU'])(api); ok(G3, ['IDU'])(api); };
const base = ['group', 'allocate', '--from-file', '-', '--account', ACCOUNT, '--concurrency', '1'];
const OWNED = ['ATTUNU', 'RPADEVPRONU', 'IDU', 'ACNU', 'PMD'];
const licensesPath = `/acme/lease_/api/account/${ACCOUNT}/user-license`;
const batchPath = `${licensesPath}/group`;
/** The organization's licenses (what it owns). */
const owned = (api: Api) => api.intercept({ path: licensesPath, method: 'GET' }).reply(200, OWNED.map((code) => ({ code, allocated: 0, total: 9 })), JSON_HEADERS);
/** The batch read of `ids`, answering the rules given (groups without one are left out, as the service does). */
const batch = (ids: string[], rules: Record<string, string[]> = {}, external = false) => (api: Api) => api
  .intercept({ path: batchPath, method: 'POST', body: jsonBody({ groupIds: ids }) })
  .reply(200, Object.entries(rules).map(([id, codes]) => ({ id, name: id, userBundleLicenses: codes, userBundleLeases: {}, useExternalLicense: external, orphan: false })), JSON_HEADERS);
const reads = (api: Api) => { owned(api); batch([G1, G2, G3])(api); };
const READS = [`GET ${licensesPath}`, `POST ${batchPath}`];
/** What --dry-run prints for a PUT of `codes` to group `g`. */
const planned = (g: string, codes: string[]) =>
  `PUT ${ORIGIN}${groupPath(g)}\nAuthorization: Bearer ***\nContent-Type: application/json\nAccept: application/json\n\n${JSON.stringify({ userBundleCodes: codes, useExternalLicense: false })}\n`;

const cases: Case[] = [
  {
    name: 'pipe: every group as a TSV row, the summary on stderr',
    args: base,
    input: CSV,
    mock: all,
    code: 0,
    stdout: `${G1}\tok\t200\t1\t\n${G2}\tok\t200\t1\t\n${G3}\tok\t200\t1\t\n`,
    stderr: '3 groups: 3 allocated, 0 failed\n',
    requests: [...READS, `PUT ${groupPath(G1)}`, `PUT ${groupPath(G2)}`, `PUT ${groupPath(G3)}`],
  },
  {
    name: 'terminal, all ok: no table, only the summary',
    args: base,
    input: CSV,
    tty: true,
    mock: all,
    code: 0,
    stdout: '',
    stderr: /3 groups: 3 allocated, 0 failed\n$/,
  },
  {
    name: 'one group refused: exit 6 (partial), its error in the row',
    args: base,
    input: CSV,
    mock: (api) => {
      reads(api);
      ok(G1, ['IDU', 'ATTUNU'])(api);
      api.intercept({ path: groupPath(G2), method: 'PUT' }).reply(409, { message: 'too few' }, JSON_HEADERS);
      ok(G3, ['IDU'])(api);
    },
    code: 6,
    stdout: new RegExp(`^${G1}\\tok\\t200\\t1\\t\\n${G2}\\tfailed\\t409\\t1\\tthe organization has not purchased enough licenses for this allocation of group ${G2} \\(409\\).*\\n${G3}\\tok\\t200\\t1\\t\\n$`),
    stderr: '3 groups: 2 allocated, 1 failed\n',
  },
  {
    name: '--concurrency auto (the default): a 429 with Retry-After is waited out and retried; --verbose tells what the limit did',
    args: ['group', 'allocate', '--from-file', '-', '--account', ACCOUNT, '--verbose'],
    input: CSV,
    mock: (api) => {
      reads(api);
      ok(G1, ['IDU', 'ATTUNU'])(api);
      api.intercept({ path: groupPath(G2), method: 'PUT' }).reply(429, { message: 'slow down' }, { headers: { ...JSON_HEADERS.headers, 'retry-after': '0' } });
      ok(G2, ['RPADEVPRONU'])(api);
      ok(G3, ['IDU'])(api);
    },
    code: 0,
    stdout: new RegExp(`^(?=(.|\\n)*${G1}\\tok\\t200\\t1\\t\\n)(?=(.|\\n)*${G2}\\tok\\t200\\t2\\t\\n)(?=(.|\\n)*${G3}\\tok\\t200\\t1\\t\\n)`),
    stderr: /--concurrency auto: ended at 8 in flight; 1 answers 429\/503, 1 halvings, 1 pool-wide pauses\n(.|\n)*3 groups: 3 allocated, 0 failed\n$/,
  },
  {
    name: 'an answer about another group fails that group (exit 6); the same id in upper case is the group',
    args: base,
    input: CSV,
    mock: (api) => {
      reads(api);
      ok(G1, ['IDU', 'ATTUNU'])(api);
      api.intercept({ path: groupPath(G2), method: 'PUT' }).reply(200, allocation(G1, ['RPADEVPRONU']), JSON_HEADERS);
      api.intercept({ path: groupPath(G3), method: 'PUT' }).reply(200, allocation(G3.toUpperCase(), ['IDU']), JSON_HEADERS);
    },
    code: 6,
    stdout: new RegExp(`^${G1}\\tok\\t200\\t1\\t\\n${G2}\\tfailed\\t\\t1\\tthe server accepted the allocation of group ${G2} but its answer is about group "${G1}": the outcome is unknown.*\\n${G3}\\tok\\t200\\t1\\t\\n$`),
    stderr: '3 groups: 2 allocated, 1 failed\n',
  },
  {
    name: '--dry-run: reads, then each group\'s change and the request of each group that changes; no write sent',
    args: [...base, '--dry-run'],
    input: CSV,
    mock: (api) => { owned(api); batch([G1, G2, G3], { [G1]: ['ATTUNU', 'IDU'], [G2]: ['PMD'] })(api); },
    code: 0,
    stdout: `${G1}\tno change (=IDU =ATTUNU)\n` +
      `${G2}\t+RPADEVPRONU -PMD\n${planned(G2, ['RPADEVPRONU'])}\n` +
      `${G3}\t+IDU\n${planned(G3, ['IDU'])}`,
    stderr: 'dry run: 3 groups valid, 2 would change, 1 unchanged; nothing was sent\n',
    requests: READS,
  },
  {
    name: '--dry-run --json: {groupId, before, after, changed} per group, the request of each that changes',
    args: ['--json', ...base, '--dry-run'],
    input: `groupId,add,remove\n${G1},IDU,\n${G2},,PMD\n`,
    mock: (api) => { owned(api); batch([G1, G2], { [G1]: ['IDU'], [G2]: ['PMD'] }, true)(api); },
    code: 0,
    stdout: JSON.stringify([
      { groupId: G1, before: { userBundleCodes: ['IDU'], useExternalLicense: true }, after: { userBundleCodes: ['IDU'], useExternalLicense: true }, changed: false },
      {
        groupId: G2,
        before: { userBundleCodes: ['PMD'], useExternalLicense: true },
        after: null,
        changed: true,
        // No code left: the rule is removed, as the real run would.
        request: { method: 'DELETE', url: `${ORIGIN}${groupPath(G2)}`, headers: { Authorization: 'Bearer ***', 'Content-Type': 'application/json', Accept: 'application/json' } },
      },
    ], null, 2) + '\n',
    stderr: '',
    requests: [`GET ${licensesPath}`, `POST ${batchPath}`],
  },
  {
    name: '--dry-run when the token may not read rules (403): a warning, then every request as before; no write sent',
    args: [...base, '--dry-run'],
    input: CSV,
    mock: (api) => {
      api.intercept({ path: licensesPath, method: 'GET' }).reply(403, { message: 'forbidden' }, JSON_HEADERS);
      api.intercept({ path: batchPath, method: 'POST' }).reply(403, { message: 'forbidden' }, JSON_HEADERS);
    },
    code: 0,
    stdout: `${planned(G1, ['IDU', 'ATTUNU'])}\n${planned(G2, ['RPADEVPRONU'])}\n${planned(G3, ['IDU'])}`,
    stderr: '! cannot read the groups\' rules (the token lacks PM.License.Read): printing the requests without showing what they change\n' +
      'dry run: 3 groups valid, 3 requests would be sent; nothing was sent\n',
    requests: READS,
  },
  {
    name: '--dry-run of rows that merge, when the token may not read rules (403): refused, nothing sent',
    args: [...base, '--dry-run'],
    input: `groupId,add\n${G1},IDU\n`,
    mock: (api) => {
      api.intercept({ path: licensesPath, method: 'GET' }).reply(403, { message: 'forbidden' }, JSON_HEADERS);
      api.intercept({ path: batchPath, method: 'POST' }).reply(403, { message: 'forbidden' }, JSON_HEADERS);
    },
    code: 4,
    stdout: '',
    stderr: /^licensectl: .*lacks the scope PM\.License\.Read \(403\).*nothing was sent\n$/,
    requests: READS,
  },
  {
    name: 'a bad row: usage error naming its line, nothing sent',
    args: base,
    input: `groupId,codes\n${G1},IDU\n,IDU\n`,
    code: 2,
    stdout: '',
    stderr: 'licensectl: - line 3: groupId is empty; nothing was sent\n',
    requests: [],
  },
];

describe('group allocate --from-file', () => {
  it.each(cases)('$name', async (c) => { await check(c); });

  it('--json: one document with every group, and a --report line per group', async () => {
    const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-bulk-')), 'out.jsonl');
    const r = await check({ name: '', args: ['--json', ...base, '--report', report], input: CSV, mock: all, code: 0, stdout: /^\[\n/, stderr: '' });
    const doc = JSON.parse(r.stdout) as { groupId: string; status: string; allocation: unknown }[];
    expect(doc.map((d) => [d.groupId, d.status])).toEqual([[G1, 'ok'], [G2, 'ok'], [G3, 'ok']]);
    expect(doc[1]!.allocation).toEqual(allocation(G2, ['RPADEVPRONU']));
    const lines = fs.readFileSync(report, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { groupId: string; status: string });
    expect(lines.map((l) => l.status)).toEqual(['ok', 'ok', 'ok']);
  });
});
