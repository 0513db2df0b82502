// `group allocate --from-file` reads before it writes: the batch read, the organization's codes,
// group names, merge rows, unchanged groups, before/after in the report, and --resume comparing
// what the file asks now with what the report says was done.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, allocation, check, groupPath, JSON_HEADERS, jsonBody, type Case } from '../fixtures.js';

const G1 = 'a1b2c3d4-0000-4000-8000-000000000001';
const G2 = 'a1b2c3d4-0000-4000-8000-000000000002';
type Api = Parameters<NonNullable<Case['mock']>>[0];
const licensesPath = `/acme/lease_/api/account/${ACCOUNT}/user-license`;
const batchPath = `${licensesPath}/group`;
const identityPath = `/acme/identity_/api/Group/${ACCOUNT}`;
const owned = (codes = ['ATTUNU', 'RPADEVPRONU', 'IDU', 'ACNU', 'PMD']) => (api: Api) =>
  api.intercept({ path: licensesPath, method: 'GET' }).reply(200, codes.map((code) => ({ code, allocated: 0, total: 9 })), JSON_HEADERS);
const batch = (ids: string[], rules: Record<string, [string[], boolean?]> = {}) => (api: Api) => api
  .intercept({ path: batchPath, method: 'POST', body: jsonBody({ groupIds: ids }) })
  .reply(200, Object.entries(rules).map(([id, [codes, ext]]) => ({ id, name: id, userBundleLicenses: codes, userBundleLeases: {}, useExternalLicense: ext ?? false, orphan: false })), JSON_HEADERS);
const put = (g: string, codes: string[], external = false) => (api: Api) => api
  .intercept({ path: groupPath(g), method: 'PUT', body: jsonBody({ userBundleCodes: codes, useExternalLicense: external }) })
  .reply(200, allocation(g, codes, external), JSON_HEADERS);
const mocks = (...m: ((api: Api) => unknown)[]) => (api: Api) => { for (const f of m) f(api); };
const base = ['group', 'allocate', '--from-file', '-', '--account', ACCOUNT, '--concurrency', '1'];
const tmp = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-bulkr-')), 'out.jsonl');
const lines = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

const cases: Case[] = [
  {
    name: 'a group that already holds the requested codes is unchanged: no PUT',
    args: base,
    input: `groupId,codes\n${G1},IDU;ATTUNU\n${G2},PMD\n`,
    mock: mocks(owned(), batch([G1, G2], { [G1]: [['ATTUNU', 'IDU']] }), put(G2, ['PMD'])),
    code: 0,
    stdout: `${G1}\tunchanged\t\t0\t\n${G2}\tok\t200\t1\t\n`,
    stderr: '2 groups: 1 allocated, 1 unchanged, 0 failed\n',
    requests: [`GET ${licensesPath}`, `POST ${batchPath}`, `PUT ${groupPath(G2)}`],
  },
  {
    name: 'add/remove columns merge with the stored rule and keep its external flag',
    args: base,
    input: `groupId,add,remove\n${G1},pmd,ATTUNU\n${G2},IDU,\n`,
    mock: mocks(owned(), batch([G1, G2], { [G1]: [['ATTUNU', 'IDU'], true] }), put(G1, ['IDU', 'PMD'], true), put(G2, ['IDU'])),
    code: 0,
    stdout: `${G1}\tok\t200\t1\t\n${G2}\tok\t200\t1\t\n`,
    stderr: '2 groups: 2 allocated, 0 failed\n',
  },
  {
    name: 'a row with codes and add: usage error naming its line, nothing sent',
    args: base,
    input: `groupId,codes,add\n${G1},IDU,\n${G2},IDU,PMD\n`,
    code: 2,
    stdout: '',
    stderr: `licensectl: - line 3: group ${G2} has codes (replace) and add/remove (merge): give one or the other; nothing was sent\n`,
    requests: [],
  },
  {
    name: 'one GUID in other case and braces is the same group (finding 14)',
    args: base,
    input: `groupId,codes\n${G1},IDU\n{${G1.toUpperCase()}},PMD\n`,
    code: 2,
    stdout: '',
    stderr: `licensectl: - line 3: group ${G1} already appears on line 2 (one line per group); nothing was sent\n`,
    requests: [],
  },
  {
    name: 'an id with an escape character is refused with its line (finding 16)',
    args: base,
    input: `{"groupId":"g1","codes":["IDU"]}\n{"groupId":"g\\u001b[2Jx","codes":["IDU"]}\n`,
    code: 2,
    stdout: '',
    stderr: 'licensectl: - line 2: groupId contains the control character U+001B; nothing was sent\n',
    requests: [],
  },
  {
    name: 'an id of absurd length is refused with its line',
    args: base,
    input: `groupId,codes\n${'x'.repeat(5000)},IDU\n`,
    code: 2,
    stdout: '',
    stderr: 'licensectl: - line 2: groupId is 5000 characters long (at most 200); nothing was sent\n',
    requests: [],
  },
  {
    // The rules are read meanwhile (a read changes nothing); no PUT follows.
    name: 'a code the organization does not own refuses the run before anything is written (exit 5)',
    args: base,
    input: `groupId,codes\n${G1},IDU\n${G2},PMD;IDU\n`,
    mock: mocks(owned(['IDU', 'ATTUNU']), batch([G1, G2])),
    code: 5,
    stdout: '',
    stderr: 'licensectl: - line 3: the organization does not own PMD: it has IDU, ATTUNU (see `licensectl account licenses`); nothing was sent\n',
    requests: [`GET ${licensesPath}`, `POST ${batchPath}`],
  },
  {
    name: 'without the read scope for licenses (403) the catalog check is all there is',
    args: base,
    input: `groupId,codes\n${G1},IDU\n`,
    mock: mocks((api) => api.intercept({ path: licensesPath, method: 'GET' }).reply(403, { message: 'no' }, JSON_HEADERS), batch([G1]), put(G1, ['IDU'])),
    code: 0,
    stdout: `${G1}\tok\t200\t1\t\n`,
    stderr: '1 group: 1 allocated, 0 failed\n',
  },
  {
    name: 'groupName rows are resolved once through Identity; an unknown name is exit 3 naming its line and the nearest names',
    args: base,
    input: `groupName,codes\nDevelopers,IDU\nTesterz,PMD\n`,
    mock: (api) => api.intercept({ path: identityPath, method: 'GET' }).reply(200, [{ id: G1, name: 'Developers' }, { id: G2, name: 'Testers' }], JSON_HEADERS),
    code: 3,
    stdout: '',
    stderr: 'licensectl: - line 3: no group named "Testerz" in the organization; nearest: Testers; nothing was sent\n',
    requests: [`GET ${identityPath}`],
  },
  {
    name: 'groupName rows are written to the group\'s id',
    args: base,
    input: `{"groupName":"developers","codes":["IDU"]}\n`,
    mock: mocks((api) => api.intercept({ path: identityPath, method: 'GET' }).reply(200, [{ id: G1, name: 'Developers' }], JSON_HEADERS), owned(), batch([G1]), put(G1, ['IDU'])),
    code: 0,
    stdout: `${G1}\tok\t200\t1\t\n`,
    stderr: '1 group: 1 allocated, 0 failed\n',
  },
  {
    name: 'a token without PM.License.Read: exit 4 before any write',
    args: base,
    input: `groupId,codes\n${G1},IDU\n`,
    mock: mocks(owned(), (api) => api.intercept({ path: batchPath, method: 'POST' }).reply(403, { message: 'no' }, JSON_HEADERS)),
    code: 4,
    stdout: new RegExp(`^${G1}\tfailed\t403\t1\tcannot read its rule: every group's rule is read before writing`),
    stderr: /^1 group: 0 allocated, 1 failed\nlicensectl: every group's rule is read before writing .*PM\.License\.Read \(403\): grant it; nothing was sent\n$/,
    requests: [`GET ${licensesPath}`, `POST ${batchPath}`],
  },
];

