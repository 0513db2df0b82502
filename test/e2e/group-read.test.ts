// Read before write on UiPath, end to end against the sandbox: group show, group list, group
// revoke, account licenses, allocate --add/--remove, --dry-run and group names.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runCli, tempConfigDir } from '../helpers/cli.js';

const ACCOUNT = SANDBOX_DEFAULTS.accountId;
const FINANCE = 'b2d4f6a8-1c3e-4a5b-9d7f-2e4a6c8e0f13'; // ATTUNU, RPADEVPRONU
const ANALYSTS = 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a68'; // PMBU, IDU, external
const HR = 'c3e5a7b9-2d4f-4b6c-8e0a-3f5b7d9f1a24'; // no rule
const ORPHAN = 'f2a3b4c5-d6e7-4f8a-9b0c-1d2e3f4a5b79';
let sandbox: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, groups: 120 });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.requests.length = 0;
  env = { LICENSECTL_CONFIG_DIR: tempConfigDir(), LICENSECTL_BASE_URL: `${sandbox.url}/${SANDBOX_DEFAULTS.org}`, LICENSECTL_TOKEN: sandbox.adminToken };
});

const cli = (args: string[], opts: { tty?: boolean; token?: string } = {}) =>
  runCli([...args, '--account', ACCOUNT], { env: opts.token ? { ...env, LICENSECTL_TOKEN: opts.token } : env, tty: opts.tty });
