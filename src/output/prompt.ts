// Questions on the terminal, the only two kinds licensectl asks: a yes/no confirmation and a secret
// typed without echo. Only asked when both stdin and stderr are terminals: a script never hangs on a
// prompt it cannot see (it must pass --yes, or pipe the secret in, instead).
import { createInterface } from 'node:readline';
import { interruptedError, usageError } from '../errors.js';
import type { Streams } from './output.js';
import { terminalText } from './format.js';

export function canPrompt(io: Streams): boolean {
  return io.stdinIsTTY && io.stderrIsTTY;
}

/** True only for an explicit "y" or "yes"; end of input or anything else is no. */
export async function confirm(io: Streams, question: string): Promise<boolean> {
  // The question may quote the server (a group's codes, a type's name): shown as safely as any message.
  io.stderr.write(`${terminalText(question, false)} [y/N] `);
  const rl = createInterface({ input: io.stdin, terminal: false });
  try {
    const answer = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
    });
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}

interface RawInput extends NodeJS.ReadableStream {
  setRawMode?(mode: boolean): unknown;
  isRaw?: boolean;
}

/** Asks on stderr and reads one line from the terminal without echoing it. Ctrl-C interrupts, Ctrl-D ends. */
export function promptHidden(io: Streams, question: string): Promise<string> {
  const input = io.stdin as RawInput;
  if (typeof input.setRawMode !== 'function') throw usageError('cannot prompt: stdin is not a terminal that can hide what is typed');
  const wasRaw = input.isRaw ?? false;
  // Echo off before the question shows, so nothing typed in answer can be echoed.
  input.setRawMode(true);
  input.resume();
  io.stderr.write(question);
  return new Promise<string>((resolve, reject) => {
    let value = '';
    const finish = (err?: Error) => {
      input.removeListener('data', onData);
      input.setRawMode!(wasRaw);
      input.pause();
      io.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(interruptedError());
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}

