// `licensectl license-type list|get|create|update|delete` as users and scripts run it: the built
// binary against the in-process sandbox, on a terminal, in a pipe and with --json.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runCli, tempConfigDir } from '../helpers/cli.js';

let sb: Sandbox;
let config: string;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  config = tempConfigDir();
});
afterAll(async () => {
  await sb?.close();
});

interface Run { code: number | null; stdout: string; stderr: string; requests: Sandbox['requests'] }

/** Runs the CLI; `requests` are the API requests the sandbox saw meanwhile. */
async function lt(args: string[], opts: { tty?: boolean; input?: string; token?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const before = sb.requests.length;
  const r = await runCli(['license-type', ...args], {
    tty: opts.tty,
    input: opts.input,
    env: { LICENSECTL_CONFIG_DIR: config, LICENSECTL_BASE_URL: `${sb.url}/acme`, LICENSECTL_TOKEN: opts.token ?? sb.adminToken, ...opts.env },
  });
  const stdout = opts.tty ? r.stdout.replace(/\r\n/g, '\n') : r.stdout;
  return { code: r.code, stdout, stderr: r.stderr, requests: sb.requests.slice(before) };
}

const plain = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''); // eslint-disable-line no-control-regex

/** A fresh group holding `n` seeded types; returns its flags and its uuid. */
function group(n: number): { flags: string[]; uuid: string } {
  const uuid = randomUUID();
  sb.seedLicenseTypes('draas1', uuid, n);
  return { flags: ['--instance', 'draas1', '--group', uuid], uuid };
}

interface Type { id: number; name: string; sku: string; description: string }
async function types(flags: string[]): Promise<Type[]> {
  const r = await lt(['list', '--all', '--json', ...flags]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Type[];
}

describe('license-type list', () => {
  it('prints a table and a "page X of Y, Z results" footer on a terminal', async () => {
    const g = group(3);
    const [a, b, c] = await types(g.flags);
    const r = await lt(['list', '--page-size', '2', ...g.flags], { tty: true, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.find((l) => l.includes('ID'))).toMatch(/│ ID +│ NAME +│ SKU +│ DESCRIPTION +│/);
    expect(r.stdout).toMatch(new RegExp(`│ ${a!.id} +│ ${a!.name} +│ ${a!.sku} +│ ${a!.description} +│`));
    expect(r.stdout).toContain(b!.sku);
    expect(r.stdout).not.toContain(c!.sku);
    expect(lines.at(-2)).toBe('page 1 of 2, 3 results: --page 2 for the next, --all for every page');
  });

  it('sends --search, --sort, --dir, --page-size and --page under the API\'s names', async () => {
    const g = group(3);
    const r = await lt(['list', '--search', 'Seeded', '--sort', 'name', '--dir', 'desc', '--page-size', '2', '--page', '2', ...g.flags]);
    expect(r.code).toBe(0);
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]!.path).toBe(`/acme/api/v01/draas/draas1/groups/${g.uuid}/license_types`);
    expect(r.requests[0]!.query).toBe('search=Seeded&sort=name&dir=desc&page_size=2&page=2');
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1); // the 3rd of 3, sorted descending: the first seeded
  });

  it('prints id, name, sku, description as TSV without header in a pipe, nothing on stderr', async () => {
    const g = group(2);
    const [a, b] = await types(g.flags);
    const r = await lt(['list', ...g.flags]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${a!.id}\t${a!.name}\t${a!.sku}\t${a!.description}\n${b!.id}\t${b!.name}\t${b!.sku}\t${b!.description}\n`);
    expect(r.stderr).toBe('');
  });

  it('--json prints an array of license types', async () => {
    const g = group(2);
    const r = await lt(['list', '--json', ...g.flags]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Type[];
    expect(list).toHaveLength(2);
    expect(Object.keys(list[0]!).sort()).toEqual(['description', 'id', 'name', 'sku']);
    expect(r.stderr).toBe('');
  });

  it('--all --json returns every one of 1,000 seeded types in one request of page_size 1000', async () => {
    const g = group(1000);
    const r = await lt(['list', '--all', '--json', ...g.flags]);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Type[];
    expect(list).toHaveLength(1000);
    expect(new Set(list.map((t) => t.id)).size).toBe(1000);
    expect(r.requests.map((q) => q.query)).toEqual(['page_size=1000&page=1']);
  });

  it('--all with a small page size reads every page and keeps their order', async () => {
    const g = group(1000);
    const r = await lt(['list', '--all', '--page-size', '100', ...g.flags]);
    expect(r.code).toBe(0);
    const ids = r.stdout.trim().split('\n').map((l) => Number(l.split('\t')[0]));
    expect(ids).toHaveLength(1000);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(r.requests.map((q) => q.query).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `page_size=100&page=${i + 1}`).sort());
  });

  it('says so when the group is empty, and refuses --all with --page before any request', async () => {
    const g = group(0);
    const empty = await lt(['list', ...g.flags], { tty: true });
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe(`No license types in group ${g.uuid} (DRaaS instance draas1).\n`);
    const both = await lt(['list', '--all', '--page', '2', ...g.flags]);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe('licensectl: --all reads every page: leave out --page\n');
    expect(both.requests).toEqual([]);
  });
});

describe('license-type get', () => {
  it('prints the type as fields on a terminal, one TSV row in a pipe, the object with --json', async () => {
    const g = group(1);
    const [t] = await types(g.flags);
    const tty = await lt(['get', String(t!.id), ...g.flags], { tty: true });
    expect(plain(tty.stdout)).toBe(`id           ${t!.id}\nname         ${t!.name}\nsku          ${t!.sku}\ndescription  ${t!.description}\n`);
    const pipe = await lt(['get', String(t!.id), ...g.flags]);
    expect(pipe.stdout).toBe(`${t!.id}\t${t!.name}\t${t!.sku}\t${t!.description}\n`);
    const json = await lt(['get', String(t!.id), '--json', ...g.flags]);
    expect(JSON.parse(json.stdout)).toEqual(t);
  });

  it('a 404 says which id in which group, once, and how to see the ids there, exit 3', async () => {
    const g = group(0);
    const r = await lt(['get', '999999', ...g.flags]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`licensectl: license type 999999 not found in group ${g.uuid} (404): see the group's license types with \`licensectl license-type list\`\n`);
  });

  it('a token without the role gets exit 4 naming the role', async () => {
    const g = group(1);
    const token = sb.issueToken({ roles: ['groups.instance.license_types.list'] });
    const r = await lt(['get', '1', ...g.flags], { token });
    expect(r.code).toBe(4);
    expect(r.stderr).toBe('licensectl: the token lacks role groups.instance.license_types.read (403)\n');
  });
});

