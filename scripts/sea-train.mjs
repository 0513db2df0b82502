// Makes the V8 code cache of the single executable by running the bundled CLI the way users do:
// scripts/sea-main.cjs in its training mode runs a few commands against the bundle's own sandbox,
// each starting from the cache the one before wrote, so the cache ends up holding every function
// those commands compiled (the CLI's start, the context, undici's client, output, errors, bulk).
// A function no training command reaches is still compiled when first called, as without a cache.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./sea-main.cjs', import.meta.url));

/** Writes `dir`/cli.cache for `dir`/cli.cjs; `node` is the binary that will be packaged. */
export async function trainCache(dir, node) {
  const config = path.join(dir, 'config');
  const sandbox = await startSandbox(node, path.join(dir, 'cli.cjs'), path.join(dir, 'state.json'), config);
  try {
    const env = { LICENSECTL_CONFIG_DIR: config, LICENSECTL_BASE_URL: sandbox.baseUrl, LICENSECTL_TOKEN: sandbox.token };
    const fusion = ['--instance', sandbox.instance, '--group', sandbox.fusionGroup];
    const csv = path.join(dir, 'groups.csv');
    // Two groups: under the count at which src/api/tuning.ts changes V8 flags, which would make V8
    // reject the cache at every later start (it records the flags it was made with).
    fs.writeFileSync(csv, `groupId,codes\n${sandbox.uipathGroups[0]},IDU\n${sandbox.uipathGroups[1]},IDU\n`);
    const runs = [
      [0, ['license-type', 'get', '1', ...fusion]],
      [0, ['license-type', 'list', '--json', ...fusion]],
      [0, ['group', 'allocate', sandbox.uipathGroups[0], '--codes', 'IDU', '--account', sandbox.account]],
      [0, ['group', 'allocate', '--from-file', csv, '--account', sandbox.account, '--report', path.join(dir, 'report.jsonl')]],
      [3, ['license-type', 'get', '999999', ...fusion]],
      [2, ['license-type', 'get']],
    ];
    for (const [expected, args] of runs) {
      const r = await run(node, [MAIN, ...args], { ...env, LICENSECTL_SEA_TRAIN: dir });
      if (r.code !== expected) throw new Error(`training run \`licensectl ${args.join(' ')}\` exited ${r.code}, not ${expected}: ${r.stderr.trim()}`);
    }
  } finally {
    sandbox.child.kill();
  }
  if (!fs.existsSync(path.join(dir, 'cli.cache'))) throw new Error('training wrote no code cache');
}

async function startSandbox(node, bundle, state, config) {
  const child = spawn(node, [bundle, 'sandbox', '--port', '0', '--data', state], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LICENSECTL_CONFIG_DIR: config },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  // Generous: the machine may be busy; the sandbox itself starts in well under a second.
  for (let waited = 0; waited < 30_000; waited += 50) {
    const base = /base URL \(both APIs\)\s+(\S+)/.exec(out);
    const uipath = /UiPath account\s+(\S+)\s+groups: (.+)/.exec(out);
    const fusion = /Fusion instance\s+(\S+)\s+group: (\S+)/.exec(out);
    let token;
    try {
      token = JSON.parse(fs.readFileSync(state, 'utf8')).adminToken;
    } catch {
      token = undefined; // not written yet
    }
    if (base && uipath && fusion && token) {
      return { child, baseUrl: base[1], account: uipath[1], uipathGroups: uipath[2].split(', '), instance: fusion[1], fusionGroup: fusion[2], token };
    }
    if (child.exitCode !== null) break;
    await Promise.race([sleep(50), exited]);
  }
  child.kill();
  throw new Error(`the bundle's sandbox did not start: ${out.trim()}`);
}

function run(node, argv, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, argv, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    // A command that hangs must fail the build, not stall it; a minute is ample on a busy machine.
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}
