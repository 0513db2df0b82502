// Where a bulk report may be written (`group allocate --from-file --report`): never over the input
// file, the profile store, a file that is not a report, or `-`; and one run at a time (a lock).
// Every refusal is exit 2 before anything is sent.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, allocation, check, groupPath, JSON_HEADERS } from '../fixtures.js';
import { tempConfigDir } from '../../helpers/inprocess.js';

const G1 = 'a1b2c3d4-0000-4000-8000-000000000001';
const CSV = `groupId,codes\n${G1},IDU\n`;

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-report-'));
}

const args = (input: string, report: string) => ['group', 'allocate', '--from-file', input, '--account', ACCOUNT, '--report', report];
// A bulk run reads first (the organization's codes, the group's rule in a batch), then PUTs.
type Api = Parameters<NonNullable<Parameters<typeof check>[0]['mock']>>[0];
const reads = (api: Api) => {
  const licenses = `/acme/lease_/api/account/${ACCOUNT}/user-license`;
  api.intercept({ path: licenses, method: 'GET' }).reply(200, [{ code: 'IDU', allocated: 0, total: 9 }], JSON_HEADERS);
  api.intercept({ path: `${licenses}/group`, method: 'POST' }).reply(200, [], JSON_HEADERS);
};
const okPut = (api: Api) => {
  reads(api);
  return api.intercept({ path: groupPath(G1), method: 'PUT' }).reply(200, allocation(G1, ['IDU']), JSON_HEADERS);
};

