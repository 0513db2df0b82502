import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempConfigDir } from '../helpers/cli.js';

const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('licensectl basics (built binary)', () => {
  it('prints its version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(pkg.version + '\n');
    expect(r.stderr).toBe('');
  });

  it('shows the command list with no arguments, exit 0', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(0);
    for (const c of ['group', 'license-type', 'auth', 'profile', 'sandbox']) expect(r.stdout).toContain(c);
  });

  it('suggests the nearest command for a typo, exit 2, one line', async () => {
    const r = await runCli(['lisence-type', 'list']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("licensectl: unknown command 'lisence-type' (Did you mean license-type?)\n");
  });

  it.each([
    [['license-type', 'get', 'abc'], /invalid for argument 'id'/],
    [['license-type', 'get', '0'], /positive integer/],
    [['license-type', 'list', '--dir', 'up'], /Allowed choices are asc, desc/],
    [['license-type', 'list', '--page-size', '0'], /from 1 to 1000/],
    [['license-type', 'create', '--name', 'x'], /--sku/],
    [['group', 'allocate', 'g1', '--concurrency', 'lots'], /from 1 to 64/],
    [['--bogus'], /unknown option '--bogus'/],
    [['profile', 'use'], /missing required argument 'name'/],
    [['sandbox', '--fault-rate', '2'], /from 0 to 1/],
    [['completion', 'tcsh'], /Allowed choices are bash, zsh, fish/],
  ])('usage error %j exits 2 with one line', async (args, pattern) => {
    const r = await runCli(args, { env: { LICENSECTL_CONFIG_DIR: tempConfigDir() } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(/^licensectl: /);
    expect(r.stderr).toMatch(pattern);
  });

  it('gives a JSON error object on stderr with --json', async () => {
    const r = await runCli(['--json', 'license-type', 'get', 'x']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const err = JSON.parse(r.stderr) as { error: { code: string; message: string } };
    expect(err.error.code).toBe('usage');
    expect(err.error.message).toMatch(/positive integer/);
  });

  it('says what is missing when neither flag, env nor profile gives a base URL', async () => {
    const r = await runCli(['license-type', 'get', '1'], { env: { LICENSECTL_CONFIG_DIR: tempConfigDir() } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^licensectl: no base URL: pass --base-url/);
  });

  it('rejects a bad --timeout and an unknown --profile before any work', async () => {
    const dir = tempConfigDir();
    const t = await runCli(['--timeout', 'soon', 'profile', 'list'], { env: { LICENSECTL_CONFIG_DIR: dir } });
    expect(t.code).toBe(2);
    expect(t.stderr).toMatch(/--timeout must be a number of seconds/);
    const p = await runCli(['--profile', 'ghost', 'license-type', 'get', '1'], { env: { LICENSECTL_CONFIG_DIR: dir } });
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/no profile named "ghost"/);
  });
});

describe('profile commands', () => {
  let dir: string;
  const env = () => ({ LICENSECTL_CONFIG_DIR: dir });
  beforeAll(() => {
    dir = path.join(tempConfigDir(), 'nested');
  });

  it('creates profiles in a 0600 file inside a 0700 folder', async () => {
    const a = await runCli(['profile', 'set', 'cloud', '--base-url', 'https://cloud.uipath.com/acme/', '--account', 'acc-1'], { env: env() });
    expect(a.code).toBe(0);
    expect(a.stderr).toMatch(/Created profile "cloud"/);
    const b = await runCli(['profile', 'set', 'fusion', '--base-url', 'https://apioaas-prov.netaxis.cloud', '--instance', 'draas1', '--group', '5f0c3a4e-8a1b-4c2d-9e3f-0a1b2c3d4e5f'], { env: env() });
    expect(b.code).toBe(0);
    const file = path.join(dir, 'config.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('lists them as TSV in a pipe and as JSON, marking the current one', async () => {
    const tsv = await runCli(['profile', 'list'], { env: env() });
    expect(tsv.code).toBe(0);
    expect(tsv.stdout).toBe(
      '*\tcloud\thttps://cloud.uipath.com/acme\tacc-1\t\t\t\n' +
      '\tfusion\thttps://apioaas-prov.netaxis.cloud\t\tdraas1\t5f0c3a4e-8a1b-4c2d-9e3f-0a1b2c3d4e5f\t\n',
    );
    const json = await runCli(['profile', 'list', '--json'], { env: env() });
    const rows = JSON.parse(json.stdout) as { name: string; current: boolean }[];
    expect(rows.map((r) => [r.name, r.current])).toEqual([['cloud', true], ['fusion', false]]);
  });

  it('shows a table in a terminal', async () => {
    const r = await runCli(['profile', 'list'], { env: env(), tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/NAME.*BASE URL/);
    expect(r.stdout).toMatch(/│ \* +│ cloud/);
  });

  it('switches, shows and removes profiles', async () => {
    expect((await runCli(['profile', 'use', 'fusion'], { env: env() })).code).toBe(0);
    const show = await runCli(['profile', 'show', '--json'], { env: env() });
    expect(JSON.parse(show.stdout)).toMatchObject({ name: 'fusion', current: true, instance: 'draas1', auth: null });
    const byEnv = await runCli(['profile', 'show', '--json'], { env: { ...env(), LICENSECTL_PROFILE: 'cloud' } });
    expect(JSON.parse(byEnv.stdout)).toMatchObject({ name: 'cloud', account: 'acc-1' });
    const rm = await runCli(['profile', 'remove', 'fusion'], { env: env() });
    expect(rm.code).toBe(0);
    const list = await runCli(['profile', 'list', '--json'], { env: env() });
    expect((JSON.parse(list.stdout) as unknown[]).length).toBe(1);
    const missing = await runCli(['profile', 'use', 'fusion'], { env: env() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no profile named "fusion"/);
  });

  it('refuses bad profile names and bad base URLs', async () => {
    const name = await runCli(['profile', 'set', '../evil', '--base-url', 'https://x'], { env: env() });
    expect(name.code).toBe(2);
    const url = await runCli(['profile', 'set', 'ok', '--base-url', 'not a url'], { env: env() });
    expect(url.code).toBe(2);
    expect(url.stderr).toMatch(/is not a URL/);
    const noUrl = await runCli(['profile', 'set', 'new-one'], { env: env() });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toMatch(/--base-url is required/);
  });

  it('reports a hand-broken store in one line naming the file, exit 1', async () => {
    const broken = tempConfigDir();
    fs.writeFileSync(path.join(broken, 'config.json'), '{ "profiles": ');
    const r = await runCli(['profile', 'list'], { env: { LICENSECTL_CONFIG_DIR: broken } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(path.join(broken, 'config.json'));
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
