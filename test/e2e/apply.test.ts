// `licensectl license-type apply` end to end: the built binary against the in-process sandbox.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runCli, tempConfigDir } from '../helpers/cli.js';

let sb: Sandbox;
let config: string;
let files: string;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  config = tempConfigDir();
  files = tempConfigDir();
});
afterAll(async () => {
  await sb?.close();
  fs.rmSync(files, { recursive: true, force: true });
});

interface Run { code: number | null; stdout: string; stderr: string; requests: Sandbox['requests'] }

async function lt(args: string[], opts: { tty?: boolean; token?: string; input?: string } = {}): Promise<Run> {
  const before = sb.requests.length;
  const r = await runCli(['license-type', ...args], {
    tty: opts.tty,
    input: opts.input,
    env: { LICENSECTL_CONFIG_DIR: config, LICENSECTL_BASE_URL: `${sb.url}/acme`, LICENSECTL_TOKEN: opts.token ?? sb.adminToken },
  });
  const stdout = opts.tty ? r.stdout.replace(/\r\n/g, '\n') : r.stdout;
  return { code: r.code, stdout, stderr: r.stderr, requests: sb.requests.slice(before) };
}

const plain = (s: string) => s.replace(/\r?\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/applying \d+\/\d+…/g, ''); // eslint-disable-line no-control-regex
const writes = (r: Run) => r.requests.filter((q) => q.method !== 'GET');

function desiredFile(content: unknown): string {
  const file = path.join(files, `${randomUUID()}.json`);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** A group with the types given (created through the API so ids are known). */
async function groupWith(rows: { sku: string; name: string; description: string }[]): Promise<{ flags: string[]; uuid: string; ids: number[] }> {
  const uuid = randomUUID();
  sb.seedLicenseTypes('draas1', uuid, 0);
  const flags = ['--instance', 'draas1', '--group', uuid];
  const ids: number[] = [];
  for (const row of rows) {
    const r = await fetch(`${sb.url}/api/v01/draas/draas1/groups/${uuid}/license_types`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sb.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(row),
    });
    ids.push(((await r.json()) as { id: number }).id);
  }
  return { flags, uuid, ids };
}

interface Type { id: number; name: string; sku: string; description: string }
async function types(flags: string[]): Promise<Type[]> {
  return JSON.parse((await lt(['list', '--all', '--json', ...flags])).stdout) as Type[];
}

const START = [
  { sku: 'MCOEV', name: 'Teams Phone Standard', description: 'per user' },
  { sku: 'MCOCAP', name: 'Teams Shared Devices', description: 'common area' },
  { sku: 'SPE_E5', name: 'Microsoft 365 E5', description: '' },
];
const DESIRED = {
  license_types: [
    { sku: 'MCOEV', name: 'Teams Phone Standard', description: 'Per-user Teams Phone' },
    { sku: 'MCOCAP', name: 'Teams Shared Devices' },
    { sku: 'GOLD', name: 'Gold seat', description: 'Premium' },
  ],
};

