// `profile set|list|show|use|remove` in-process: each works on a fresh config folder, no HTTP.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess, tempConfigDir } from '../../helpers/inprocess.js';
import { check, GROUP, type Case } from '../fixtures.js';

/** No base URL nor token from the environment: profiles decide. */
const NO_ENV = { LICENSECTL_BASE_URL: undefined, LICENSECTL_TOKEN: undefined };

/** A config folder holding profiles "lab" (current) and "prod", made through the CLI itself. */
async function seeded(): Promise<string> {
  const dir = tempConfigDir();
  for (const args of [
    ['profile', 'set', 'lab', '--base-url', 'http://127.0.0.1:9/acme/', '--account', 'acc-1'],
    ['profile', 'set', 'prod', '--base-url', 'https://api.example.com/x', '--instance', 'draas1', '--group', GROUP],
  ]) {
    const r = await runInProcess(args, { configDir: dir, env: NO_ENV });
    expect(r.code, r.stderr).toBe(0);
  }
  return dir;
}

type ProfileCase = Omit<Case, 'configDir' | 'env'> & { seeded?: boolean };

const cases: ProfileCase[] = [
  { name: 'set creates (and the first becomes current)', args: ['profile', 'set', 'a', '--base-url', 'https://x.example.com'], code: 0, stdout: '', stderr: '✓ Created profile "a"\n' },
  { name: 'set --json', args: ['--json', 'profile', 'set', 'a', '--base-url', 'https://x.example.com'], code: 0, stdout: '{\n  "name": "a",\n  "created": true\n}\n', stderr: '' },
  { name: 'set on an existing profile updates it', seeded: true, args: ['profile', 'set', 'lab', '--account', 'acc-2'], code: 0, stdout: '', stderr: '✓ Updated profile "lab"\n' },
  { name: 'set without --base-url for a new profile: usage', args: ['profile', 'set', 'a'], code: 2, stdout: '', stderr: 'licensectl: profile "a" does not exist yet: --base-url is required to create it\n' },
  { name: 'set with a bad name: usage', args: ['profile', 'set', 'a b', '--base-url', 'https://x.example.com'], code: 2, stdout: '', stderr: 'licensectl: profile name "a b" must be 1-64 letters, digits, ".", "_" or "-"\n' },
  { name: 'set with a group name but no instance to look it up in: usage', args: ['profile', 'set', 'a', '--base-url', 'https://x.example.com', '--group', 'g'], code: 2, stdout: '', stderr: 'licensectl: --group "g" is a name, which is looked up in a DRaaS instance: add --instance <name>, or give the group\'s UUID\n' },
  { name: 'set with a bad group: usage', args: ['profile', 'set', 'a', '--base-url', 'https://x.example.com', '--group', 'a\tb'], code: 2, stdout: '', stderr: 'licensectl: bad group "a\\tb": it contains control characters\n' },
  { name: 'list in a pipe: TSV rows, * for the current', seeded: true, args: ['profile', 'list'], code: 0, stdout: `*\tlab\thttp://127.0.0.1:9/acme\tacc-1\t\t\t\n\tprod\thttps://api.example.com/x\t\tdraas1\t${GROUP}\t\n`, stderr: '' },
  { name: 'list with none: a hint on stderr (terminal)', tty: true, args: ['profile', 'list'], code: 0, stdout: '', stderr: 'No profiles yet: create one with `licensectl profile set <name> --base-url <url>`.\n' },
  {
    name: 'list --json: never a secret',
    seeded: true,
    args: ['--json', 'profile', 'list'],
    code: 0,
    stdout: JSON.stringify([
      { name: 'lab', current: true, baseUrl: 'http://127.0.0.1:9/acme', account: 'acc-1', instance: null, group: null, allowInsecureHttp: false, auth: null },
      { name: 'prod', current: false, baseUrl: 'https://api.example.com/x', account: null, instance: 'draas1', group: GROUP, allowInsecureHttp: false, auth: null },
    ], null, 2) + '\n',
    stderr: '',
  },
  {
    name: 'show (the current one) on a terminal',
    seeded: true,
    tty: true,
    args: ['profile', 'show'],
    code: 0,
    stdout: 'name           lab\ncurrent        yes\nbase URL       http://127.0.0.1:9/acme\naccount        acc-1\ninstance       \ngroup          \ninsecure http  refused\nlogin          none\ntoken expires  \n',
    stderr: '',
  },
  { name: 'show of a missing profile: usage', seeded: true, args: ['profile', 'show', 'nope'], code: 2, stdout: '', stderr: 'licensectl: no profile named "nope" (see `licensectl profile list`)\n' },
  { name: 'show with none chosen: usage', args: ['profile', 'show'], code: 2, stdout: '', stderr: 'licensectl: no current profile: name one, or choose one with `licensectl profile use <name>`\n' },
  { name: 'use', seeded: true, args: ['profile', 'use', 'prod'], code: 0, stdout: '', stderr: '✓ Now using profile "prod"\n' },
  { name: 'use --json', seeded: true, args: ['--json', 'profile', 'use', 'prod'], code: 0, stdout: '{\n  "current": "prod"\n}\n', stderr: '' },
  { name: 'use of a missing profile: usage', seeded: true, args: ['profile', 'use', 'nope'], code: 2, stdout: '', stderr: 'licensectl: no profile named "nope" (see `licensectl profile list`)\n' },
  { name: 'remove', seeded: true, args: ['profile', 'rm', 'lab'], code: 0, stdout: '', stderr: '✓ Removed profile "lab"\n' },
  { name: 'remove --json', seeded: true, args: ['--json', 'profile', 'remove', 'prod'], code: 0, stdout: '{\n  "name": "prod",\n  "removed": true\n}\n', stderr: '' },
];

describe('profile', () => {
  it.each(cases)('$name', async ({ seeded: seed, ...c }) => {
    await check({ ...c, env: NO_ENV, configDir: seed ? await seeded() : tempConfigDir(), requests: [] });
  });

  it('stores what set was given and what use and remove change, at mode 0600', async () => {
    const dir = await seeded();
    await runInProcess(['profile', 'use', 'prod'], { configDir: dir, env: NO_ENV });
    await runInProcess(['profile', 'remove', 'lab'], { configDir: dir, env: NO_ENV });
    const file = path.join(dir, 'config.json');
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { current?: string; profiles: Record<string, unknown> };
    expect(stored.current).toBe('prod');
    expect(Object.keys(stored.profiles)).toEqual(['prod']);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
