// `group allocate --from-file` against the sandbox, through the built binary: faults, the report,
// --resume, and Ctrl-C in the middle of a run.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS, startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { BIN, cleanEnv, runCli, tempConfigDir, type RunResult } from '../helpers/cli.js';
import { runInProcess } from '../helpers/inprocess.js';

const ACCOUNT = SANDBOX_DEFAULTS.accountId;
const CODES = ['RPADEVPRONU', 'IDU'];

interface ReportLine {
  groupId: string;
  status: string;
  httpStatus: number | null;
  attempts: number;
  error: string | null;
}

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function setup(opts: SandboxOptions = {}) {
  sandbox = await startSandbox({ port: 0, ...opts });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-bulk-'));
  const env = { LICENSECTL_CONFIG_DIR: tempConfigDir(), LICENSECTL_BASE_URL: `${sandbox.url}/${SANDBOX_DEFAULTS.org}`, LICENSECTL_TOKEN: sandbox.adminToken };
  return { sb: sandbox, dir, env };
}

function writeCsv(file: string, ids: readonly string[]): void {
  fs.writeFileSync(file, 'groupId,codes\n' + ids.map((id) => `${id},${CODES.join(';')}\n`).join(''));
}

function readReport(file: string): ReportLine[] {
  return fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ReportLine);
}

async function allocatedGroups(sb: Sandbox): Promise<Map<string, string[]>> {
  const state = (await (await fetch(`${sb.url}/_sandbox/state`)).json()) as { accounts: { id: string; groups: { id: string; userBundleCodes: string[] }[] }[] };
  const groups = state.accounts.find((a) => a.id === ACCOUNT)!.groups;
  return new Map(groups.filter((g) => g.userBundleCodes.length > 0).map((g) => [g.id, g.userBundleCodes]));
}

const puts = (sb: Sandbox) => sb.requests.filter((r) => r.method === 'PUT');

function expectEachOnce(lines: ReportLine[], ids: readonly string[]): void {
  expect(lines.map((l) => l.groupId).sort()).toEqual([...ids].sort());
}

