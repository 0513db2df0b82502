// The command tree, apart from running it (cli.ts): the build records help from it, completion
// generates scripts from it, and in-process tests run it with their own context factory.
//
// A new noun: a folder src/commands/<noun>/ with index.ts (registration only, `lazy` actions), one
// file per verb exporting `run`, helpers in src/commands/<noun>/shared/; then one line in COMMANDS.
import { Command, Help, type Option } from 'commander';
import { registerAccount } from './commands/account/index.js';
import { registerAuth } from './commands/auth/index.js';
import { registerCompletion } from './commands/completion/index.js';
import { registerFusionGroup } from './commands/fusion-group/index.js';
import { attachRuntime, type ContextFactory } from './commands/define.js';
import { registerGroup } from './commands/group/index.js';
import { registerLicenseType } from './commands/license-type/index.js';
import { registerProfile } from './commands/profile/index.js';
import { registerSandbox } from './commands/sandbox/index.js';
import { VERSION } from './version.js';

const noContext: ContextFactory = () => Promise.reject(new Error('this program was built without a context factory'));

/** The commands under the program, by every name they answer to, in the order help lists them. */
const COMMANDS: [names: string[], register: (program: Command) => void][] = [
  [['group'], registerGroup],
  [['account'], registerAccount],
  [['fusion-group'], registerFusionGroup],
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
 * `makeContext` builds the Context an action gets: main() hands in the real one, an in-process
 * test its own (test/helpers/inprocess.ts); without one the program can show help but run nothing.
 */
export function buildProgram(firstArg?: string, makeContext: ContextFactory = noContext): Command {
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
    .configureHelp({
      showGlobalOptions: true,
      helpWidth: 80,
      // Subcommands copy this at creation: every option made with requiredOption says so.
      optionDescription(this: Help, option: Option): string {
        const text = Help.prototype.optionDescription.call(this, option);
        return option.mandatory ? `${text} (required)` : text;
      },
    });
  program.exitOverride();
  attachRuntime(program, makeContext);
  program.addHelpText(
    'after',
    `
Examples:
  $ licensectl sandbox --profile sandbox         # a local emulator to try everything on
  $ licensectl group allocate <groupId> --codes RPADEVPRONU,IDU
  $ licensectl license-type list --all --json | jq length
  $ licensectl license-type apply --file desired.json --dry-run

Environment: LICENSECTL_PROFILE, LICENSECTL_BASE_URL, LICENSECTL_TOKEN, LICENSECTL_CONFIG_DIR,
LICENSECTL_TIMEOUT, LICENSECTL_MAX_ATTEMPTS, LICENSECTL_RETRY_AFTER_CAP, LICENSECTL_DEADLINE, NO_COLOR, FORCE_COLOR,
HTTPS_PROXY, NO_PROXY, LICENSECTL_CACHE_DIR (start-up code cache; NODE_DISABLE_COMPILE_CACHE=1: none).
Exit codes: 0 ok, 1 failure or a declined confirmation (nothing changed), 2 usage,
3 not found, 4 auth, 5 rejected, 6 partial bulk, 130 interrupted (143 SIGTERM, 129 SIGHUP).
\`licensectl help <command>\` or \`licensectl <command> --help\`: a command's help; a command
group alone (\`licensectl group\`) prints its help too, exit 0.`,
  );
  const only = COMMANDS.find(([names]) => firstArg !== undefined && names.includes(firstArg));
  for (const [, register] of only ? [only] : COMMANDS) register(program);
  return program;
}
