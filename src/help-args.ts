// How `help` is asked for, gh's way, turned into the `--help` commander answers (cli.ts):
// `licensectl help group allocate` is `licensectl group allocate --help` (commander's own help
// command would only look at its first word), and a bare noun (`licensectl group`) prints its help
// on stdout and exits 0, as gh does, rather than commander's help-as-error on stderr.
import type { Command, Option } from 'commander';

/** The command named by `names` (names or aliases) under `root`; undefined when one is unknown. */
function find(root: Command, names: string[]): Command | undefined {
  let cmd: Command | undefined = root;
  for (const name of names) cmd = cmd?.commands.find((c) => c.name() === name || c.aliases().includes(name));
  return cmd;
}

/**
 * `help <path...>` as `<path...> --help` when the path names a command; otherwise the path alone,
 * so that commander reports the unknown command (with its suggestion) as a usage error.
 */
export function helpCommandArgs(program: Command, rest: string[]): string[] {
  return find(program, rest) ? [...rest, '--help'] : rest;
}

function optionOf(cmd: Command, flag: string): Option | undefined {
  for (let c: Command | null = cmd; c; c = c.parent) {
    const o = c.options.find((opt) => opt.long === flag || opt.short === flag);
    if (o) return o;
  }
  return undefined;
}

/** True when `args` name a command that has subcommands and nothing else (options aside). */
export function isBareNoun(program: Command, args: string[]): boolean {
  let cmd = program;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg.startsWith('-')) {
      const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
      const option = optionOf(cmd, flag);
      if (!option) return false;
      if ((option.required || option.optional) && inline === undefined) i++; // its value
      continue;
    }
    const sub = find(cmd, [arg]);
    if (!sub) return false;
    cmd = sub;
  }
  return cmd !== program && cmd.commands.length > 0;
}