describe('group allocate --from-file', () => {
  it('1,000 groups through 20% injected faults all end allocated; the report lists each once; --resume then sends nothing', async () => {
    const { sb, dir, env: base } = await setup({ faultRate: 0.2, retryAfterSeconds: 0 });
    // With 20% of requests faulted, a request gives up after its 8 attempts (the default) with a
    // chance of 0.2^8: about 1 run in 400 of these 1,011 requests had a group really fail (one CI run
    // did). 12 attempts make that 1 in 250,000; the retries are what this test is about.
    const env = { ...base, LICENSECTL_MAX_ATTEMPTS: '12' };
    const ids = sb.seedGroups(ACCOUNT, 1000);
    const csv = path.join(dir, 'groups.csv');
    const report = path.join(dir, 'out.jsonl');
    writeCsv(csv, ids);

    // In-process (no process is needed to run 2,000 requests): no spawn to slow down on a busy machine.
    const r = await runInProcess(['group', 'allocate', '--from-file', csv, '--account', ACCOUNT, '--report', report], { env });
    expect(r.stderr).toBe(`1000 groups: 1000 allocated, 0 failed (see ${report})\n`);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1000);
    expect(r.stdout.split('\n')[0]).toMatch(new RegExp(`^${ids[0]}\\tok\\t200\\t\\d+\\t$`));

    const lines = readReport(report);
    expectEachOnce(lines, ids);
    expect(lines.every((l) => l.status === 'ok' && l.httpStatus === 200 && l.error === null && l.attempts >= 1)).toBe(true);
    expect(lines.some((l) => l.attempts > 1)).toBe(true); // faults were met and retried
    expect(sb.requests.some((q) => q.fault !== undefined)).toBe(true);

    const stored = await allocatedGroups(sb);
    for (const id of ids) expect(stored.get(id)).toEqual(CODES);

    sb.requests.length = 0;
    const again = await runInProcess(['group', 'allocate', '--from-file', csv, '--account', ACCOUNT, '--report', report, '--resume'], { env });
    expect(again.code).toBe(0);
    expect(again.stderr).toBe(`1000 groups: 1000 already allocated (skipped), 0 allocated, 0 failed (see ${report})\n`);
    expect(puts(sb)).toHaveLength(0);
    expectEachOnce(readReport(report), ids);
  });

  it('Ctrl-C stops starting groups, finishes those in flight, writes a complete report, exits 130; --resume finishes the rest', async () => {
    const { sb, dir, env } = await setup({ latencyMs: 25, faultRate: 0.1, retryAfterSeconds: 0 });
    const ids = sb.seedGroups(ACCOUNT, 300, 'int-');
    const csv = path.join(dir, 'groups.csv');
    const report = path.join(dir, 'out.jsonl');
    writeCsv(csv, ids);
    const args = ['group', 'allocate', '--from-file', csv, '--account', ACCOUNT, '--report', report, '--concurrency', '4'];

    const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Wait until a few dozen groups are done (bounded: 90 s, for a loaded machine), then press Ctrl-C.
    for (let i = 0; i < 1800 && puts(sb).filter((p) => p.status === 200).length < 30; i++) await new Promise((r) => setTimeout(r, 50));
    expect(puts(sb).filter((p) => p.status === 200).length).toBeGreaterThanOrEqual(30);
    child.kill('SIGINT');
    const code = await exited;

    expect(code).toBe(130);
    const first = readReport(report);
    const okIds = first.filter((l) => l.status === 'ok').map((l) => l.groupId);
    // A group whose attempt in flight met an injected fault is not retried after Ctrl-C: it is
    // reported failed, "not tried again", and --resume redoes it.
    const cut = first.filter((l) => l.status !== 'ok');
    for (const l of cut) expect(l.error).toMatch(/\(interrupted after \d+ attempts?: not tried again\)$/);
    expect(new Set(first.map((l) => l.groupId)).size).toBe(first.length); // each at most once
    expect(first.length).toBeLessThan(ids.length);
    // Requests in flight were waited for: every group that reached the server is in the report.
    const sent = new Set(puts(sb).map((p) => decodeURIComponent(p.path.split('/').pop()!)));
    expect([...sent].sort()).toEqual(first.map((l) => l.groupId).sort());
    const allocated = [...(await allocatedGroups(sb)).keys()].filter((id) => id.startsWith('int-'));
    for (const id of okIds) expect(allocated).toContain(id);
    for (const id of allocated) expect(sent.has(id)).toBe(true);
    const notSent = ids.length - first.length;
    expect(stderr).toContain(`interrupted: waiting for `);
    expect(stderr.trimEnd().split('\n').pop()).toBe(
      `interrupted: 300 groups: ${okIds.length} allocated, ${cut.length} failed, ${notSent} not sent (see ${report}); run the same command with --resume to finish`,
    );

    // A cut group whose PUT did land (only its answer was lost) is read again by --resume and found
    // already as asked: reported unchanged, not written twice.
    const landed = cut.filter((l) => allocated.includes(l.groupId)).length;
    sb.requests.length = 0;
    const resumed = await runCli([...args, '--resume'], { env });
    const unchanged = landed > 0 ? `${landed} unchanged, ` : '';
    expect(resumed.stderr).toBe(`300 groups: ${okIds.length} already allocated (skipped), ${notSent + cut.length - landed} allocated, ${unchanged}0 failed (see ${report})\n`);
    expect(resumed.code).toBe(0);
    const resent = new Set(puts(sb).map((p) => decodeURIComponent(p.path.split('/').pop()!)));
    expect(resent.size).toBe(notSent + cut.length - landed);
    for (const id of okIds) expect(resent.has(id)).toBe(false);
    const final = readReport(report);
    expectEachOnce(final, ids);
    expect(final.every((l) => l.status === 'ok' || l.status === 'unchanged')).toBe(true);
    expect((await allocatedGroups(sb)).size).toBeGreaterThanOrEqual(300);
  });
});

