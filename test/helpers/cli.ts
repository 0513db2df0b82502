// Spawning the built licensectl binary, as a user or a script would. End-to-end tests use this;
// `npm test` builds dist/ first (see package.json "pretest").
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/licensectl.js', import.meta.url));

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  input?: string;
  /** Run under `script` so stdout/stderr are a terminal (tables, colour, prompts). */
  tty?: boolean;
  timeoutMs?: number;
  cwd?: string;
}

/** A fresh, empty config folder for one test (LICENSECTL_CONFIG_DIR). */
export function tempConfigDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-test-'));
}

let suiteCacheDir: string | undefined;

/**
 * The code cache folder (bin/code-cache.cjs) of the CLIs this test process spawns: one per process,
 * so the tests neither write to the user's own cache nor each start cold.
 */
export function suiteCodeCacheDir(): string {
  suiteCacheDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-code-cache-'));
  return suiteCacheDir;
}

/** The environment a spawned CLI gets: nothing inherited that could change its behaviour. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, LANG: 'C.UTF-8', LICENSECTL_CACHE_DIR: suiteCodeCacheDir() };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

export function runCli(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const env = cleanEnv(opts.env);
  const command = opts.tty ? 'script' : process.execPath;
  const argv = opts.tty
    ? ['-qefc', [process.execPath, BIN, ...args].map(shellQuote).join(' '), '/dev/null']
    : [BIN, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // Only a guard against a hang: a loaded machine can make one spawn take many seconds.
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 100_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