const writes = () => sandbox.requests.filter((r) => r.method === 'PUT' || r.method === 'DELETE');
async function stored(groupId: string): Promise<{ userBundleCodes: string[]; useExternalLicense: boolean }> {
  const state = (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as {
    accounts: { id: string; groups: { id: string; userBundleCodes: string[]; useExternalLicense: boolean }[] }[];
  };
  const g = state.accounts.find((a) => a.id === ACCOUNT)!.groups.find((x) => x.id === groupId)!;
  return { userBundleCodes: g.userBundleCodes, useExternalLicense: g.useExternalLicense };
}
const tty = (s: string) => s.replace(/\r/g, '');

describe('group show', () => {
  it('in a pipe: one row per code the organization owns, held yes/no, allocated/total and free', async () => {
    const r = await cli(['group', 'show', FINANCE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(rows.find((x) => x[0] === 'ATTUNU')).toEqual(['ATTUNU', 'Attended', 'yes', expect.stringMatching(/^\d+\/100000$/), expect.stringMatching(/^\d+$/)]);
    expect(rows.find((x) => x[0] === 'PMD')).toEqual(['PMD', 'Process Mining Developer', 'no', expect.stringMatching(/^\d\/2$/), expect.stringMatching(/^\d$/)]);
    expect(rows.filter((x) => x[2] === 'yes').map((x) => x[0]).sort()).toEqual(['ATTUNU', 'RPADEVPRONU']);
    expect(sandbox.requests.map((q) => q.method)).toEqual(['GET']);
  });

  it('--json: groupId, userBundleCodes, useExternalLicense, available', async () => {
    const r = await cli(['--json', 'group', 'show', ANALYSTS]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['groupId', 'userBundleCodes', 'useExternalLicense', 'available']);
    expect(j.groupId).toBe(ANALYSTS);
    expect(j.userBundleCodes.sort()).toEqual(['IDU', 'PMBU']);
    expect(j.useExternalLicense).toBe(true);
    expect(j.available).toContainEqual({ code: 'PMD', allocated: expect.any(Number), total: 2 });
    expect(r.stderr).toBe('');
  });

  it('by name, in a terminal: a table and the external flag', async () => {
    const r = await cli(['--no-color', 'group', 'show', 'process analysts'], { tty: true });
    expect(r.code).toBe(0);
    expect(tty(r.stdout)).toMatch(/CODE\s+│\s+PRODUCT\s+│\s+HELD\s+│\s+ALLOCATED\s+│\s+FREE/);
    expect(tty(r.stdout)).toMatch(/PMBU\s+│\s+Process Mining Business User\s+│\s+yes/);
    expect(tty(r.stdout)).toContain('External license: yes\n');
    expect(sandbox.requests.map((q) => q.path.split('/').slice(2, 4).join('/'))).toEqual(['identity_/api', 'lease_/api']);
  });

  it('a group without a rule says so, exit 0', async () => {
    const r = await cli(['group', 'show', HR]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`group ${HR} has no license rule: it holds no user licenses\n`);
    expect(r.stdout.split('\n').filter((l) => l.split('\t')[2] === 'yes')).toEqual([]);
  });

  it('an unknown group ID is exit 3', async () => {
    const r = await cli(['group', 'show', '0b6c6c2e-8f8e-4c52-9a51-3c1a7e0f0a11']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^licensectl: group 0b6c6c2e-8f8e-4c52-9a51-3c1a7e0f0a11 not found in organization .* \(404\): check the group's ID/);
  });
});

describe('group list', () => {
  it('in a pipe: id, name, codes, leases, external, orphan; a note when more pages exist', async () => {
    const r = await cli(['group', 'list', '--sort', 'name', '--page-size', '5']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(rows).toHaveLength(5);
    expect(rows.map((x) => x[1])).toEqual([...rows.map((x) => x[1])].sort((a, b) => a!.localeCompare(b!)));
    expect(r.stderr).toMatch(/^page 1 of \d+, \d+ groups: add --page 2 for the next, or --all for every page\n$/);
    expect(sandbox.requests[0]!.query).toBe('top=5&skip=0&sortBy=name');
  });

  it('--all --json reads every page and matches the total; --code filters (repeated)', async () => {
    const all = JSON.parse((await cli(['--json', 'group', 'list', '--all', '--page-size', '7'])).stdout) as { id: string; orphan: boolean; userBundleLicenses: string[] }[];
    expect(new Set(all.map((g) => g.id)).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(60);
    expect(all.find((g) => g.id === ORPHAN)?.orphan).toBe(true);
    expect(all.some((g) => g.id === HR)).toBe(false);
    const filtered = JSON.parse((await cli(['--json', 'group', 'list', '--all', '--code', 'pmbu', '--code', 'TSTNU'])).stdout) as typeof all;
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((g) => g.userBundleLicenses.includes('PMBU') || g.userBundleLicenses.includes('TSTNU'))).toBe(true);
    const q = sandbox.requests.at(-1)!;
    expect(q.path).toContain('/user-license/group/page');
  });

  it('in a terminal: a table with a footer that says how to see more', async () => {
    const r = await cli(['--no-color', 'group', 'list', '--page-size', '3', '--dir', 'desc'], { tty: true });
    expect(r.code).toBe(0);
    expect(tty(r.stdout)).toMatch(/ID\s+│\s+NAME\s+│\s+CODES\s+│\s+LEASES\s+│\s+EXTERNAL\s+│\s+ORPHAN/);
    expect(tty(r.stdout)).toMatch(/page 1 of \d+, \d+ groups; --page 2 for the next, --all for every page/);
  });

  it('--sort and --dir are checked locally; --all with --page is a usage error', async () => {
    expect((await cli(['group', 'list', '--sort', 'price'])).code).toBe(2);
    expect((await cli(['group', 'list', '--dir', 'up'])).code).toBe(2);
    const r = await cli(['group', 'list', '--all', '--page', '2']);
    expect(r.code).toBe(2);
    expect(sandbox.requests).toEqual([]);
  });
});

describe('account licenses', () => {
  it('in a pipe, as JSON and in a terminal', async () => {
    const pipe = await cli(['account', 'licenses']);
    expect(pipe.code).toBe(0);
    expect(pipe.stdout).toMatch(/^PMD\tProcess Mining Developer\t\d\t2\t\d$/m);
    const json = JSON.parse((await cli(['--json', 'account', 'licenses'])).stdout) as { code: string; allocated: number; total: number; free: number }[];
    const pmd = json.find((l) => l.code === 'PMD')!;
    expect(pmd.total).toBe(2);
    expect(pmd.free).toBe(2 - pmd.allocated);
    expect(json.some((l) => l.code === 'STDNU')).toBe(false);
    const table = await cli(['--no-color', 'account', 'licenses'], { tty: true });
    expect(tty(table.stdout)).toMatch(/CODE\s+│\s+PRODUCT\s+│\s+ALLOCATED\s+│\s+TOTAL\s+│\s+FREE/);
  });

  it('allocated moves as rules change', async () => {
    const count = async () => (JSON.parse((await cli(['--json', 'account', 'licenses'])).stdout) as { code: string; allocated: number }[]).find((l) => l.code === 'TSTDEVPRONU')!.allocated;
    const before = await count();
    expect((await cli(['group', 'allocate', 'group-0002', '--add', 'TSTDEVPRONU'])).code).toBe(0);
    expect(await count()).toBe(before + 1);
  });
});

describe('group allocate --add/--remove', () => {
  it('keeps the other codes and the external flag; a name resolves', async () => {
    const r = await cli(['group', 'allocate', 'Process Analysts', '--add', 'ACNU', '--remove', 'PMBU']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${ANALYSTS}\t${ACCOUNT}\ttrue\tIDU,ACNU\n`);
    expect(await stored(ANALYSTS)).toEqual({ userBundleCodes: ['IDU', 'ACNU'], useExternalLicense: true });
    expect(sandbox.requests.map((q) => q.method)).toEqual(['GET', 'GET', 'PUT']);
  });

  it('a merge that changes nothing sends no PUT and says so', async () => {
    const r = await cli(['group', 'allocate', FINANCE, '--add', 'ATTUNU']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`group ${FINANCE} already holds exactly this: nothing was sent\n`);
    expect(writes()).toEqual([]);
  });

  it('--no-external-license changes only the flag', async () => {
    const g = 'group-0003';
    await cli(['group', 'allocate', g, '--codes', 'IDU', '--external-license']);
    const r = await cli(['--json', 'group', 'allocate', g, '--add', 'IDU', '--no-external-license']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ userBundleCodes: ['IDU'], useExternalLicense: false });
  });

  it('--codes without --external-license keeps the stored flag (no silent switch-off)', async () => {
    const r = await cli(['--json', 'group', 'allocate', ANALYSTS, '--codes', 'IDU,PMBU']);
    expect(JSON.parse(r.stdout).useExternalLicense).toBe(true);
  });

  it('--dry-run --json gives {before, after} and sends no PUT', async () => {
    const before = await stored(FINANCE);
    const r = await cli(['--json', 'group', 'allocate', FINANCE, '--add', 'IDU', '--remove', 'ATTUNU', '--dry-run']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.before).toEqual(before);
    expect(j.after).toEqual({ userBundleCodes: [...before.userBundleCodes.filter((c) => c !== 'ATTUNU'), 'IDU'], useExternalLicense: before.useExternalLicense });
    expect(j.changed).toBe(true);
    expect(writes()).toEqual([]);
    expect(await stored(FINANCE)).toEqual(before);
  });

  it('a token with only PM.License.Write: --codes replaces with a warning, --add is refused (exit 4)', async () => {
    const token = sandbox.issueToken({ scopes: ['PM.License.Write'] });
    const replace = await cli(['group', 'allocate', 'b2d4f6a8-1c3e-4a5b-9d7f-2e4a6c8e0f13', '--codes', 'ATTUNU,RPADEVPRONU'], { token });
    expect(replace.code).toBe(0);
    expect(replace.stderr).toBe("! cannot read the group's codes (the token lacks PM.License.Read): replacing them without showing what is removed\n");
    const add = await cli(['group', 'allocate', FINANCE, '--add', 'IDU'], { token });
    expect(add.code).toBe(4);
    expect(add.stderr).toMatch(/^licensectl: --add and --remove read the group's codes first, and the token lacks the scope PM\.License\.Read \(403\)/);
  });
});

describe('group revoke', () => {
  it('needs --yes in a pipe (exit 2, nothing sent); --dry-run shows what goes; --yes deletes', async () => {
    const g = 'group-0005';
    await cli(['group', 'allocate', g, '--codes', 'IDU,ACNU']);
    sandbox.requests.length = 0;
    const refused = await cli(['group', 'revoke', g]);
    expect(refused.code).toBe(2);
    expect(sandbox.requests).toEqual([]);
    const dry = await cli(['group', 'revoke', g, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^[0-9a-f-]{36}\t-IDU -ACNU\n$/);
    expect(writes()).toEqual([]);
    const r = await cli(['--json', 'group', 'revoke', g, '--yes']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ before: { userBundleCodes: ['IDU', 'ACNU'] }, after: null, revoked: true });
    expect(writes().map((q) => q.method)).toEqual(['DELETE']);
    const again = await cli(['group', 'revoke', g, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/has no license rule: nothing to revoke, nothing was sent/);
    expect(writes()).toHaveLength(1);
  });

  it('in a terminal it asks; "n" revokes nothing', async () => {
    const r = await runCli(['--no-color', 'group', 'revoke', FINANCE, '--account', ACCOUNT], { env, tty: true, input: 'n\n' });
    expect(tty(r.stdout)).toContain(`Revoke every user license of group ${FINANCE} (-`);
    expect(r.code).toBe(1);
    expect(writes()).toEqual([]);
  });
});
