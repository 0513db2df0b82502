#!/usr/bin/env node
// `npm run demo`: a short, real tour of licensectl. It starts the embedded sandbox on a free port
// with a throw-away profile store, runs the main jobs through the built binary exactly as a user
// would type them, and leaves nothing behind: the sandbox is stopped and the temp folder removed,
// also on failure or Ctrl-C. Exit status: 0 when every step did what it should, 1 otherwise.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { nodeVersionProblem } from './check-node.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'licensectl.js');
const PROFILE = 'demo';
const STEP_TIMEOUT_MS = 60_000;

const nodeProblem = nodeVersionProblem(process.versions.node, 'demo');
if (nodeProblem) {
  process.stderr.write(nodeProblem + '\n');
  process.exit(1);
}

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code) => (text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = paint('1');
const dim = paint('2');
const cyan = paint('36');
const say = (text = '') => process.stdout.write(text + '\n');

class StepFailed extends Error {}

/** How a step ends when a signal stopped it (licensectl's exit codes, or the signal itself). */
const INTERRUPTED_CODES = new Set([130, 143, 129]);
const INTERRUPTED_SIGNALS = new Set(['SIGINT', 'SIGTERM', 'SIGHUP']);

// --- a place of our own: nothing of the user's profile store or folders is touched ---------------
const tmp = mkdtempSync(path.join(os.tmpdir(), 'licensectl-demo-'));
const configDir = path.join(tmp, 'config');
const workDir = path.join(tmp, 'work');
mkdirSync(workDir);

// The user's own settings must not steer the demo to a real server or another identity.
const env = { ...process.env, LICENSECTL_CONFIG_DIR: configDir, LICENSECTL_PROFILE: PROFILE };
for (const name of ['LICENSECTL_BASE_URL', 'LICENSECTL_TOKEN', 'LICENSECTL_TIMEOUT']) delete env[name];
env.NO_PROXY = env.no_proxy = ['127.0.0.1', 'localhost', process.env.NO_PROXY ?? process.env.no_proxy].filter(Boolean).join(',');

let sandbox; // the sandbox's ChildProcess
let stopping = false;

function sandboxRunning() {
  return sandbox !== undefined && sandbox.exitCode === null && sandbox.signalCode === null;
}

async function stopSandbox() {
  if (!sandboxRunning()) return;
  const exited = new Promise((resolve) => sandbox.once('exit', resolve));
  sandbox.kill('SIGTERM');
  const timer = setTimeout(() => sandbox.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  await stopSandbox();
  rmSync(tmp, { recursive: true, force: true });
  process.exit(code);
}

// Last resort when the process ends some other way: no waiting is possible here.
process.on('exit', () => {
  if (sandboxRunning()) sandbox.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    process.stderr.write(`\ndemo: ${signal === 'SIGINT' ? 'interrupted' : signal}; stopping the sandbox and removing ${tmp}\n`);
    void shutdown(code);
  });
}

// --- the sandbox ------------------------------------------------------------------------------------
/** Starts `licensectl sandbox` and resolves to the URL it prints once it listens. */
function startSandbox() {
  return new Promise((resolve, reject) => {
    sandbox = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', '--profile', PROFILE], {
      env,
      cwd: workDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seen = '';
    let url;
    const timer = setTimeout(() => reject(new StepFailed(`the sandbox printed no URL within 20 s:\n${seen}`)), 20_000);
    // Keep reading after the URL too: a full pipe would stall the sandbox.
    const onData = (chunk) => {
      if (url) return;
      seen = (seen + chunk).slice(-8192);
      url = /http:\/\/127\.0\.0\.1:\d+/.exec(seen)?.[0];
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    };
    sandbox.stdout.setEncoding('utf8').on('data', onData);
    sandbox.stderr.setEncoding('utf8').on('data', onData);
    sandbox.on('error', (err) => reject(new StepFailed(`the sandbox could not start: ${err.message}`)));
    sandbox.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (!url) reject(new StepFailed(`the sandbox exited (${signal ?? `exit ${code}`}) before it was ready:\n${seen}`));
      else if (!stopping) process.stderr.write(`demo: the sandbox stopped unexpectedly (${signal ?? `exit ${code}`})\n`);
    });
  });
}

