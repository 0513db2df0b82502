// `npm run demo` (scripts/demo.mjs) end to end: the real tour against its own sandbox, what it
// leaves behind (nothing), a failing step (exit 1) and Ctrl-C (exit 130), each cleaned up.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanEnv, tempConfigDir } from '../helpers/cli.js';

const DEMO = new URL('../../scripts/demo.mjs', import.meta.url).pathname;

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
  tmp: string;
  userConfig: string;
}

/**
 * Runs the demo with its own TMPDIR (to see what it leaves there) and with a user environment
 * that points elsewhere: the demo must neither use nor touch it. `onStdout` may act mid-run.
 */
function runDemo(opts: { env?: Record<string, string>; onStdout?: (soFar: string, pid: number) => void } = {}): Promise<DemoRun> {
  const tmp = tempConfigDir();
  const userConfig = tempConfigDir();
  const env = cleanEnv({
    TMPDIR: tmp,
    LICENSECTL_CONFIG_DIR: userConfig,
    LICENSECTL_BASE_URL: 'http://127.0.0.1:9/not-the-sandbox',
    LICENSECTL_TOKEN: 'the-users-own-token',
    LICENSECTL_PROFILE: 'prod',
    ...opts.env,
  });
  return new Promise((resolve, reject) => {
    // Its own process group, so a Ctrl-C can reach the demo and its children as a terminal's would.
    const child = spawn(process.execPath, [DEMO], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      opts.onStdout?.(stdout, child.pid as number);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => process.kill(-(child.pid as number), 'SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, tmp, userConfig });
    });
  });
}

/** The sandbox URL the demo announced; after the demo it must no longer answer. */
function sandboxUrl(stdout: string): string {
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
  expect(url, 'the demo names the sandbox URL').toBeDefined();
  return url as string;
}

async function expectNothingLeft(run: DemoRun): Promise<void> {
  const left = fs.readdirSync(run.tmp).filter((f) => f.startsWith('licensectl-demo-'));
  expect(left, 'temp folders left behind').toEqual([]);
  expect(fs.readdirSync(run.userConfig), "the user's profile store is untouched").toEqual([]);
  await expect(fetch(`${sandboxUrl(run.stdout)}/_sandbox/state`)).rejects.toThrow();
  for (const d of [run.tmp, run.userConfig]) fs.rmSync(d, { recursive: true, force: true });
}

describe('npm run demo', { timeout: 120_000 }, () => {
  it('tours the main jobs on a throw-away sandbox and leaves nothing behind', async () => {
    const run = await runDemo();
    expect(run.stderr).not.toMatch(/demo failed/);
    expect(run.code).toBe(0);
    // `npm test` built dist/ first: the demo must use that build, not make another (which would
    // replace dist/ under the tests running beside it).
    expect(run.stdout + run.stderr).not.toMatch(/dist\/ is missing/);

    const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
    const steps = [
      /^\$ licensectl sandbox --port 0 --profile demo &$/m,
      /^\$ licensectl profile show --json$/m,
      /^\$ licensectl group codes \| head -n 5$/m,
      new RegExp(`^\\$ licensectl group allocate ${uuid} --codes RPADEVPRONU,IDU$`, 'm'),
      new RegExp(`^\\$ licensectl group allocate ${uuid} --codes RPADEVPRONU,IDU,PMD$`, 'm'),
      /^ {2}exit code 5 = rejected by the server/m,
      /^\$ licensectl license-type list$/m,
      /^\$ licensectl license-type create --name 'Demo seat' --sku DEMO-SEAT .*--json$/m,
      /^\$ licensectl license-type update 6 --description /m,
      /^\$ licensectl license-type get 6$/m,
      /^\$ licensectl license-type delete 6 --yes$/m,
      /^\$ licensectl license-type apply --file desired.json --dry-run$/m,
      /^\$ licensectl license-type apply --file desired.json$/m,
      /^\$ licensectl license-type apply --file desired.json --json$/m,
      /^\$ licensectl group allocate --from-file groups.csv --report report.jsonl$/m,
      /^\$ cat report.jsonl$/m,
      /^Done\./m,
    ];
    let at = 0;
    for (const step of steps) {
      const found = step.exec(run.stdout.slice(at));
      expect(found, `${step} after position ${at} in:\n${run.stdout}`).not.toBeNull();
      at += (found?.index ?? 0) + (found?.[0].length ?? 0);
    }

    // What the commands printed (a pipe: tab-separated rows, JSON where asked).
    expect(run.stdout).toMatch(/^ACNU\tAction Center\tnamed$/m);
    expect(run.stdout).toMatch(/^1\tTeams Phone Standard\tMCOEV\t/m);
    expect(run.stdout).toMatch(/^6\tDemo seat\tDEMO-SEAT\tUpdated by npm run demo$/m);
    expect(run.stdout).toContain('"results": []');
    // Report lines record the organization (and the rule before and after) as well; the groups the
    // tour already gave these codes are reported unchanged, not written again.
    expect(run.stdout.match(/^\{"groupId":"[^"]+","accountId":"[^"]+","status":"(ok|unchanged)"/gm)).toHaveLength(3);
    expect(run.stdout.match(/^\{"groupId":"[^"]+","accountId":"[^"]+","status":"ok"/gm)?.length).toBeGreaterThanOrEqual(1);
    // The refused allocation is the server's 409, reported on stderr in one line.
    expect(run.stderr).toMatch(/^licensectl: .*\(409\).*PMD/m);

    await expectNothingLeft(run);
  });

  it('exits 1 naming the step when a command fails, and still cleans up', async () => {
    // Every licensectl process the demo starts loads this first; `license-type get` then fails.
    const dir = tempConfigDir();
    const inject = path.join(dir, 'fail-get.mjs');
    fs.writeFileSync(inject, "if (process.argv.includes('get')) { process.stderr.write('injected failure\\n'); process.exit(3); }\n");
    const run = await runDemo({ env: { NODE_OPTIONS: `--import=${pathToFileURL(inject).href}` } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('injected failure');
    expect(run.stderr).toMatch(/^demo failed: `licensectl license-type get 6` exited 3, expected 0$/m);
    expect(run.stdout).not.toContain('$ licensectl license-type delete');
    await expectNothingLeft(run);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops the sandbox and removes its files on Ctrl-C, exit 130', async () => {
    let sent = false;
    const run = await runDemo({
      onStdout: (soFar, pid) => {
        if (!sent && soFar.includes('== UiPath')) {
          sent = true;
          process.kill(-pid, 'SIGINT'); // the whole foreground group, as a terminal does
        }
      },
    });
    expect(sent).toBe(true);
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/demo: interrupted; stopping the sandbox/);
    expect(run.stdout).not.toContain('Done.');
    await expectNothingLeft(run);
  });
});