describe('group allocate --from-file: checks, shapes and exit codes', () => {
  it.each([
    ['groups.csv', 'groupId,codes\ng1,IDU\ng2,ACNU\ng3,IDU\ng4,IDU\ng5,IDU\ng6,RPADEVPRONO;IDU\n', 'groups.csv line 7: unknown bundle code RPADEVPRONO: did you mean RPADEVPRONU? (see `licensectl group codes`; --allow-unknown-codes sends it anyway); nothing was sent'],
    ['groups.csv', 'groupId,codes\ng1,IDU\n"g2",ACNU\ng1,PMD\n', 'groups.csv line 4: group g1 already appears on line 2 (one line per group); nothing was sent'],
    ['groups.csv', '', 'groups.csv has no groups (expected a header groupId,codes and one line per group, or one JSON object per line); nothing was sent'],
    ['groups.csv', 'groupId,codes\ng1,"IDU\n', 'groups.csv line 2: a quoted field is never closed; nothing was sent'],
    ['groups.jsonl', '{"groupId":"g1","codes":["IDU"]}\n\n{"groupId":"g2","codes":"IDU"}\n', 'groups.jsonl line 3: "codes" must be an array of strings, e.g. ["RPADEVPRONU","IDU"]; nothing was sent'],
  ])('%s %j: exit 2 naming the line, nothing sent', async (name, content, message) => {
    const { sb, dir, env } = await setup();
    fs.writeFileSync(path.join(dir, name), content);
    const r = await runCli(['group', 'allocate', '--from-file', name, '--account', ACCOUNT, '--report', 'out.jsonl'], { env, cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`licensectl: ${message}\n`);
    expect(sb.requests).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'out.jsonl'))).toBe(false);
  });

  it('lists every problem of the file, the first one in the error line', async () => {
    const { dir, env } = await setup();
    fs.writeFileSync(path.join(dir, 'g.csv'), 'groupId,codes,externalLicense\ng1,IDX,\n,IDU,\ng3,IDU,maybe\n');
    const r = await runCli(['group', 'allocate', '--from-file', 'g.csv', '--account', ACCOUNT], { env, cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      [
        'g.csv line 3: groupId is empty',
        'g.csv line 4: externalLicense must be true or false, not "maybe"',
        'licensectl: g.csv line 2: unknown bundle code IDX: did you mean IDU? (see `licensectl group codes`; --allow-unknown-codes sends it anyway) (and 2 more problems listed above); nothing was sent',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [['--codes', 'IDU'], '--codes cannot be combined with --from-file: the file gives each group its codes'],
    [['--resume'], '--resume needs --report <file>: it skips the groups that report marks ok'],
    [['--concurrency', '0'], /from 1 to 64/],
  ])('usage error %j', async (flags, message) => {
    const { sb, dir, env } = await setup();
    writeCsv(path.join(dir, 'g.csv'), ['g1']);
    const r = await runCli(['group', 'allocate', '--from-file', 'g.csv', '--account', ACCOUNT, ...flags], { env, cwd: dir });
    expect(r.code).toBe(2);
    if (typeof message === 'string') expect(r.stderr).toBe(`licensectl: ${message}\n`);
    else expect(r.stderr).toMatch(message);
    expect(sb.requests).toEqual([]);
  });

  it('reads the file from stdin with --from-file -, and warns before replacing a report without --resume', async () => {
    const { sb, dir, env } = await setup();
    const [id] = sb.seedGroups(ACCOUNT, 1, 'stdin-');
    fs.writeFileSync(path.join(dir, 'out.jsonl'), '{"groupId":"old","status":"ok","httpStatus":200,"attempts":1,"error":null}\n');
    const r = await runCli(['group', 'allocate', '--from-file', '-', '--account', ACCOUNT, '--report', 'out.jsonl'], {
      env,
      cwd: dir,
      input: `groupId,codes\n${id},acnu idu\n`,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${id}\tok\t200\t1\t\n`);
    expect(r.stderr).toBe('! replacing the existing report out.jsonl (--resume would skip the groups it marks ok)\n1 group: 1 allocated, 0 failed (see out.jsonl)\n');
    // The line records the organization and the rule before and after the write (what `group undo` needs).
    expect(readReport(path.join(dir, 'out.jsonl'))).toEqual([
      { groupId: id, accountId: ACCOUNT, status: 'ok', httpStatus: 200, attempts: 1, error: null, before: null, after: { userBundleCodes: ['ACNU', 'IDU'], useExternalLicense: false } },
    ]);
    expect((await allocatedGroups(sb)).get(id!)).toEqual(['ACNU', 'IDU']);
  });

  it('an unreadable file is a usage error', async () => {
    const { env, dir } = await setup();
    const r = await runCli(['group', 'allocate', '--from-file', 'missing.csv', '--account', ACCOUNT], { env, cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('licensectl: cannot read missing.csv: no such file\n');
  });

  it('JSONL with per-row account and externalLicense; --json prints an array of per-group results; a failed group means exit 6', async () => {
    const { sb, dir, env } = await setup();
    const [a, b] = sb.seedGroups(ACCOUNT, 2, 'js-');
    fs.writeFileSync(
      path.join(dir, 'g.jsonl'),
      [
        { groupId: a, codes: ['idu'], account: ACCOUNT, externalLicense: true },
        { groupId: b, codes: ['ACNU', 'IDU'] },
        { groupId: 'js-missing', codes: ['ACNU'] },
      ].map((o) => JSON.stringify(o)).join('\n'),
    );
    const r = await runCli(['--json', 'group', 'allocate', '--from-file', 'g.jsonl', '--account', ACCOUNT, '--report', 'out.jsonl'], { env, cwd: dir });
    expect(r.code).toBe(6);
    expect(r.stderr).toBe(''); // --json: the summary is the document on stdout; stderr carries JSON only
    const missing = `group js-missing not found in organization ${ACCOUNT} (404): check the group's ID or name (\`licensectl group list\` shows the groups that have a license rule)`;
    expect(JSON.parse(r.stdout)).toEqual([
      { groupId: a, status: 'ok', httpStatus: 200, attempts: 1, error: null, allocation: { groupId: a, organizationId: ACCOUNT, useExternalLicense: true, userBundleCodes: ['IDU'] } },
      { groupId: b, status: 'ok', httpStatus: 200, attempts: 1, error: null, allocation: { groupId: b, organizationId: ACCOUNT, useExternalLicense: false, userBundleCodes: ['ACNU', 'IDU'] } },
      { groupId: 'js-missing', status: 'failed', httpStatus: 404, attempts: 1, error: missing },
    ]);
    const lines = readReport(path.join(dir, 'out.jsonl'));
    expect(lines.find((l) => l.groupId === 'js-missing')).toEqual({ groupId: 'js-missing', accountId: ACCOUNT, status: 'failed', httpStatus: 404, attempts: 1, error: missing, before: null });
    expectEachOnce(lines, [a!, b!, 'js-missing']);

    // --resume retries only the failed group; its old line is replaced, not duplicated.
    sb.requests.length = 0;
    const again = await runCli(['group', 'allocate', '--from-file', 'g.jsonl', '--account', ACCOUNT, '--report', 'out.jsonl', '--resume'], { env, cwd: dir });
    expect(again.code).toBe(6);
    expect(puts(sb).map((p) => p.path.split('/').pop())).toEqual(['js-missing']);
    expectEachOnce(readReport(path.join(dir, 'out.jsonl')), [a!, b!, 'js-missing']);
    expect(again.stdout).toBe(`${a}\tskipped\t\t0\t\n${b}\tskipped\t\t0\t\njs-missing\tfailed\t404\t1\t${missing}\n`);
  });

  it('--dry-run validates, reads every rule, prints each group\'s change and the requests that would be sent, and writes nothing', async () => {
    const { sb, dir, env } = await setup();
    const [held, fresh] = sb.seedGroups(ACCOUNT, 2, 'dry-');
    const base = `${sb.url}/acme/lease_/api/account/${ACCOUNT}/user-license/group`;
    // One group already holds what the file asks: reported as no change, no request printed.
    const put = await fetch(`${base}/${held}`, { method: 'PUT', headers: { authorization: `Bearer ${sb.adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ userBundleCodes: ['PMD'], useExternalLicense: false }) });
    expect(put.status).toBe(200);
    const stateBefore = await allocatedGroups(sb);
    sb.requests.length = 0;
    fs.writeFileSync(path.join(dir, 'g.csv'), `groupId,codes,externalLicense\n${fresh},IDU;acnu,true\n${held},PMD,\n`);
    const r = await runCli(['group', 'allocate', '--from-file', 'g.csv', '--account', ACCOUNT, '--dry-run'], { env, cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const headers = 'Authorization: Bearer ***\nContent-Type: application/json\nAccept: application/json\n\n';
    expect(r.stdout).toBe(
      `${fresh}\t+IDU +ACNU external: no → yes\nPUT ${base}/${fresh}\n${headers}{"userBundleCodes":["IDU","ACNU"],"useExternalLicense":true}\n\n` +
        `${held}\tno change (=PMD)\n`,
    );
    expect(r.stderr).toBe('dry run: 2 groups valid, 1 would change, 1 unchanged; nothing was sent\n');
    expect(sb.requests.filter((q) => q.method === 'PUT' || q.method === 'DELETE')).toEqual([]);
    expect(sb.requests.filter((q) => q.method === 'POST').map((q) => q.path)).toEqual([`/acme/lease_/api/account/${ACCOUNT}/user-license/group`]);
    expect(await allocatedGroups(sb)).toEqual(stateBefore);
  });

  it('a token without PM.License.Write stops the run at once (exit 4) instead of failing every group', async () => {
    const { sb, dir, env } = await setup();
    const ids = sb.seedGroups(ACCOUNT, 100, 'ro-');
    writeCsv(path.join(dir, 'g.csv'), ids);
    const token = sb.issueToken({ scopes: ['PM.License.Read'] });
    const r = await runCli(['group', 'allocate', '--from-file', 'g.csv', '--account', ACCOUNT, '--concurrency', '2', '--report', 'out.jsonl'], {
      env: { ...env, LICENSECTL_TOKEN: token },
      cwd: dir,
    });
    expect(r.code).toBe(4);
    expect(r.stderr.trimEnd().split('\n').pop()).toBe('licensectl: the token lacks the scope PM.License.Write (403): log in with a client or user that has it');
    expect(puts(sb).length).toBeLessThanOrEqual(2);
    expect(readReport(path.join(dir, 'out.jsonl')).length).toBe(puts(sb).length);
  });

  it('in a terminal: a progress bar on stderr, the failed groups as a table, the summary', async () => {
    const { sb, dir, env } = await setup({ latencyMs: 5 });
    const ids = sb.seedGroups(ACCOUNT, 40, 'tty-');
    writeCsv(path.join(dir, 'g.csv'), [...ids, 'tty-missing']);
    const r: RunResult = await runCli(['--no-color', 'group', 'allocate', '--from-file', 'g.csv', '--account', ACCOUNT], { env, cwd: dir, tty: true });
    expect(r.code).toBe(6);
    expect(r.stdout).toContain('allocating [');
    // Rate, time left and failures so far, on the bar's last drawing.
    expect(r.stdout).toMatch(/allocating \[[^\]]*\] 41\/41 \| (–|[\d.]+)\/s \| ETA (–|\d+s) \| 1 failed/);
    expect(r.stdout).toMatch(/tty-missing\s+│\s+failed\s+│\s+404/);
    expect(r.stdout.replace(/\r/g, '').trimEnd().split('\n').pop()).toBe('41 groups: 40 allocated, 1 failed');
  });
});