/** The sandbox's admin view of its state (GET /_sandbox/state), polled until it answers. */
async function sandboxState(url) {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(`${url}/_sandbox/state`);
      if (res.ok) return await res.json();
      throw new Error(`HTTP ${res.status}`);
    } catch (err) {
      if (attempt >= 50) throw new StepFailed(`the sandbox at ${url} does not answer: ${err.message}`);
      await sleep(100);
    }
  }
}

// --- steps ------------------------------------------------------------------------------------------
function shellWord(s) {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Prints `$ licensectl <args>` and runs it. Its stdout goes straight to ours (a terminal gets
 * tables and colour) unless `capture` is set; stderr always does. Fails unless it exits `expect`.
 */
async function step(args, { expect = 0, capture = false, pipe = '' } = {}) {
  if (stopping) return new Promise(() => {});
  say();
  say(bold(cyan(`$ licensectl ${args.map(shellWord).join(' ')}${pipe}`)));
  const child = spawn(process.execPath, [BIN, ...args], { env, cwd: workDir, stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'] });
  let stdout = '';
  child.stdout?.setEncoding('utf8').on('data', (d) => (stdout += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), STEP_TIMEOUT_MS);
  const [code, signal] = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c, s) => resolve([c, s]));
  });
  clearTimeout(timer);
  // Ctrl-C at a terminal reaches the step and the demo at once, and the step may be seen to end
  // before the demo's own handler has run: give the handler its turn before calling it a failure.
  if (!stopping && (INTERRUPTED_CODES.has(code) || INTERRUPTED_SIGNALS.has(signal))) await new Promise((r) => setTimeout(r, 2000));
  if (stopping) return new Promise(() => {}); // Ctrl-C reached the step too: shutdown() ends us
  if (code !== expect) {
    if (capture) process.stdout.write(stdout);
    throw new StepFailed(`\`licensectl ${args.join(' ')}\` ${signal ? `was killed (${signal})` : `exited ${code}`}, expected ${expect}`);
  }
  return stdout;
}

function note(text) {
  say(dim(`  ${text}`));
}

function section(title) {
  say();
  say(bold(`== ${title} ==`));
}