describe('license-type create', () => {
  it('creates and prints the new type in each mode; a duplicate sku is exit 5 with the server\'s words', async () => {
    const g = group(0);
    const tty = await lt(['create', '--name', 'Gold seat', '--sku', 'GOLD', '--description', 'Premium', ...g.flags], { tty: true, env: { NO_COLOR: '1' } });
    expect(tty.code).toBe(0);
    const [gold] = await types(g.flags);
    expect(gold).toMatchObject({ name: 'Gold seat', sku: 'GOLD', description: 'Premium' });
    expect(tty.stdout).toBe(`id           ${gold!.id}\nname         Gold seat\nsku          GOLD\ndescription  Premium\n✓ Created license type ${gold!.id} (Gold seat) in group ${g.uuid} (DRaaS instance draas1)\n`);

    const pipe = await lt(['create', '--name', 'Silver', '--sku', 'SILVER', ...g.flags]);
    expect(pipe.code).toBe(0);
    expect(pipe.stdout).toMatch(/^\d+\tSilver\tSILVER\t\n$/);

    const json = await lt(['create', '--name', 'Bronze', '--sku', 'BRONZE', '--json', ...g.flags]);
    const bronze = JSON.parse(json.stdout) as Type;
    expect(bronze).toEqual({ id: expect.any(Number), name: 'Bronze', sku: 'BRONZE', description: '' });
    expect(json.stderr).toBe('');

    const dup = await lt(['create', '--name', 'Again', '--sku', 'GOLD', ...g.flags]);
    expect(dup.code).toBe(5);
    expect(dup.stderr).toBe(`licensectl: the server rejected the license type (400): a license type with sku GOLD already exists in this group (id ${gold!.id})\n`);
  });

  it('a token without the create role: exit 4 naming it, one POST sent', async () => {
    const g = group(0);
    const token = sb.issueToken({ roles: ['groups.instance.license_types.list'] });
    const r = await lt(['create', '--name', 'x', '--sku', 'y', '--json', ...g.flags], { token });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toEqual({ error: { code: 'forbidden', message: 'the token lacks role groups.instance.license_types.create (403)', status: 403 } });
    expect(r.requests.map((q) => q.method)).toEqual(['POST']);
  });
});

