// Bulk allocation, `group undo` and `group apply` against the sandbox, through the built binary:
// 300 named groups (half of them with a rule), the full sandbox state compared before and after.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { BIN, cleanEnv, runCli, tempConfigDir } from '../helpers/cli.js';

const ACCOUNT = SANDBOX_DEFAULTS.accountId;
const N = 300;
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const name = (n: number) => `group-${String(n).padStart(4, '0')}`;
const LONG = { timeoutMs: 120_000 };

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function setup(latencyMs = 0) {
  sandbox = await startSandbox({ port: 0, groups: N, latencyMs });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-undo-'));
  const env = { LICENSECTL_CONFIG_DIR: tempConfigDir(), LICENSECTL_BASE_URL: `${sandbox.url}/${SANDBOX_DEFAULTS.org}`, LICENSECTL_TOKEN: sandbox.adminToken };
  const cli = (args: string[], opts: { input?: string } = {}) => runCli([...args, '--account', ACCOUNT], { env, cwd: dir, ...LONG, ...opts });
  return { sb: sandbox, dir, cli, env };
}

async function state(sb: Sandbox): Promise<unknown> {
  return (await fetch(`${sb.url}/_sandbox/state`)).json();
}

const writes = (sb: Sandbox) => sb.requests.filter((r) => r.method === 'PUT' || r.method === 'DELETE');

/**
 * Group 1 already holds IDU (unchanged), groups 2-10 named by name, group 11 merged (+ATTUNU onto
 * ACNU,IDU), every other group given RPADEVPRONU;IDU.
 */
