import { Command, CommanderError } from 'commander';
import { isatty } from 'node:tty';
import { registerAccount } from './commands/account/index.js';
import { registerAuth } from './commands/auth/index.js';
import { registerCompletion } from './commands/completion/index.js';
import { lastExitCode, setContextFactory } from './commands/define.js';
import { registerGroup } from './commands/group/index.js';
import { registerLicenseType } from './commands/license-type/index.js';
import { registerProfile } from './commands/profile/index.js';
import { registerSandbox } from './commands/sandbox/index.js';
import type { Context, GlobalOptions } from './context.js';
import { CliError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import type { Streams } from './output/output.js';
import { VERSION } from './version.js';

/** The commands under the program, by every name they answer to, in the order help lists them. */
const COMMANDS: [names: string[], register: (program: Command) => void][] = [
  [['group'], registerGroup],
  [['account'], registerAccount],
  [['license-type', 'lt'], registerLicenseType],
  [['auth'], registerAuth],
  [['profile'], registerProfile],
  [['sandbox'], registerSandbox],
  [['completion'], registerCompletion],
];

/**
 * The command tree. Registration only: no implementation is loaded here. Given the first argument
 * of the command line, and it names a command, only that command's subtree is registered: the
 * others cannot be reached from it, and registering them all is about 2 ms of every start.
 */
export function buildProgram(firstArg?: string): Command {
  const program = new Command('licensectl')
    .description('Manage software licenses: UiPath group license allocation and Netaxis Fusion license types.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--profile <name>', 'stored profile to use (env LICENSECTL_PROFILE)')
    .option('--base-url <url>', 'API base URL, overrides the profile (env LICENSECTL_BASE_URL)')
    .option('--json', 'print exactly one JSON document on stdout')
    .option('--verbose', 'log each HTTP exchange to stderr (secrets redacted)')
    .option('--timeout <seconds>', 'per-request time-out in seconds, default 30 (env LICENSECTL_TIMEOUT)')
    .option('--no-color', 'no colour (also NO_COLOR; FORCE_COLOR forces it)')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    // A fixed width, not the terminal's: help is then the same everywhere, so bin/licensectl.js can
    // print the copy recorded at build time (dist/fastpath.json) without loading this file.
    .configureHelp({ showGlobalOptions: true, helpWidth: 80 });
  program.exitOverride();
  program.addHelpText(
    'after',
    `
Examples:
  $ licensectl sandbox --profile sandbox         # a local emulator to try everything on
  $ licensectl group allocate <groupId> --codes RPADEVPRONU,IDU
  $ licensectl license-type list --all --json | jq length
  $ licensectl license-type apply --file desired.json --dry-run

Environment: LICENSECTL_PROFILE, LICENSECTL_BASE_URL, LICENSECTL_TOKEN, LICENSECTL_CONFIG_DIR,
LICENSECTL_TIMEOUT, LICENSECTL_MAX_ATTEMPTS, LICENSECTL_RETRY_AFTER_CAP, NO_COLOR, FORCE_COLOR,
HTTPS_PROXY, NO_PROXY.
Exit codes: 0 ok, 1 failure, 2 usage, 3 not found, 4 auth, 5 rejected, 6 partial bulk, 130 interrupted.`,
  );
  const only = COMMANDS.find(([names]) => firstArg !== undefined && names.includes(firstArg));
  for (const [, register] of only ? [only] : COMMANDS) register(program);
  return program;
}

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

/** Runs licensectl with `args` (without node and script) and resolves to the exit code. */
export async function main(args: string[], streams: Streams = processStreams(), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const program = buildProgram(args[0]);
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

  let ctx: Context | undefined;
  setContextFactory(async (cmd) => {
    const { Context } = await import('./context.js');
    ctx = new Context(cmd.optsWithGlobals<GlobalOptions>(), env, streams);
    return ctx;
  });

  const onSigint = () => {
    if (ctx?.graceful && !ctx.signal.aborted) {
      ctx.interrupt();
      return;
    }
    streams.stderr.write('\nlicensectl: interrupted\n');
    process.exit(ExitCode.interrupted);
  };
  process.on('SIGINT', onSigint);

  const wantsJson = args.includes('--json');
  const wantsVerbose = args.includes('--verbose');
  try {
    if (args.length === 0) {
      program.outputHelp();
      return ExitCode.ok;
    }
    await program.parseAsync(args, { from: 'user' });
    return lastExitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return ExitCode.ok;
      const text = commanderMessage || err.message;
      const usage = new CliError(text.replace(/^error:\s*/i, ''), { code: 'usage', exitCode: ExitCode.usage });
      return await report(usage, ctx, streams, wantsJson, wantsVerbose);
    }
    return await report(err, ctx, streams, wantsJson, wantsVerbose);
  } finally {
    process.off('SIGINT', onSigint);
    await ctx?.close();
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
