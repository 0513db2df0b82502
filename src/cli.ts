import { CommanderError, type Command } from 'commander';
import { isatty } from 'node:tty';
import { exitCodeOf } from './commands/define.js';
import type { Context, ContextDeps, GlobalOptions } from './context.js';
import { CliError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import type { Streams } from './output/output.js';
import { helpCommandArgs, isBareNoun } from './help-args.js';
import { buildProgram } from './program.js';

// scripts/build.mjs records help from the bundle's program.
export { buildProgram } from './program.js';
// For the launcher's code cache (bin/code-cache.cjs).
export { onBeforeTuning, v8FlagsChanged } from './api/tuning.js';

function processStreams(): Streams {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Made on first use: for a file or /dev/null process.stdin is an fs.ReadStream, whose module
    // loads fs/promises and readline, and most commands never read stdin.
    get stdin() {
      return process.stdin;
    },
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdinIsTTY: isatty(0),
    columns: process.stdout.columns,
  };
}

const SIGNAL_EXIT = { SIGINT: ExitCode.interrupted, SIGTERM: ExitCode.terminated, SIGHUP: ExitCode.hangup } as const;

/** What main() runs against; every field defaults to this process's own. */
export interface MainDeps extends Partial<Omit<ContextDeps, 'program'>> {
  /**
   * Whether Ctrl-C is handled here (a SIGINT listener on the process, which may exit it). Only the
   * real process: an in-process test leaves the process's signals alone.
   */
  handleSignals?: boolean;
  /**
   * Whether the process ends once main() resolves (the launcher exits as soon as the output is
   * out): its keep-alive connections are then left to the exit instead of closed one by one, which
   * took a 100-group bulk run 15-20 ms after its last answer (bench/README.md). Default: the real
   * process, as handleSignals.
   */
  exitsAfter?: boolean;
}

/** Runs licensectl with `args` (without node and script) and resolves to the exit code. */
export async function main(argv: string[], deps: MainDeps = {}): Promise<number> {
  // `licensectl help <command...>` is that command's --help (help-args.ts).
  let args = argv[0] === 'help' ? helpCommandArgs(buildProgram(argv[1]), argv.slice(1)) : argv;
  const { handleSignals = true, exitsAfter = handleSignals, ...given } = deps;
  const streams = given.io ?? processStreams();
  const env = given.env ?? process.env;
  let ctx: Context | undefined;
  const contextDeps = (): ContextDeps => ({
    ...given,
    env,
    io: streams,
    // A fresh program for whoever needs the whole tree (completion): nothing of this run leaks in.
    program: () => buildProgram(undefined, makeContext),
    // V8 flags are process-wide: only a process of its own may set them.
    tuneV8: given.tuneV8 ?? handleSignals,
  });
  const makeContext = async (cmd: Command): Promise<Context> => {
    const { Context } = await import('./context.js');
    ctx = new Context(cmd.optsWithGlobals<GlobalOptions>(), contextDeps());
    return ctx;
  };
  const program = buildProgram(args[0], makeContext);
  if (isBareNoun(program, args)) args = [...args, '--help'];
  let commanderMessage = '';
  const output = {
    writeOut: (s: string) => streams.stdout.write(s),
    writeErr: (s: string) => streams.stderr.write(s),
    outputError: (s: string) => { commanderMessage += s; },
  };
  // Settings are copied to subcommands only when they are created, so apply them to the whole tree.
  const configure = (cmd: Command): void => {
    cmd.configureOutput(output).exitOverride();
    cmd.commands.forEach(configure);
  };
  configure(program);

  // Ctrl-C, SIGTERM (a service manager, `timeout`, CI cancelling) and SIGHUP (the terminal closed)
  // all end a bulk run the same way: no new work, the requests in flight finish, the report and the
  // summary are written, and the exit code says which signal (130, 143, 129). A second signal, or
  // one during any other command, exits at once.
  const onSignal = (signal: NodeJS.Signals) => {
    const exitCode = SIGNAL_EXIT[signal as keyof typeof SIGNAL_EXIT] ?? ExitCode.interrupted;
    if (ctx?.graceful && !ctx.signal.aborted) {
      ctx.interrupt(exitCode);
      return;
    }
    const said = signal === 'SIGINT' ? 'interrupted' : `stopped by ${signal}`;
    // With --json stderr carries JSON only.
    streams.stderr.write(args.includes('--json') ? JSON.stringify({ error: { code: 'interrupted', message: said } }) + '\n' : `\nlicensectl: ${said}\n`);
    process.exit(exitCode);
  };
  if (handleSignals) for (const signal of Object.keys(SIGNAL_EXIT)) process.on(signal, onSignal);

  const wantsJson = args.includes('--json');
  const wantsVerbose = args.includes('--verbose');
  try {
    if (args.length === 0) {
      program.outputHelp();
      return ExitCode.ok;
    }
    await program.parseAsync(args, { from: 'user' });
    return exitCodeOf(program);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return ExitCode.ok;
      const text = commanderMessage || err.message;
      const usage = new CliError(text.replace(/^error:\s*/i, ''), { code: 'usage', exitCode: ExitCode.usage });
      return await report(usage, ctx, streams, wantsJson, wantsVerbose);
    }
    return await report(err, ctx, streams, wantsJson, wantsVerbose);
  } finally {
    if (handleSignals) for (const signal of Object.keys(SIGNAL_EXIT)) process.off(signal, onSignal);
    if (!exitsAfter) await ctx?.close();
  }
}

async function report(err: unknown, ctx: Context | undefined, streams: Streams, json: boolean, verbose: boolean): Promise<number> {
  const { reportError } = await import('./output/errors.js');
  return reportError(err, {
    stderr: streams.stderr,
    json,
    verbose,
    redact: (t) => (ctx ? ctx.redact(t) : t),
  });
}