async function tour(url) {
  section('The sandbox');
  note(`A local emulator of both vendor APIs is listening on ${url}.`);
  note(`\`licensectl sandbox --profile ${PROFILE}\` wrote profile "${PROFILE}" (base URL, defaults, token) into a temporary store;`);
  note(`every command below uses it (LICENSECTL_PROFILE=${PROFILE}).`);
  const profile = JSON.parse(await step(['profile', 'show', '--json'], { capture: true }));
  process.stdout.write(JSON.stringify(profile, null, 2) + '\n');

  const state = await sandboxState(url);
  const account = state.accounts.find((a) => a.id === profile.account);
  const groups = account?.groups.map((g) => g.id) ?? [];
  if (groups.length < 3) throw new StepFailed(`the sandbox should hold 3 UiPath groups in account ${profile.account}, found ${groups.length}`);
  const [g1, g2, g3] = groups;

  section('UiPath: read before you write');
  await step(['account', 'licenses'], {});
  note('A group is named by its ID or its name. What does it hold now?');
  await step(['group', 'show', 'Finance Automation']);
  note('--add keeps the codes it was not told to change; --dry-run shows the change and writes nothing:');
  await step(['group', 'allocate', 'Finance Automation', '--add', 'IDU', '--dry-run']);
  await step(['group', 'allocate', 'Finance Automation', '--add', 'IDU']);
  await step(['group', 'list']);

  section('UiPath: allocate user licenses to groups');
  const codes = await step(['group', 'codes'], { capture: true, pipe: ' | head -n 5' });
  process.stdout.write(codes.split('\n').slice(0, 5).join('\n') + '\n');
  note('--codes replaces a group\'s codes, and names on stderr any code it takes away:');
  await step(['group', 'allocate', g1, '--codes', 'RPADEVPRONU,IDU']);
  note('PMD (Process Mining Developer) is scarce here: 2 purchased. Two groups take them...');
  await step(['group', 'allocate', g2, '--codes', 'PMD']);
  await step(['group', 'allocate', g3, '--codes', 'PMD,CTZDEVNU']);
  note('...so a third group asking for PMD is refused by the server (409):');
  await step(['group', 'allocate', g1, '--codes', 'RPADEVPRONU,IDU,PMD'], { expect: 5 });
  note('exit code 5 = rejected by the server; nothing changed. Scripts can branch on it.');

  section('Netaxis Fusion: license types of a group');
  await step(['license-type', 'list']);
  const created = JSON.parse(await step(['license-type', 'create', '--name', 'Demo seat', '--sku', 'DEMO-SEAT', '--description', 'Created by npm run demo', '--json'], { capture: true }));
  process.stdout.write(JSON.stringify(created, null, 2) + '\n');
  const id = String(created.id);
  await step(['license-type', 'update', id, '--description', 'Updated by npm run demo']);
  await step(['license-type', 'get', id]);
  await step(['license-type', 'delete', id, '--yes']);

  section('GitOps: make the group match a file');
  const desired = [
    { sku: 'MCOEV', name: 'Teams Phone Standard', description: 'Teams Phone, per user (changed by the demo)' },
    { sku: 'DEMO-GOLD', name: 'Gold seat', description: 'Added by the demo' },
  ];
  const desiredText = JSON.stringify(desired, null, 2) + '\n';
  writeFileSync(path.join(workDir, 'desired.json'), desiredText);
  say();
  say(bold(cyan('$ cat desired.json')));
  process.stdout.write(desiredText);
  await step(['license-type', 'apply', '--file', 'desired.json', '--dry-run']);
  await step(['license-type', 'apply', '--file', 'desired.json']);
  note('Run it again: the group already matches, so nothing is sent.');
  const again = JSON.parse(await step(['license-type', 'apply', '--file', 'desired.json', '--json'], { capture: true }));
  process.stdout.write(JSON.stringify(again, null, 2) + '\n');
  const changes = again.plan?.filter((p) => p.action !== 'unchanged') ?? [];
  if (changes.length > 0 || (again.results?.length ?? 0) > 0) throw new StepFailed('the second apply should change nothing');

  section('Bulk: many groups from a CSV, with a report');
  const csv = `groupId,codes\n${g1},RPADEVPRONU;IDU\n${g2},ATTUNU\n${g3},CTZDEVNU;PMD\n`;
  writeFileSync(path.join(workDir, 'groups.csv'), csv);
  say();
  say(bold(cyan('$ cat groups.csv')));
  process.stdout.write(csv);
  await step(['group', 'allocate', '--from-file', 'groups.csv', '--report', 'report.jsonl']);
  const report = readFileSync(path.join(workDir, 'report.jsonl'), 'utf8');
  say();
  say(bold(cyan('$ cat report.jsonl')));
  process.stdout.write(report);
}

async function main() {
  if (!existsSync(path.join(ROOT, 'dist', 'cli.cjs'))) {
    say(dim('dist/ is missing: building first (npm run build)'));
    const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new StepFailed('the build failed');
  }
  say(bold(cyan(`$ licensectl sandbox --port 0 --profile ${PROFILE} &`)));
  const url = await startSandbox();
  await tour(url);
  say();
  say(bold('Done.') + ' Every command above ran for real against the sandbox, which is now stopped; its temporary');
  say('store is removed. Rehearse your own scripts the same way: `licensectl sandbox --profile sandbox`.');
}

try {
  await main();
  await shutdown(0);
} catch (err) {
  if (!stopping) {
    process.stderr.write(`\ndemo failed: ${err instanceof StepFailed ? err.message : (err?.stack ?? err)}\n`);
    await shutdown(1);
  }
}