describe('group allocate --from-file: read before write', () => {
  it.each(cases)('$name', async (c) => { await check(c); });

  it('each report line records the organization, the rule before and the server\'s answer after', async () => {
    const report = tmp();
    await check({
      name: '',
      args: [...base, '--report', report],
      input: `groupId,codes,externalLicense\n${G1},IDU,\n${G2},PMD,true\n`,
      mock: mocks(owned(), batch([G1, G2], { [G1]: [['IDU']], [G2]: [['ACNU']] }), put(G2, ['PMD'], true)),
      code: 0,
      stdout: /unchanged/,
      stderr: /1 allocated, 1 unchanged/,
    });
    expect(lines(report)).toEqual([
      { groupId: G1, accountId: ACCOUNT, status: 'unchanged', httpStatus: null, attempts: 0, error: null, before: { userBundleCodes: ['IDU'], useExternalLicense: false }, after: { userBundleCodes: ['IDU'], useExternalLicense: false } },
      { groupId: G2, accountId: ACCOUNT, status: 'ok', httpStatus: 200, attempts: 1, error: null, before: { userBundleCodes: ['ACNU'], useExternalLicense: false }, after: { userBundleCodes: ['PMD'], useExternalLicense: true } },
    ]);
  });

  it('--resume does again a row whose codes changed since the report, and skips the others', async () => {
    const report = tmp();
    const line = (g: string, codes: string[]) => JSON.stringify({ groupId: g, accountId: ACCOUNT, status: 'ok', httpStatus: 200, attempts: 1, error: null, before: null, after: { userBundleCodes: codes, useExternalLicense: false } });
    fs.writeFileSync(report, `${line(G1, ['IDU'])}\n${line(G2, ['IDU'])}\n`);
    const r = await check({
      name: '',
      args: [...base, '--report', report, '--resume'],
      input: `groupId,codes\n${G1},IDU\n${G2},PMD\n`,
      mock: mocks(owned(), batch([G2], { [G2]: [['IDU']] }), put(G2, ['PMD'])),
      code: 0,
      stdout: `${G1}\tskipped\t\t0\t\n${G2}\tok\t200\t1\t\n`,
      stderr: `2 groups: 1 already allocated (skipped), 1 allocated, 0 failed (see ${report})\n`,
    });
    expect(r.code).toBe(0);
    expect(lines(report).map((l) => [l.groupId, (l.after as { userBundleCodes: string[] }).userBundleCodes])).toEqual([[G1, ['IDU']], [G2, ['PMD']]]);
  });
});
