import { InvalidArgumentError, type Command } from 'commander';
import type { Context } from '../context.js';

/** What a command implementation exports: positional arguments and options in, exit code out. */
export type Run<O = Record<string, unknown>> = (ctx: Context, args: string[], opts: O) => Promise<number | void>;

type Loader = () => Promise<{ run: Run<never> }>;

/** Hook the cli installs: builds the Context for the command being run. */
let makeContext: ((cmd: Command) => Promise<Context>) | undefined;
export function setContextFactory(factory: (cmd: Command) => Promise<Context>): void {
  makeContext = factory;
}

export let lastExitCode = 0;

/**
 * The action of a command, loaded only when that command runs: `--help` and registration stay
 * cheap because no implementation (nor undici, conf, cli-table3) is imported before this.
 */
export function lazy(load: Loader) {
  return async (...actionArgs: unknown[]): Promise<void> => {
    const cmd = actionArgs[actionArgs.length - 1] as Command;
    const opts = cmd.opts();
    const args = (cmd.processedArgs as unknown[]).flatMap((a) => (a === undefined ? [] : Array.isArray(a) ? a.map(String) : [String(a)]));
    if (!makeContext) throw new Error('context factory not set');
    // Both at once: the context's chunk and the command's load side by side.
    const [ctx, mod] = await Promise.all([makeContext(cmd), load()]);
    const code = await (mod.run as Run)(ctx, args, opts);
    lastExitCode = typeof code === 'number' ? code : 0;
  };
}

/** Appends an Examples section to a command's help. */
export function examples(cmd: Command, lines: string[]): Command {
  return cmd.addHelpText('after', '\nExamples:\n' + lines.map((l) => (l.startsWith('#') || l === '' ? `  ${l}` : `  $ ${l}`)).join('\n'));
}

// Option value parsers: a bad value is a usage error (exit 2) raised by commander before any work.
export function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('must be a positive integer.');
  }
  return Number(value);
}

export function intInRange(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InvalidArgumentError(`must be an integer from ${min} to ${max}.`);
    return n;
  };
}

export function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('must be a number from 0 to 1.');
  return n;
}

export function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a non-negative number.');
  return n;
}

export function nonEmpty(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('must not be empty.');
  return value;
}