describe('license-type update', () => {
  it('changes only the given field (GET, merge, PUT) and says what changed', async () => {
    const g = group(1);
    const [t] = await types(g.flags);
    const r = await lt(['update', String(t!.id), '--description', 'Premium 2027', ...g.flags]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${t!.id}\t${t!.name}\t${t!.sku}\tPremium 2027\n`);
    expect(r.stderr).toBe(`✓ Updated license type ${t!.id} (${t!.name})\n  description: "${t!.description}" → "Premium 2027"\n`);
    expect(r.requests.map((q) => q.method)).toEqual(['GET', 'PUT']);
    expect((await types(g.flags))[0]).toEqual({ ...t, description: 'Premium 2027' });
  });

  it('--json prints the merged object with its id; nothing different skips the PUT', async () => {
    const g = group(1);
    const [t] = await types(g.flags);
    const json = await lt(['update', String(t!.id), '--name', 'Renamed', '--json', ...g.flags]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ ...t, name: 'Renamed' });
    const same = await lt(['update', String(t!.id), '--name', 'Renamed', ...g.flags], { tty: true });
    expect(same.code).toBe(0);
    expect(plain(same.stdout)).toContain(`No change: license type ${t!.id} (Renamed) already has name "Renamed"`);
    expect(same.requests.map((q) => q.method)).toEqual(['GET']);
  });

  it('nothing given is a usage error before any request; an unknown id is exit 3', async () => {
    const g = group(0);
    const none = await lt(['update', '5', ...g.flags]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('licensectl: nothing to change: give at least one of --name, --sku, --description\n');
    expect(none.requests).toEqual([]);
    const missing = await lt(['update', '999999', '--name', 'x', ...g.flags]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^licensectl: license type 999999 not found in group .* \(404\)/);
  });
});

describe('license-type delete', () => {
  it('without a terminal needs --yes, and refuses before any request', async () => {
    const g = group(1);
    const r = await lt(['delete', '1', ...g.flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('licensectl: deleting license type 1 needs confirmation: pass --yes (no terminal to ask on)\n');
    expect(r.requests).toEqual([]);
  });

  it('--yes deletes; --json prints {"id","deleted":true}', async () => {
    const g = group(2);
    const [a, b] = await types(g.flags);
    const pipe = await lt(['delete', String(a!.id), '--yes', ...g.flags]);
    expect(pipe.code).toBe(0);
    expect(pipe.stdout).toBe('');
    expect(pipe.stderr).toBe(`✓ Deleted license type ${a!.id} (${a!.name}) from group ${g.uuid}\n`);
    // Read first (the API's DELETE answers 204 for a missing type too), then delete.
    expect(pipe.requests.map((q) => q.method)).toEqual(['GET', 'DELETE']);
    const json = await lt(['delete', String(b!.id), '--yes', '--json', ...g.flags]);
    expect(JSON.parse(json.stdout)).toEqual({ id: b!.id, deleted: true });
    expect(await types(g.flags)).toEqual([]);
  });

  it('asks on a terminal, naming the type and group; only "y" deletes', async () => {
    const g = group(1);
    const [t] = await types(g.flags);
    const no = await lt(['delete', String(t!.id), ...g.flags], { tty: true, input: 'n\n', env: { NO_COLOR: '1' } });
    expect(no.code).toBe(1);
    expect(no.stdout).toContain(`Delete license type ${t!.id} (${t!.name}) from group ${g.uuid}? [y/N] `);
    expect(no.stdout).toContain('licensectl: cancelled: nothing was deleted');
    expect(no.requests.map((q) => q.method)).toEqual(['GET']);
    const yes = await lt(['delete', String(t!.id), ...g.flags], { tty: true, input: 'y\n', env: { NO_COLOR: '1' } });
    expect(yes.code).toBe(0);
    expect(yes.stdout).toContain(`✓ Deleted license type ${t!.id} (${t!.name}) from group ${g.uuid}`);
    expect(yes.requests.map((q) => q.method)).toEqual(['GET', 'DELETE']);
  });
});

describe('--instance and --group', () => {
  const env = (dir: string) => ({ LICENSECTL_CONFIG_DIR: dir, LICENSECTL_BASE_URL: '' });

  it.each([
    [['list', '--group', 'e5a7c9db-4f6b-4d8e-8a2c-5b7d9f1b3c46'], /^licensectl: no DRaaS instance: pass --instance <name>/],
    [['list', '--instance', 'draas1'], /^licensectl: no group: pass --group <uuid>/],
    [['list', '--instance', 'draas1', '--group', 'e5a7c9db-4f6b-4d8e'], /^licensectl: bad group "e5a7c9db-4f6b-4d8e": it looks like a mistyped UUID: a group is a UUID/],
    [['get', '1', '--instance', 'a/b', '--group', 'e5a7c9db-4f6b-4d8e-8a2c-5b7d9f1b3c46'], /^licensectl: bad DRaaS instance "a\/b": it must be one path segment/],
    [['get', 'abc', '--instance', 'draas1', '--group', 'e5a7c9db-4f6b-4d8e-8a2c-5b7d9f1b3c46'], /^licensectl: .*positive integer/],
    [['create', '--name', 'x', '--sku', 'y', '--instance', '..', '--group', 'e5a7c9db-4f6b-4d8e-8a2c-5b7d9f1b3c46'], /^licensectl: bad DRaaS instance "..": it is not a name/],
  ])('%j is a usage error and sends nothing', async (args, message) => {
    const r = await lt(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.requests).toEqual([]);
  });

  it('fall back to the profile\'s defaults, and the flags win over them', async () => {
    const g = group(1);
    const dir = tempConfigDir();
    const set = await runCli(['profile', 'set', 'fusion', '--base-url', `${sb.url}/acme`, '--instance', 'draas1', '--group', g.uuid, '--use'], { env: env(dir) });
    expect(set.code).toBe(0);
    const r = await lt(['list', '--json'], { env: env(dir) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(1);
    const other = group(2);
    const flagged = await lt(['list', '--json', '--group', other.uuid], { env: env(dir) });
    expect(JSON.parse(flagged.stdout)).toHaveLength(2);

    const bad = tempConfigDir();
    const storeBad = await runCli(['profile', 'set', 'p', '--base-url', `${sb.url}/acme`, '--instance', 'draas1', '--group', 'e5a7c9db-4f6b', '--use'], { env: env(bad) });
    expect(storeBad.code).toBe(2);
    expect(storeBad.stderr).toBe('licensectl: bad group "e5a7c9db-4f6b": it looks like a mistyped UUID: a group is a UUID like 1b4e28ba-2fa1-11d2-883f-0016d3cca427, or a group\'s name\n');
    // A store edited by hand is checked at use.
    await runCli(['profile', 'set', 'p', '--base-url', `${sb.url}/acme`, '--instance', 'draas1', '--use'], { env: env(bad) });
    const file = path.join(bad, 'config.json');
    const store = JSON.parse(fs.readFileSync(file, 'utf8'));
    store.profiles.p.group = 'e5a7c9db-4f6b';
    fs.writeFileSync(file, JSON.stringify(store));
    const refused = await lt(['list'], { env: env(bad) });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe('licensectl: bad group "e5a7c9db-4f6b" (the default of profile "p"): it looks like a mistyped UUID: a group is a UUID like 1b4e28ba-2fa1-11d2-883f-0016d3cca427, or a group\'s name\n');
    const noInstance = tempConfigDir();
    await runCli(['profile', 'set', 'q', '--base-url', `${sb.url}/acme`, '--use'], { env: env(noInstance) });
    const missing = await lt(['list'], { env: env(noInstance) });
    expect(missing.stderr).toBe('licensectl: no DRaaS instance: pass --instance <name>, or store a default with `licensectl profile set q --instance <name>`\n');
  });
});
