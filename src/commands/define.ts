import { InvalidArgumentError, type Command } from 'commander';
import type { Context } from '../context.js';

/** What a command implementation exports: positional arguments and options in, exit code out. */
export type Run<O = Record<string, unknown>> = (ctx: Context, args: string[], opts: O) => Promise<number | void>;

type Loader = () => Promise<{ run: Run<never> }>;

/** Builds the Context for the command being run; main() hands one in, a test hands in its own. */
export type ContextFactory = (cmd: Command) => Promise<Context>;

/**
 * What one program's actions share: the context factory handed to buildProgram, and the exit code
 * of the action that ran. Kept per program (not module globals), so two programs in one process,
 * as in-process tests make them, do not see each other's.
 */
interface Runtime {
  makeContext: ContextFactory;
  exitCode: number;
}

const runtimes = new WeakMap<Command, Runtime>();

/** Attaches the context factory to a freshly built program (program.ts does this). */
export function attachRuntime(program: Command, makeContext: ContextFactory): void {
  runtimes.set(program, { makeContext, exitCode: 0 });
}

/** The exit code the program's action returned (0 when it returned nothing or none ran). */
export function exitCodeOf(program: Command): number {
  return runtimes.get(program)?.exitCode ?? 0;
}

function runtimeOf(cmd: Command): Runtime {
  let root = cmd;
  while (root.parent) root = root.parent;
  const runtime = runtimes.get(root);
  if (!runtime) throw new Error('program built without a context factory');
  return runtime;
}

/**
 * The action of a command, loaded only when that command runs: `--help` and registration stay
 * cheap because no implementation (nor undici, conf, cli-table3) is imported before this.
 */
export function lazy(load: Loader) {
  return async (...actionArgs: unknown[]): Promise<void> => {
    const cmd = actionArgs[actionArgs.length - 1] as Command;
    const opts = cmd.opts();
    const args = (cmd.processedArgs as unknown[]).flatMap((a) => (a === undefined ? [] : Array.isArray(a) ? a.map(String) : [String(a)]));
    const runtime = runtimeOf(cmd);
    // Both at once: the context's chunk and the command's load side by side.
    const [ctx, mod] = await Promise.all([runtime.makeContext(cmd), load()]);
    const code = await (mod.run as Run)(ctx, args, opts);
    runtime.exitCode = typeof code === 'number' ? code : 0;
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

/** `--concurrency`: auto, or a number of requests in flight from 1 to 64. */
export function concurrencyValue(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) throw new InvalidArgumentError('must be auto or an integer from 1 to 64.');
  return n;
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
