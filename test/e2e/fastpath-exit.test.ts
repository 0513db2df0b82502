// How the launcher ends a run: everything written reaches a slow reader (a pipe takes 64 KiB at a
// time and process.exit() would drop the rest), and a reader that goes away early (`| head`) is no
// error: no stack trace, the command's own exit code.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { BIN, cleanEnv, tempConfigDir } from '../helpers/cli.js';

const TYPES = 3_000; // about 400 KB of JSON: several pipe-fulls

let sb: Sandbox;
let args: string[];
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
  const group = randomUUID();
  sb.seedLicenseTypes('draas1', group, TYPES);
  args = [BIN, 'license-type', 'list', '--all', '--json', '--instance', 'draas1', '--group', group];
  env = cleanEnv({ LICENSECTL_CONFIG_DIR: tempConfigDir(), LICENSECTL_BASE_URL: `${sb.url}/acme`, LICENSECTL_TOKEN: sb.adminToken });
});
afterAll(async () => {
  await sb?.close();
});

/** Spawns the CLI; `onStdout` gets the child's stdout stream before any of it is read. */
function run(onStdout: (stdout: NodeJS.ReadableStream) => void, argv = args): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    onStdout(child.stdout);
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the end of a run', () => {
  it('hands a slow reader the whole --json document', async () => {
    // Nothing is read for a while: the CLI fills the pipe, finishes, and must wait for the reader.
    const r = await run((stdout) => {
      stdout.pause();
      setTimeout(() => stdout.resume(), 500);
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const types = JSON.parse(r.stdout) as { id: number }[];
    expect(types).toHaveLength(TYPES);
    expect(r.stdout.endsWith(']\n')).toBe(true);
  });

  it('stops quietly when the reader goes away', async () => {
    const r = await run((stdout) => {
      stdout.once('data', () => (stdout as unknown as { destroy(): void }).destroy());
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('stops quietly when the reader is gone before a recorded --help is printed', async () => {
    const r = await run((stdout) => (stdout as unknown as { destroy(): void }).destroy(), [BIN, 'license-type', 'list', '--help']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