function writeFile(dir: string): string {
  const rows = ['group,codes,add', `${id(1)},IDU,`];
  for (let n = 2; n <= N; n++) rows.push(n <= 10 ? `${name(n)},RPADEVPRONU;IDU,` : n === 11 ? `${id(n)},,ATTUNU` : `${id(n)},RPADEVPRONU;IDU,`);
  const file = path.join(dir, 'groups.csv');
  fs.writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

async function allocate(sb: Sandbox, dir: string, cli: (a: string[]) => ReturnType<typeof runCli>) {
  const r = await cli(['group', 'allocate', '--from-file', writeFile(dir), '--report', 'run.jsonl']);
  expect(r.stderr).toBe(`${N} groups: ${N - 1} allocated, 1 unchanged, 0 failed (see run.jsonl)\n`);
  expect(r.code).toBe(0);
  expect(sb.requests.filter((q) => q.method === 'POST').length).toBe(Math.ceil(N / 100)); // batch reads, not one GET per group
  expect(writes(sb)).toHaveLength(N - 1);
  const lines = fs.readFileSync(path.join(dir, 'run.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { groupId: string; before: unknown; after: unknown });
  expect(lines).toHaveLength(N);
  expect(lines.find((l) => l.groupId === id(11))).toMatchObject({ before: { userBundleCodes: ['ACNU', 'IDU'] }, after: { userBundleCodes: ['ACNU', 'IDU', 'ATTUNU'] } });
  expect(lines.find((l) => l.groupId === id(2))).toMatchObject({ before: null, after: { userBundleCodes: ['RPADEVPRONU', 'IDU'] } });
}

describe('group undo', () => {
  it('puts 300 groups back exactly as they were (the full sandbox state compared)', async () => {
    const { sb, dir, cli } = await setup();
    const before = await state(sb);
    await allocate(sb, dir, cli);
    expect(await state(sb)).not.toEqual(before);

    sb.requests.length = 0;
    const dry = await cli(['group', 'undo', '--report', 'run.jsonl', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toBe(`dry run: ${N - 1} to restore, 0 already as before, 0 changed since the run (left alone; --force restores them); nothing was sent\n`);
    expect(dry.stdout).toContain(`${id(2)}\trestore\t-RPADEVPRONU -IDU\n`);
    expect(writes(sb)).toEqual([]);

    const r = await cli(['group', 'undo', '--report', 'run.jsonl']);
    expect(r.stderr).toBe(`${N - 1} groups: ${N - 1} restored, 0 already as before, 0 changed since (left alone), 0 failed (see run.jsonl.undo.jsonl)\n`);
    expect(r.code).toBe(0);
    expect(await state(sb)).toEqual(before);
    // Groups that had no rule got their rule removed, the others their old rule back.
    expect(writes(sb).filter((w) => w.method === 'DELETE').length).toBe(N / 2);

    sb.requests.length = 0;
    const again = await cli(['group', 'undo', '--report', 'run.jsonl']);
    expect(again.code).toBe(0);
    expect(writes(sb)).toEqual([]);
  });

  it('a group changed since the run is left alone as conflict (exit 6); --force restores it', async () => {
    const { sb, dir, cli } = await setup();
    const before = await state(sb);
    await allocate(sb, dir, cli);
    const changed = await cli(['group', 'allocate', id(4), '--codes', 'TSTNU']);
    expect(changed.code).toBe(0);

    const r = await cli(['group', 'undo', '--report', 'run.jsonl']);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain(`${N - 1} groups: ${N - 2} restored, 0 already as before, 1 changed since (left alone), 0 failed`);
    expect(r.stdout).toContain(`${id(4)}\tconflict\t\t0\tchanged since the run: it holds TSTNU, the run left RPADEVPRONU,IDU`);
    const now = (await state(sb)) as { accounts: { id: string; groups: { id: string; userBundleCodes: string[] }[] }[] };
    expect(now.accounts.find((a) => a.id === ACCOUNT)!.groups.find((g) => g.id === id(4))!.userBundleCodes).toEqual(['TSTNU']);

    const forced = await cli(['group', 'undo', '--report', 'run.jsonl', '--force']);
    expect(forced.code).toBe(0);
    expect(await state(sb)).toEqual(before);
  });

  it('Ctrl-C: the writes in flight finish, the undo report is complete, exit 130; run again, it finishes', async () => {
    const { sb, dir, cli, env } = await setup(20);
    const before = await state(sb);
    await allocate(sb, dir, cli);
    sb.requests.length = 0;
    const child = spawn(process.execPath, [BIN, 'group', 'undo', '--report', 'run.jsonl', '--account', ACCOUNT, '--concurrency', '2'], { env: cleanEnv(env), cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    for (let i = 0; i < 600 && writes(sb).filter((w) => w.status === 200).length < 20; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const lines = fs.readFileSync(path.join(dir, 'run.jsonl.undo.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { groupId: string; status: string });
    expect(new Set(lines.map((l) => l.groupId)).size).toBe(lines.length);
    expect(lines.every((l) => l.status === 'ok')).toBe(true);
    expect(lines.length).toBeLessThan(N - 1);
    // Every write that reached the server is in the report.
    expect(writes(sb).length).toBe(lines.length);
    expect(stderr.trimEnd().split('\n').pop()).toMatch(/^interrupted: 299 groups: \d+ restored, .* not sent \(see run\.jsonl\.undo\.jsonl\); run the same command again to finish$/);

    const again = await cli(['group', 'undo', '--report', 'run.jsonl']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`${lines.length} restored earlier (skipped), ${N - 1 - lines.length} restored`);
    expect(await state(sb)).toEqual(before);
  });

  it.each([
    ['a report of another organization', JSON.stringify({ groupId: id(2), accountId: 'another-org', status: 'ok', httpStatus: 200, attempts: 1, error: null, before: null, after: { userBundleCodes: ['IDU'], useExternalLicense: false } }) + '\n', /belongs to organization another-org/],
    ['a file that is not a report', `group,codes\n${id(2)},IDU\n`, /line 1 is not a licensectl report line/],
  ])('%s: exit 2, nothing sent', async (_what, content, message) => {
    const { sb, dir, cli } = await setup();
    fs.writeFileSync(path.join(dir, 'bad.jsonl'), content);
    const r = await cli(['group', 'undo', '--report', 'bad.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(sb.requests).toEqual([]);
  });
});

describe('group apply', () => {
  it('writes only the changes; run again, it sends no write; --prune without --yes in a pipe deletes nothing', async () => {
    const { sb, dir, cli } = await setup();
    const desired = Array.from({ length: 60 }, (_, i) => (i % 3 === 0 ? { groupName: name(i + 1), codes: ['IDU'] } : { groupId: id(i + 1), codes: ['RPADEVPRONU', 'IDU'] }));
    fs.writeFileSync(path.join(dir, 'desired.json'), JSON.stringify(desired));

    const first = await cli(['group', 'apply', '--file', 'desired.json', '--yes', '--report', 'apply.jsonl']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^Plan: \d+ to create, \d+ to update, 0 to revoke, \d+ unchanged\.\n/);
    const n = writes(sb).length;
    expect(n).toBeGreaterThan(40);
    expect(first.stderr).toContain(`Applied ${n} of ${n} changes (see apply.jsonl).`);

    sb.requests.length = 0;
    const second = await cli(['group', 'apply', '--file', 'desired.json']);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('Plan: 0 to create, 0 to update, 0 to revoke, 60 unchanged.');
    expect(writes(sb)).toEqual([]);

    const kept = await state(sb);
    const pruned = await cli(['group', 'apply', '--file', 'desired.json', '--prune']);
    expect(pruned.code).toBe(2);
    expect(pruned.stderr).toMatch(/revoking the rules of \d+ groups needs confirmation: pass --yes/);
    expect(writes(sb)).toEqual([]);
    expect(await state(sb)).toEqual(kept);

    // The apply's report takes it back like a bulk run's.
    const undo = await cli(['group', 'undo', '--report', 'apply.jsonl']);
    expect(undo.code).toBe(0);
    expect(undo.stderr).toContain(`${n} restored`);
  });
});
