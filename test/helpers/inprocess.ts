// Runs licensectl in this process, as main() does for the real one, but against fakes: captured
// streams (a terminal or a pipe, of a chosen width), an environment of the test's own, a fresh
// config folder and an undici MockAgent for every HTTP request. No process is spawned, no signal
// listener is installed and no V8 flag is set, so a command case costs milliseconds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { MockAgent, type Dispatcher } from 'undici';
import { main } from '../../src/cli.js';
import type { Streams } from '../../src/output/output.js';

export interface InProcessOptions {
  /** Extra environment (LICENSECTL_CONFIG_DIR is set to `configDir` unless given here). */
  env?: Record<string, string | undefined>;
  /** Config folder; a fresh temporary one when not given. */
  configDir?: string;
  /** stdout and stderr are a terminal (tables, colour, prompts) rather than a pipe. Default: pipe. */
  tty?: boolean;
  /** Terminal width; only used with tty. Default 100. */
  columns?: number;
  /** What stdin holds (a pipe); without it stdin is an empty pipe, or a terminal with `stdinTty`. */
  input?: string;
  stdinTty?: boolean;
  /** Where HTTP requests go: usually a MockAgent from `mockAgent()`. */
  dispatcher?: Dispatcher;
  /** The clock (ms since the epoch). */
  now?: () => number;
}

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  configDir: string;
}

/** A MockAgent that refuses any request the test did not intercept (a missing mock fails loudly). */
export function mockAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  return agent;
}

/** A fresh, empty config folder (LICENSECTL_CONFIG_DIR). */
export function tempConfigDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-inproc-'));
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs `licensectl <args>` in-process and resolves to its exit code and captured output. */
export async function runInProcess(args: string[], opts: InProcessOptions = {}): Promise<InProcessResult> {
  const configDir = opts.configDir ?? tempConfigDir();
  const stdout = new Capture();
  const stderr = new Capture();
  const stdin = opts.input !== undefined ? Readable.from([opts.input]) : new PassThrough().end();
  const io: Streams = {
    stdout,
    stderr,
    stdin,
    stdoutIsTTY: Boolean(opts.tty),
    stderrIsTTY: Boolean(opts.tty),
    stdinIsTTY: Boolean(opts.stdinTty),
    columns: opts.tty ? (opts.columns ?? 100) : undefined,
  };
  const env: NodeJS.ProcessEnv = { LANG: 'C.UTF-8', LICENSECTL_CONFIG_DIR: configDir };
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  const code = await main(args, { io, env, dispatcher: opts.dispatcher, now: opts.now, handleSignals: false });
  return { code, stdout: stdout.text, stderr: stderr.text, configDir };
}
