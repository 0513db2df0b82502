// `group undo --report <file>` in-process against a mocked UiPath API: it batch-reads the groups a
// run wrote, restores `before` (PUT, or DELETE when there was no rule), leaves groups changed since
// alone as `conflict` (--force restores them), and refuses what is not a report of this organization.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, allocation, check, groupPath, JSON_HEADERS, jsonBody, type Case } from '../fixtures.js';

const [G1, G2, G3, G4] = [1, 2, 3, 4].map((n) => `a1b2c3d4-0000-4000-8000-00000000000${n}`) as [string, string, string, string];
type Api = Parameters<NonNullable<Case['mock']>>[0];
const batchPath = `/acme/lease_/api/account/${ACCOUNT}/user-license/group`;
const rule = (codes: string[], external = false) => ({ userBundleCodes: codes, useExternalLicense: external });
const batch = (ids: string[], rules: Record<string, string[]>) => (api: Api) => api
  .intercept({ path: batchPath, method: 'POST', body: jsonBody({ groupIds: ids }) })
  .reply(200, Object.entries(rules).map(([id, codes]) => ({ id, name: id, userBundleLicenses: codes, userBundleLeases: {}, useExternalLicense: false, orphan: false })), JSON_HEADERS);
const put = (g: string, codes: string[]) => (api: Api) => api
  .intercept({ path: groupPath(g), method: 'PUT', body: jsonBody(rule(codes)) })
  .reply(200, allocation(g, codes), JSON_HEADERS);
const del = (g: string) => (api: Api) => api.intercept({ path: groupPath(g), method: 'DELETE' }).reply(200, '');
const mocks = (...m: ((api: Api) => unknown)[]) => (api: Api) => { for (const f of m) f(api); };

function report(lines: object[] = [
  { groupId: G1, before: null, after: rule(['IDU']) },
  { groupId: G2, before: rule(['ACNU']), after: rule(['PMD']) },
  { groupId: G3, before: rule(['IDU']), after: rule(['ATTUNU']) },
  { groupId: G4, status: 'failed', httpStatus: 409, error: 'too few', before: null },
]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-undo-')), 'out.jsonl');
  fs.writeFileSync(file, lines.map((l) => JSON.stringify({ accountId: ACCOUNT, status: 'ok', httpStatus: 200, attempts: 1, error: null, ...l }) + '\n').join(''));
  return file;
}
const args = (file: string, ...more: string[]) => ['group', 'undo', '--report', file, '--account', ACCOUNT, '--concurrency', '1', ...more];
const read = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

describe('group undo', () => {
  it('restores before (DELETE where there was no rule), leaves a group changed since as conflict: exit 6; run again, nothing more is sent', async () => {
    const file = report();
    const conflict = 'changed since the run: it holds TSTNU, the run left ATTUNU (--force restores it anyway)';
    await check({
      name: '',
      args: args(file),
      mock: mocks(batch([G1, G2, G3], { [G1]: ['IDU'], [G2]: ['PMD'], [G3]: ['TSTNU'] }), del(G1), put(G2, ['ACNU'])),
      code: 6,
      stdout: `${G1}\tok\t200\t1\t\n${G2}\tok\t200\t1\t\n${G3}\tconflict\t\t0\t${conflict}\n`,
      stderr: `3 groups: 2 restored, 0 already as before, 1 changed since (left alone), 0 failed (see ${file}.undo.jsonl)\n`,
      requests: [`POST ${batchPath}`, `DELETE ${groupPath(G1)}`, `PUT ${groupPath(G2)}`],
    });
    const undone = read(`${file}.undo.jsonl`);
    expect(undone.map((l) => [l.groupId, l.status, l.before, l.after])).toEqual([
      [G3, 'conflict', rule(['TSTNU']), rule(['TSTNU'])],
      [G1, 'ok', rule(['IDU']), null],
      [G2, 'ok', rule(['PMD']), rule(['ACNU'])],
    ]);
    // Again: the restored groups are skipped; the conflict is read again and still left alone.
    await check({
      name: '',
      args: args(file),
      mock: batch([G3], { [G3]: ['TSTNU'] }),
      code: 6,
      stdout: `${G1}\tskipped\t\t0\t\n${G2}\tskipped\t\t0\t\n${G3}\tconflict\t\t0\t${conflict}\n`,
      stderr: /^3 groups: 2 restored earlier \(skipped\), 0 restored, 0 already as before, 1 changed since \(left alone\), 0 failed/,
      requests: [`POST ${batchPath}`],
    });
  });

  it('--force restores a group changed since the run too', async () => {
    const file = report([{ groupId: G3, before: rule(['IDU']), after: rule(['ATTUNU']) }]);
    await check({ name: '', args: args(file, '--force'), mock: mocks(batch([G3], { [G3]: ['TSTNU'] }), put(G3, ['IDU'])), code: 0, stdout: `${G3}\tok\t200\t1\t\n`, stderr: /1 restored/ });
  });

  it('a group already back as before is unchanged: nothing sent', async () => {
    const file = report([{ groupId: G2, before: rule(['ACNU']), after: rule(['PMD']) }]);
    await check({ name: '', args: args(file), mock: batch([G2], { [G2]: ['ACNU'] }), code: 0, stdout: `${G2}\tunchanged\t\t0\t\n`, stderr: /0 restored, 1 already as before/, requests: [`POST ${batchPath}`] });
  });

  it('--dry-run prints each group\'s change and the conflicts, writes nothing', async () => {
    const file = report();
    await check({
      name: '',
      args: args(file, '--dry-run'),
      mock: batch([G1, G2, G3], { [G1]: ['IDU'], [G2]: ['PMD'], [G3]: ['TSTNU'] }),
      code: 0,
      stdout: `${G1}\trestore\t-IDU\n${G2}\trestore\t+ACNU -PMD\n${G3}\tconflict\tconflict: holds TSTNU, the run left ATTUNU\n`,
      stderr: 'dry run: 2 to restore, 0 already as before, 1 changed since the run (left alone; --force restores them); nothing was sent\n',
      requests: [`POST ${batchPath}`],
    });
    expect(fs.existsSync(`${file}.undo.jsonl`)).toBe(false);
  });

  it.each([
    ['a report of another organization', () => report([{ groupId: G1, accountId: 'other-org', before: null, after: rule(['IDU']) }]), /belongs to organization other-org, not 0f8fad5b-.* \(--account\): nothing was sent$/],
    ['a CSV file', () => { const f = report(); fs.writeFileSync(f, `groupId,codes\n${G1},IDU\n`); return f; }, /line 1 is not a licensectl report line/],
    ['a report without before (an older licensectl)', () => { const f = report(); fs.writeFileSync(f, JSON.stringify({ groupId: G1, status: 'ok', httpStatus: 200, attempts: 1, error: null }) + '\n'); return f; }, /does not record the organization and the rule before the run/],
    ['an empty file', () => { const f = report(); fs.writeFileSync(f, ''); return f; }, /is empty: not a licensectl report$/],
    ['a missing file', () => '/nonexistent/out.jsonl', /cannot read the report \/nonexistent\/out\.jsonl: no such file$/],
  ])('%s: exit 2, nothing sent', async (_name, make, message) => {
    const r = await check({ name: '', args: args(make()), code: 2, stdout: '', stderr: /^licensectl: .*\n$/, requests: [] });
    expect(r.stderr.trim()).toMatch(message);
  });
});
