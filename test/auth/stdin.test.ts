import { EventEmitter } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readSecrets, type SecretSpec } from '../../src/auth/stdin.js';
import { CliError } from '../../src/errors.js';
import type { Streams } from '../../src/output/output.js';

const TOKEN: SecretSpec = { label: 'token', flag: '--with-token', trim: 'all' };
const PASSWORD: SecretSpec = { label: 'password', flag: '--password-stdin', trim: 'line-end' };
const SECRET: SecretSpec = { label: 'client secret', flag: '--client-secret-stdin', trim: 'all' };

function sink(): Writable & { text: string } {
  const w = new Writable({ write(chunk, _enc, cb) { w.text += String(chunk); cb(); } }) as Writable & { text: string };
  w.text = '';
  return w;
}

function piped(input: string | null): Streams {
  const stdin = new PassThrough();
  if (input === null) stdin.end();
  else stdin.end(input);
  return { stdin, stdout: sink(), stderr: sink(), stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false, columns: undefined };
}

/** A terminal: what is "typed" arrives only once raw mode is on, as it would from a person. */
class FakeTty extends EventEmitter {
  isRaw = false;
  modes: boolean[] = [];
  constructor(private readonly typed: string[]) { super(); }
  setRawMode(mode: boolean) {
    this.isRaw = mode;
    this.modes.push(mode);
    if (mode) {
      const chunk = this.typed.shift();
      if (chunk !== undefined) setImmediate(() => this.emit('data', Buffer.from(chunk)));
    }
    return this;
  }
  resume() { return this; }
  pause() { return this; }
}

function terminal(typed: string[]): Streams & { stderr: { text: string } } {
  return { stdin: new FakeTty(typed) as unknown as NodeJS.ReadableStream, stdout: sink(), stderr: sink(), stdinIsTTY: true, stdoutIsTTY: true, stderrIsTTY: true, columns: 80 };
}

async function usageMessage(p: Promise<unknown>): Promise<string> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CliError);
  expect((err as CliError).exitCode).toBe(2);
  return (err as CliError).message;
}

describe('readSecrets from a pipe', () => {
  it('trims a token and keeps a password but for its line end', async () => {
    expect(await readSecrets(piped('\n  tok-123 \n\n'), [TOKEN])).toEqual(['tok-123']);
    expect(await readSecrets(piped(' pass word \r\n'), [PASSWORD])).toEqual([' pass word ']);
  });

  it('reads several secrets one a line', async () => {
    expect(await readSecrets(piped('pw\nsecret\n'), [PASSWORD, SECRET])).toEqual(['pw', 'secret']);
    expect(await usageMessage(readSecrets(piped('pw\n'), [PASSWORD, SECRET]))).toMatch(/--client-secret-stdin: no client secret on line 2 of stdin/);
  });

  it('refuses an empty or closed stdin, and a token with spaces in it', async () => {
    expect(await usageMessage(readSecrets(piped(null), [TOKEN]))).toMatch(/^--with-token: no token on stdin/);
    expect(await usageMessage(readSecrets(piped('  \n'), [TOKEN]))).toMatch(/no token on stdin/);
    expect(await usageMessage(readSecrets(piped('\n'), [PASSWORD]))).toMatch(/^--password-stdin: no password on stdin/);
    expect(await usageMessage(readSecrets(piped('two\nlines'), [TOKEN]))).toMatch(/spaces or line breaks/);
  });

  it('refuses more than 1 MiB', async () => {
    expect(await usageMessage(readSecrets(piped('x'.repeat(1024 * 1024 + 1)), [TOKEN]))).toMatch(/more than 1024 KiB/);
  });
});

describe('readSecrets from a terminal', () => {
  it('prompts on stderr without echoing what is typed, and restores the terminal', async () => {
    const io = terminal(['hunter2x\u007f\r']);
    expect(await readSecrets(io, [PASSWORD])).toEqual(['hunter2']);
    expect(io.stderr.text).toBe('Password: \n');
    expect((io.stdin as unknown as FakeTty).modes).toEqual([true, false]);
  });

  it('prompts for each secret in turn', async () => {
    const io = terminal(['pw\r', 'sec\r']);
    expect(await readSecrets(io, [PASSWORD, SECRET])).toEqual(['pw', 'sec']);
    expect(io.stderr.text).toBe('Password: \nClient secret: \n');
  });

  it('exits 130 on Ctrl-C', async () => {
    const err = await readSecrets(terminal(['ab\u0003']), [TOKEN]).catch((e: unknown) => e);
    expect((err as CliError).exitCode).toBe(130);
  });

  it('says to pipe the secret in when nobody can answer a prompt', async () => {
    const io = { ...terminal([]), stderrIsTTY: false };
    expect(await usageMessage(readSecrets(io, [TOKEN]))).toMatch(/--with-token reads the token from stdin, which is a terminal: pipe it in/);
  });
});