describe('--report refuses what it must not overwrite', () => {
  it('the input file itself (same real path): exit 2, nothing sent, the input intact', async () => {
    const dir = tmp();
    const input = path.join(dir, 'groups.csv');
    fs.writeFileSync(input, CSV);
    await check({ args: args(input, path.join(dir, '.', 'groups.csv')), name: '', code: 2, stdout: '', stderr: /^licensectl: --report .* is the input file .*: writing the report would destroy it; give another file\n$/, requests: [] });
    // Through a symlink, and through a hard link.
    fs.symlinkSync(input, path.join(dir, 'link.jsonl'));
    await check({ args: args(input, path.join(dir, 'link.jsonl')), name: '', code: 2, stdout: '', stderr: /is the input file/, requests: [] });
    fs.linkSync(input, path.join(dir, 'hard.jsonl'));
    await check({ args: args(path.join(dir, 'hard.jsonl'), input), name: '', code: 2, stdout: '', stderr: /is the input file/, requests: [] });
    expect(fs.readFileSync(input, 'utf8')).toBe(CSV);
  });

  it('the profile store, or anything in the config folder (also through a symlink): exit 2, the store intact', async () => {
    const dir = tmp();
    const config = tempConfigDir();
    const store = path.join(config, 'config.json');
    fs.writeFileSync(store, '{"profiles":{}}\n');
    const input = path.join(dir, 'groups.csv');
    fs.writeFileSync(input, CSV);
    await check({ args: args(input, store), configDir: config, name: '', code: 2, stdout: '', stderr: /^licensectl: --report .*config\.json is inside licensectl's config folder/, requests: [] });
    fs.symlinkSync(config, path.join(dir, 'cfg'));
    await check({ args: args(input, path.join(dir, 'cfg', 'new.jsonl')), configDir: config, name: '', code: 2, stdout: '', stderr: /is inside licensectl's config folder/, requests: [] });
    expect(fs.readFileSync(store, 'utf8')).toBe('{"profiles":{}}\n');
    expect(fs.existsSync(path.join(config, 'new.jsonl'))).toBe(false);
  });

  it('an existing file that is not a licensectl report: exit 2, the file intact', async () => {
    const dir = tmp();
    const input = path.join(dir, 'groups.csv');
    fs.writeFileSync(input, CSV);
    const notes = path.join(dir, 'notes.txt');
    fs.writeFileSync(notes, 'my precious notes\n');
    await check({ args: args(input, notes), name: '', code: 2, stdout: '', stderr: /^licensectl: --report .*notes\.txt exists and is not a licensectl report: refusing to overwrite it; delete it or give another file\n$/, requests: [] });
    expect(fs.readFileSync(notes, 'utf8')).toBe('my precious notes\n');
    await check({ args: args(input, dir), name: '', code: 2, stdout: '', stderr: /is not a regular file/, requests: [] });
  });

  it('an existing report is replaced as before', async () => {
    const dir = tmp();
    const input = path.join(dir, 'groups.csv');
    fs.writeFileSync(input, CSV);
    const report = path.join(dir, 'out.jsonl');
    fs.writeFileSync(report, JSON.stringify({ groupId: 'x', status: 'failed', httpStatus: 503, attempts: 8, error: 'e' }) + '\n');
    await check({ args: args(input, report), name: '', mock: okPut, code: 0, stdout: /ok/, stderr: /1 allocated/ });
    expect(fs.readFileSync(report, 'utf8')).toMatch(/^\{"groupId":"a1b2c3d4-0000-4000-8000-000000000001","accountId":"[^"]+","status":"ok"/);
    expect(fs.existsSync(`${report}.lock`)).toBe(false);
  });

  it('--report - is refused (a report must be a file --resume can read); no file named "-" appears', async () => {
    const cwd = process.cwd();
    const dir = tmp();
    process.chdir(dir);
    try {
      await check({ args: args('-', '-'), input: CSV, name: '', code: 2, stdout: '', stderr: /^licensectl: --report - is not supported: the report must be a file/, requests: [] });
      expect(fs.existsSync(path.join(dir, '-'))).toBe(false);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('one run at a time per report', () => {
  it('a report locked by a live run is refused (exit 2) and left alone', async () => {
    const dir = tmp();
    const input = path.join(dir, 'groups.csv');
    fs.writeFileSync(input, CSV);
    const report = path.join(dir, 'out.jsonl');
    const line = JSON.stringify({ groupId: 'x', status: 'ok', httpStatus: 200, attempts: 1, error: null }) + '\n';
    fs.writeFileSync(report, line);
    fs.writeFileSync(`${report}.lock`, `${process.pid}\n`); // this process is alive: as another run would be
    await check({ args: [...args(input, report), '--resume'], name: '', code: 2, stdout: '', stderr: new RegExp(`^licensectl: --report .*out\\.jsonl is being written by another licensectl run \\(process ${process.pid}\\): wait for it to end`), requests: [] });
    expect(fs.readFileSync(report, 'utf8')).toBe(line);
    expect(fs.existsSync(`${report}.lock`)).toBe(true);
  });

  it('a lock left by a run that is gone is taken over, and released at the end', async () => {
    const dir = tmp();
    const input = path.join(dir, 'groups.csv');
    fs.writeFileSync(input, CSV);
    const report = path.join(dir, 'out.jsonl');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    fs.writeFileSync(`${report}.lock`, `${gone}\n`);
    await check({ args: args(input, report), name: '', mock: okPut, code: 0, stdout: /ok/, stderr: /1 allocated/ });
    expect(fs.existsSync(`${report}.lock`)).toBe(false);
  });

  it('two runs at once on one report: the second is refused while the first writes', async () => {
    const dir = tmp();
    const input = path.join(dir, 'groups.csv');
    fs.writeFileSync(input, CSV);
    const report = path.join(dir, 'out.jsonl');
    let second: Awaited<ReturnType<typeof check>> | undefined;
    await check({
      args: args(input, report),
      name: '',
      // The first run's request is answered only after the second run has been tried.
      mock: (api) => (reads(api), api).intercept({ path: groupPath(G1), method: 'PUT' }).reply(200, async () => {
        second = await check({ args: args(input, report), name: '', code: 2, stdout: '', stderr: /is being written by another licensectl run/, requests: [] });
        return allocation(G1, ['IDU']);
      }, JSON_HEADERS),
      code: 0,
      stdout: /ok/,
      stderr: /1 allocated/,
    });
    expect(second?.code).toBe(2);
    expect(fs.readFileSync(report, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
