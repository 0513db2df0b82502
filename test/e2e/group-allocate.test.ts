// `group allocate <groupId>` and `group codes` against the sandbox, through the built binary.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUNDLE_CODES } from '../../src/uipath/catalog/codes.js';
import { ProfileStore } from '../../src/config/store.js';
import { SANDBOX_DEFAULTS, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runCli, tempConfigDir } from '../helpers/cli.js';

const ACCOUNT = SANDBOX_DEFAULTS.accountId;
const [G1, G2, G3] = SANDBOX_DEFAULTS.uipathGroups as [string, string, string];
let sandbox: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  sandbox.requests.length = 0;
  env = { LICENSECTL_CONFIG_DIR: tempConfigDir(), LICENSECTL_BASE_URL: `${sandbox.url}/${SANDBOX_DEFAULTS.org}`, LICENSECTL_TOKEN: sandbox.adminToken };
});

const puts = () => sandbox.requests.filter((r) => r.method === 'PUT');

async function storedCodes(groupId: string): Promise<{ userBundleCodes: string[]; useExternalLicense: boolean }> {
  const state = (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as {
    accounts: { id: string; groups: { id: string; userBundleCodes: string[]; useExternalLicense: boolean }[] }[];
  };
  const group = state.accounts.find((a) => a.id === ACCOUNT)!.groups.find((g) => g.id === groupId)!;
  return { userBundleCodes: group.userBundleCodes, useExternalLicense: group.useExternalLicense };
}

describe('group allocate <groupId>', () => {
  it('PUTs the codes (upper-cased, each once) and prints the stored allocation as TSV in a pipe', async () => {
    const r = await runCli(['group', 'allocate', G2, '--codes', 'rpadevpronu,IDU,idu', '--account', ACCOUNT], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${G2}\t${ACCOUNT}\tfalse\tRPADEVPRONU,IDU\n`);
    expect(puts().map((p) => p.path)).toEqual([`/acme/lease_/api/account/${ACCOUNT}/user-license/group/${G2}`]);
    expect(await storedCodes(G2)).toEqual({ userBundleCodes: ['RPADEVPRONU', 'IDU'], useExternalLicense: false });
  });

  it('--json prints the server\'s answer; --external-license sets useExternalLicense', async () => {
    const r = await runCli(['--json', 'group', 'allocate', G3, '--codes', 'CTZDEVCU', '--account', ACCOUNT, '--external-license'], { env });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ groupId: G3, organizationId: ACCOUNT, useExternalLicense: true, userBundleCodes: ['CTZDEVCU'] });
    expect(r.stderr).toBe('');
    expect(await storedCodes(G3)).toEqual({ userBundleCodes: ['CTZDEVCU'], useExternalLicense: true });
  });

  it('in a terminal shows readable fields', async () => {
    const r = await runCli(['--no-color', 'group', 'allocate', G1, '--codes', 'ATTUNU,RPADEVPRONU', '--account', ACCOUNT], { env, tty: true });
    expect(r.code).toBe(0);
    const text = r.stdout.replace(/\r/g, '');
    expect(text).toContain(`Group             ${G1}\n`);
    expect(text).toContain(`Organization      ${ACCOUNT}\n`);
    expect(text).toContain('External license  no\n');
    expect(text).toContain('Codes             ATTUNU, RPADEVPRONU\n');
  });

  it('falls back to the profile\'s account', async () => {
    const dir = tempConfigDir();
    await new ProfileStore(dir).update((d) => {
      d.profiles.sb = { baseUrl: `${sandbox.url}/acme`, account: ACCOUNT };
      d.current = 'sb';
    });
    const r = await runCli(['group', 'allocate', G2, '--codes', 'ACNU'], { env: { LICENSECTL_CONFIG_DIR: dir, LICENSECTL_TOKEN: sandbox.adminToken } });
    // --codes replaces: the codes it takes away are named, so none is lost unseen.
    expect(r.stderr).toBe(`group ${G2}: +ACNU -RPADEVPRONU -IDU\n`);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${G2}\t${ACCOUNT}\tfalse\tACNU\n`);
  });

  it.each([
    [['--codes', 'RPADEVPRONO', '--account', ACCOUNT], 'unknown bundle code RPADEVPRONO: did you mean RPADEVPRONU? (see `licensectl group codes`; --allow-unknown-codes sends it anyway)'],
    [['--codes', '', '--account', ACCOUNT], '--codes is empty: give at least one bundle code, e.g. --codes RPADEVPRONU,IDU (see `licensectl group codes`)'],
    [['--codes', ' , ', '--account', ACCOUNT], '--codes is empty: give at least one bundle code, e.g. --codes RPADEVPRONU,IDU (see `licensectl group codes`)'],
    [['--account', ACCOUNT], 'missing --codes: give the bundle codes to allocate, e.g. --codes RPADEVPRONU,IDU (or --add/--remove to change some of them)'],
    [['--codes', 'IDU', '--add', 'PMD', '--account', ACCOUNT], '--codes replaces the group\'s codes; --add/--remove change some of them: give one or the other'],
    [['--add', 'IDU', '--remove', 'idu', '--account', ACCOUNT], 'IDU is in both --add and --remove'],
    [['--add', ' , ', '--account', ACCOUNT], '--add and --remove are empty: give at least one bundle code'],
    [['--codes', 'IDU'], 'no account: pass --account <accountId>, or store one with `licensectl profile set <name> --base-url <url> --account <id>`'],
    [['--codes', 'IDU', '--account', ACCOUNT, '--report', 'r.jsonl'], '--report and --resume go with --from-file <file>'],
    [['--codes', 'IDU', '--from-file', 'x.csv'], 'give either a <groupId> or --from-file <file>, not both'],
  ])('usage error before sending anything: %j', async (flags, message) => {
    const r = await runCli(['group', 'allocate', G1, ...flags], { env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`licensectl: ${message}\n`);
    expect(sandbox.requests).toEqual([]);
  });

  it('a missing or blank group id is a usage error', async () => {
    for (const args of [['group', 'allocate', '--codes', 'IDU'], ['group', 'allocate', '  ', '--codes', 'IDU']]) {
      const r = await runCli([...args, '--account', ACCOUNT], { env });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("licensectl: missing <groupId>: give the group's ID or name, or --from-file <file> for many groups\n");
    }
    expect(sandbox.requests).toEqual([]);
  });

  it('--allow-unknown-codes passes the catalog check, but a code the organization does not own is refused before the PUT (exit 5)', async () => {
    const r = await runCli(['group', 'allocate', G1, '--codes', 'IDU,NEWCODE', '--account', ACCOUNT, '--allow-unknown-codes'], { env });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^licensectl: the organization does not own NEWCODE: it has ACNU, ATTUNU, .*\(see `licensectl account licenses`\)\n$/);
    expect(sandbox.requests.map((q) => q.method)).toEqual(['GET']);
  });

  it('a catalog code the organization does not own (a legacy one) is refused before the PUT, naming it', async () => {
    const r = await runCli(['group', 'allocate', G1, '--add', 'STDNU', '--account', ACCOUNT], { env });
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/^licensectl: the organization does not own STDNU/);
    expect(puts()).toEqual([]);
  });

  it('409: the organization has not purchased enough (exit 5)', async () => {
    const ids = sandbox.seedGroups(ACCOUNT, 3, 'pmd-');
    for (const id of ids.slice(0, 2)) expect((await runCli(['group', 'allocate', id, '--codes', 'PMD', '--account', ACCOUNT], { env })).code).toBe(0);
    const r = await runCli(['group', 'allocate', ids[2]!, '--codes', 'PMD', '--account', ACCOUNT], { env });
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'licensectl: the organization has not purchased enough licenses for this allocation of group pmd-3 (409): the allocation exceeds the licenses purchased: PMD (purchased 2, in use 2)\n',
    );
  });

  it('404: a group ID the organization does not have (exit 3), nothing written', async () => {
    const missing = '0b6c6c2e-8f8e-4c52-9a51-3c1a7e0f0a11';
    const r = await runCli(['group', 'allocate', missing, '--codes', 'IDU', '--account', ACCOUNT], { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(`licensectl: group ${missing} not found in organization ${ACCOUNT} (404): check the group's ID or name (\`licensectl group list\` shows the groups that have a license rule)\n`);
    expect(puts()).toEqual([]);
  });

  it('a name that matches no group: exit 3 with the nearest names', async () => {
    const r = await runCli(['group', 'allocate', 'finance automaton', '--codes', 'IDU', '--account', ACCOUNT], { env });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('licensectl: no group named "finance automaton" in the organization; nearest: Finance Automation\n');
    expect(puts()).toEqual([]);
  });

  it('403: names the scope PM.License.Write (exit 4)', async () => {
    const token = sandbox.issueToken({ scopes: ['PM.License.Read'] });
    const r = await runCli(['--json', 'group', 'allocate', G1, '--codes', 'IDU', '--account', ACCOUNT], { env: { ...env, LICENSECTL_TOKEN: token } });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toEqual({
      error: {
        code: 'forbidden',
        status: 403,
        message: 'the token lacks the scope PM.License.Write (403): log in with a client or user that has it',
      },
    });
  });

  it('--dry-run reads the group, prints the change and the request with the token redacted, and writes nothing', async () => {
    const r = await runCli(['group', 'allocate', G1, '--codes', 'idu,ACNU', '--account', ACCOUNT, '--external-license', '--dry-run'], { env });
    expect(r.code).toBe(0);
    const before = await storedCodes(G1);
    const kept = before.userBundleCodes.filter((c) => ['IDU', 'ACNU'].includes(c));
    const diff = [...['IDU', 'ACNU'].filter((c) => !kept.includes(c)).map((c) => `+${c}`), ...before.userBundleCodes.filter((c) => !kept.includes(c)).map((c) => `-${c}`), ...kept.map((c) => `=${c}`)];
    if (!before.useExternalLicense) diff.push('external: no → yes');
    expect(r.stdout).toBe(
      [
        `${G1}\t${diff.join(' ')}`,
        `PUT ${sandbox.url}/acme/lease_/api/account/${ACCOUNT}/user-license/group/${G1}`,
        'Authorization: Bearer ***',
        'Content-Type: application/json',
        'Accept: application/json',
        '',
        '{"userBundleCodes":["IDU","ACNU"],"useExternalLicense":true}',
        '',
      ].join('\n'),
    );
    expect(r.stderr).toBe('dry run: nothing was sent\n');
    expect(r.stdout + r.stderr).not.toContain(sandbox.adminToken);
    expect(sandbox.requests.map((q) => q.method)).toEqual(['GET']);
    expect(await storedCodes(G1)).toEqual(before);
  });
});

describe('group codes', () => {
  it('prints the catalog as TSV in a pipe', async () => {
    const r = await runCli(['group', 'codes'], { env });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(BUNDLE_CODES.length);
    expect(lines[0]).toBe('ACNU\tAction Center\tnamed');
    expect(lines).toContain('CTZDEVCU\tCitizen Developer - Multiuser\tmultiuser');
    expect(lines).toContain('STDXNU\tStudioX - Named User (legacy)\tlegacy');
  });

  it('as JSON and as a table', async () => {
    const json = await runCli(['--json', 'group', 'codes'], { env });
    expect(JSON.parse(json.stdout)).toEqual(BUNDLE_CODES);
    const table = await runCli(['--no-color', 'group', 'codes'], { env, tty: true });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/CODE\s+│\s+PRODUCT\s+│\s+STATUS/);
    expect(table.stdout).toMatch(/RPADEVPRONU\s+│\s+Automation Developer\s+│\s+named/);
  });
});