describe('license-type apply', () => {
  it('--dry-run on a terminal shows a coloured, marked plan and changes nothing', async () => {
    const g = await groupWith(START);
    const file = desiredFile(DESIRED);
    const r = await lt(['apply', '--file', file, '--prune', '--dry-run', ...g.flags], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\x1b[32m+ create'); // green
    expect(r.stdout).toContain('\x1b[31m- delete'); // red
    const width = Math.max(...g.ids.map((id) => `id ${id}`.length));
    const id = (n: number | undefined) => (n === undefined ? '' : `id ${n}`).padEnd(width);
    expect(plain(r.stdout)).toBe([
      `Plan for group ${g.uuid} (DRaaS instance draas1) from ${file} (dry run):`,
      `+ create     GOLD    ${id(undefined)}  Gold seat`,
      `~ update     MCOEV   ${id(g.ids[0])}  Teams Phone Standard`,
      '             description: "per user" → "Per-user Teams Phone"',
      `- delete     SPE_E5  ${id(g.ids[2])}  Microsoft 365 E5`,
      `= unchanged  MCOCAP  ${id(g.ids[1])}  Teams Shared Devices`,
      'Plan: 1 to create, 1 to update, 1 to delete, 1 unchanged.',
      'Dry run: nothing was changed. Run without --dry-run to make these 3 changes.',
      '',
    ].join('\n'));
    expect(writes(r)).toEqual([]);
  });

  it('carries the plan out, prints it as TSV in a pipe, and a second run changes nothing', async () => {
    const g = await groupWith(START);
    const file = desiredFile(DESIRED);
    const first = await lt(['apply', '--file', file, ...g.flags]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`create\tGOLD\t\tGold seat\nupdate\tMCOEV\t${g.ids[0]}\tTeams Phone Standard\nunchanged\tMCOCAP\t${g.ids[1]}\tTeams Shared Devices\n`);
    expect(first.stderr).toBe([
      `Plan for group ${g.uuid} (DRaaS instance draas1) from ${file}:`,
      'Plan: 1 to create, 1 to update, 0 to delete, 1 unchanged.',
      `1 license type in the group is not in ${file} and is kept (--prune deletes them).`,
      '✓ Applied 2 changes: 1 created, 1 updated.',
      '',
    ].join('\n'));
    expect(writes(first).map((q) => q.method).sort()).toEqual(['POST', 'PUT']);
    const after = await types(g.flags);
    expect(after.map(({ sku, name, description }) => ({ sku, name, description }))).toEqual([
      { sku: 'MCOEV', name: 'Teams Phone Standard', description: 'Per-user Teams Phone' },
      { sku: 'MCOCAP', name: 'Teams Shared Devices', description: 'common area' },
      { sku: 'SPE_E5', name: 'Microsoft 365 E5', description: '' },
      { sku: 'GOLD', name: 'Gold seat', description: 'Premium' },
    ]);

    const second = await lt(['apply', '--file', file, ...g.flags]);
    expect(second.code).toBe(0);
    expect(second.stdout.split('\n').filter(Boolean).every((l) => l.startsWith('unchanged\t'))).toBe(true);
    expect(second.stderr).toContain('✓ Nothing to do: the group already matches');
    expect(writes(second)).toEqual([]);
  });

  it('--json prints one document with the plan and the results, new ids included; --prune deletes', async () => {
    const g = await groupWith(START);
    const r = await lt(['apply', '--file', desiredFile(DESIRED), '--prune', '--yes', '--json', ...g.flags]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { dryRun: boolean; plan: unknown[]; results: { action: string; sku: string; id: number; ok: boolean }[] };
    const gold = (await types(g.flags)).find((t) => t.sku === 'GOLD')!;
    expect(doc).toEqual({
      dryRun: false,
      plan: [
        { action: 'create', sku: 'GOLD', name: 'Gold seat' },
        { action: 'update', sku: 'MCOEV', id: g.ids[0], name: 'Teams Phone Standard', changes: { description: { from: 'per user', to: 'Per-user Teams Phone' } } },
        { action: 'delete', sku: 'SPE_E5', id: g.ids[2], name: 'Microsoft 365 E5' },
        { action: 'unchanged', sku: 'MCOCAP', id: g.ids[1], name: 'Teams Shared Devices' },
      ],
      results: [
        { action: 'create', sku: 'GOLD', id: gold.id, ok: true },
        { action: 'update', sku: 'MCOEV', id: g.ids[0], ok: true },
        { action: 'delete', sku: 'SPE_E5', id: g.ids[2], ok: true },
      ],
    });
    expect((await types(g.flags)).map((t) => t.sku).sort()).toEqual(['GOLD', 'MCOCAP', 'MCOEV']);
    const again = await lt(['apply', '--file', desiredFile(DESIRED), '--prune', '--yes', '--json', ...g.flags]);
    expect((JSON.parse(again.stdout) as { results: unknown[] }).results).toEqual([]);
    expect(writes(again)).toEqual([]);
  });

  it('creates 300 types with bounded concurrency, then a re-run sends no write', async () => {
    const g = await groupWith([]);
    const many = Array.from({ length: 300 }, (_, i) => ({ sku: `SKU-${i}`, name: `Type ${i}` }));
    const file = desiredFile(many);
    const first = await lt(['apply', '--file', file, '--json', ...g.flags]);
    expect(first.code).toBe(0);
    expect(writes(first)).toHaveLength(300);
    expect(await types(g.flags)).toHaveLength(300);
    const second = await lt(['apply', '--file', file, ...g.flags]);
    expect(second.code).toBe(0);
    expect(writes(second)).toEqual([]);
    expect(second.requests.map((q) => q.query)).toEqual(['page_size=1000&page=1']);
  });

  it('keeps going when items fail, names them, and exits 6; --json still prints the document', async () => {
    const g = await groupWith(START);
    const token = sb.issueToken({ roles: ['groups.instance.license_types.list', 'groups.instance.license_types.instance.update'] });
    const file = desiredFile(DESIRED);
    const r = await lt(['apply', '--file', file, ...g.flags], { token });
    expect(r.code).toBe(6);
    expect(r.stderr).toContain('✗ create GOLD: the token lacks role groups.instance.license_types.create (403)\n');
    expect(r.stderr).toContain('! Applied 1 of 2 changes (1 updated); 1 failed.\n');
    expect(r.stderr.trim().split('\n').at(-1)).toBe('licensectl: 1 of 2 changes failed (create GOLD); fix the cause and run apply again: it retries only what is still different');

    const json = await lt(['apply', '--file', file, '--prune', '--yes', '--json', ...g.flags], { token });
    expect(json.code).toBe(6);
    const doc = JSON.parse(json.stdout) as { results: unknown[] };
    expect(doc.results).toEqual([
      { action: 'create', sku: 'GOLD', id: null, ok: false, error: 'the token lacks role groups.instance.license_types.create (403)' },
      { action: 'delete', sku: 'SPE_E5', id: g.ids[2], ok: false, error: 'the token lacks role groups.instance.license_types.instance.delete (403)' },
    ]);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { code: 'partial' } });
  });

  it.each([
    ['[{"sku":"A","name":"a"},{"sku":"A","name":"b"}]', 'FILE: [1]: duplicate sku "A" (also [0])'],
    ['[{"sku":"A","name":"a","price":3}]', 'FILE: [0]: unknown key "price"'],
    ['{"license_types":[{"sku":"A"}]}', 'FILE: .license_types[0]: "name" is missing'],
    ['[{"sku":"A","name":7}]', 'FILE: [0]: "name" must be a string, not a number 7'],
    ['not json', 'FILE is not valid JSON: '],
  ])('an invalid file (%s) is a usage error before any request', async (content, message) => {
    const g = await groupWith([]);
    const file = desiredFile(content);
    const r = await lt(['apply', '--file', file, ...g.flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`licensectl: ${message.replace('FILE', file)}`)).toBe(true);
    expect(r.requests).toEqual([]);
  });

  it('an unreadable file is exit 2 before any request; "-" reads stdin', async () => {
    const g = await groupWith([]);
    const missing = await lt(['apply', '--file', path.join(files, 'nope.json'), ...g.flags]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`licensectl: cannot read ${path.join(files, 'nope.json')}: no such file\n`);
    expect(missing.requests).toEqual([]);
    const stdin = await lt(['apply', '--file', '-', '--json', ...g.flags], { input: '[{"sku":"S","name":"From stdin"}]' });
    expect(stdin.code).toBe(0);
    expect((await types(g.flags)).map((t) => t.name)).toEqual(['From stdin']);
  });
});
