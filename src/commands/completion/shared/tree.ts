// The command tree as the completion scripts need it, read from the same commander program that
// parses the command line: a new command, option, alias or choice shows up in the scripts by
// itself, so completion never drifts from the CLI.

import type { Argument, Command, Option } from 'commander';
import { BUNDLE_CODES } from '../../../uipath/catalog/codes.js';

/** What may follow an option or stand at an argument's place. */
export type ValueKind =
  | { kind: 'choices'; values: string[] }
  | { kind: 'codes' } // comma-separated bundle codes, from the catalog
  | { kind: 'profiles' } // names of stored profiles, asked from `licensectl profile list` at TAB time
  | { kind: 'files' }
  | { kind: 'free' }; // free text or a number: nothing to suggest

export interface OptionSpec {
  /** e.g. ['-y', '--yes'] */
  flags: string[];
  description: string;
  /** Undefined for a switch; the kind of its value otherwise. */
  value?: ValueKind;
}

export interface CommandSpec {
  name: string;
  aliases: string[];
  /** Canonical names from the root, e.g. ['license-type', 'list']; [] for the root itself. */
  path: string[];
  description: string;
  /** Options of this command only (the root's options are the global ones, valid everywhere). */
  options: OptionSpec[];
  /** Positional arguments in order. */
  args: ValueKind[];
  /** The last argument takes every remaining word. */
  variadic: boolean;
  subcommands: CommandSpec[];
}

export interface CompletionTree {
  program: string;
  root: CommandSpec;
  codes: { code: string; product: string }[];
}

// The few values that need knowledge beyond commander's: where a value comes from at TAB time.
const OPTION_SOURCES: Record<string, ValueKind> = {
  codes: { kind: 'codes' },
  profile: { kind: 'profiles' },
};
const PROFILE_NAME_ARGS = new Set(['profile show', 'profile use', 'profile remove', 'profile set']);
const FILE_PLACEHOLDER = /file|\.(json|jsonl|csv)\b/i;

function optionValue(opt: Option): ValueKind | undefined {
  if (!opt.required && !opt.optional) return undefined;
  if (opt.argChoices) return { kind: 'choices', values: [...opt.argChoices] };
  const source = OPTION_SOURCES[opt.attributeName()];
  if (source) return source;
  const placeholder = /[<[]([^>\]]+)[>\]]/.exec(opt.flags)?.[1] ?? '';
  return FILE_PLACEHOLDER.test(placeholder) ? { kind: 'files' } : { kind: 'free' };
}

function optionSpec(opt: Option): OptionSpec {
  const flags = [opt.short, opt.long].filter((f): f is string => Boolean(f));
  const value = optionValue(opt);
  return { flags, description: oneLine(opt.description), ...(value && { value }) };
}

function argumentValue(arg: Argument, cmd: Command, parent: Command | undefined, path: string[]): ValueKind {
  if (arg.argChoices) return { kind: 'choices', values: [...arg.argChoices] };
  // commander's own `help [command]` (not in parent.commands) takes the name of a sibling command.
  if (parent && !parent.commands.includes(cmd) && cmd.name() === 'help') {
    return { kind: 'choices', values: parent.commands.map((c) => c.name()) };
  }
  if (arg.name() === 'name' && PROFILE_NAME_ARGS.has(path.join(' '))) return { kind: 'profiles' };
  return { kind: 'free' };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function commandSpec(cmd: Command, parent: Command | undefined, path: string[]): CommandSpec {
  const help = cmd.createHelp();
  const options = help.visibleOptions(cmd).map(optionSpec);
  const subcommands = help.visibleCommands(cmd).map((sub) => commandSpec(sub, cmd, [...path, sub.name()]));
  return {
    name: cmd.name(),
    aliases: cmd.aliases(),
    path,
    description: oneLine(cmd.description()),
    options,
    args: cmd.registeredArguments.map((a) => argumentValue(a, cmd, parent, path)),
    variadic: cmd.registeredArguments.at(-1)?.variadic ?? false,
    subcommands,
  };
}

export function completionTree(program: Command): CompletionTree {
  return {
    program: program.name(),
    root: commandSpec(program, undefined, []),
    codes: BUNDLE_CODES.map(({ code, product }) => ({ code, product })),
  };
}

/** Every command of the tree, the root first, parents before their children. */
export function allCommands(root: CommandSpec): CommandSpec[] {
  return [root, ...root.subcommands.flatMap(allCommands)];
}

/** The options valid at a command: its own, then the global ones it does not redefine. */
export function optionsAt(tree: CompletionTree, cmd: CommandSpec): OptionSpec[] {
  if (cmd === tree.root) return cmd.options;
  const own = new Set(cmd.options.flatMap((o) => o.flags));
  // -V/--version is the program's own: it means nothing after a command.
  const globals = tree.root.options.filter((o) => !o.flags.includes('--version') && !o.flags.some((f) => own.has(f)));
  return [...cmd.options, ...globals];
}
