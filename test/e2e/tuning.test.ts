// Guards for src/api/tuning.ts: a run of 100 or more requests sets V8 flags. Were a flag to become
// unknown after a Node upgrade, V8 would print a warning on stderr of every such run; these runs
// (through the built binary, where the flags are really set) must print nothing but their own text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runCli, tempConfigDir } from '../helpers/cli.js';

let sb: Sandbox;
let env: Record<string, string>;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  env = { LICENSECTL_CONFIG_DIR: tempConfigDir(), LICENSECTL_BASE_URL: `${sb.url}/${SANDBOX_DEFAULTS.org}`, LICENSECTL_TOKEN: sb.adminToken };
});
afterAll(async () => {
  await sb?.close();
});

describe('runs that set V8 flags (api/tuning.ts)', () => {
  it('a 100-group bulk allocate prints its results and its summary, and nothing else on stderr', async () => {
    const account = SANDBOX_DEFAULTS.accountId;
    const ids = sb.seedGroups(account, 100);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-tuning-')), 'groups.csv');
    fs.writeFileSync(file, 'groupId,codes\n' + ids.map((id) => `${id},IDU\n`).join(''));
    const r = await runCli(['group', 'allocate', '--from-file', file, '--account', account], { env });
    expect(r.stderr).toBe('100 groups: 100 allocated, 0 failed\n');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(100);
  });

  it('a 100-group bulk allocate with --json leaves stderr empty (no V8 warning; --json stderr is JSON only)', async () => {
    const account = SANDBOX_DEFAULTS.accountId;
    const ids = sb.seedGroups(account, 100, 'json');
    const r = await runCli(['--json', 'group', 'allocate', '--from-file', '-', '--account', account], { env, input: 'groupId,codes\n' + ids.map((id) => `${id},IDU\n`).join('') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveLength(100);
  });

  it('license-type list --all (a run of unknown length) leaves stderr empty', async () => {
    const group = randomUUID();
    sb.seedLicenseTypes('draas1', group, 1500);
    const r = await runCli(['license-type', 'list', '--all', '--instance', 'draas1', '--group', group], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1500);
  });
});
