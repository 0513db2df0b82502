// The lookup tables every completion script carries, as shell `case` lines: which word leads
// from a command to a subcommand, and which options take a value (so the word after them is not
// mistaken for a command). bash and zsh share this syntax; fish gets its own spelling.

import { allCommands, type CommandSpec, type CompletionTree, type OptionSpec, type ValueKind } from './tree.js';

/** A command's place in the tree as the scripts name it: 'license-type list', '' for the root. */
export function key(cmd: CommandSpec): string {
  return cmd.path.join(' ');
}

/**
 * Words that go into `case` patterns and `compgen -W` lists unquoted. Everything in the tree is
 * such a word today; anything else would break the scripts, so it fails loudly here instead.
 */
export function word(s: string): string {
  if (!/^[\w.,:@%+/-]+$/.test(s)) throw new Error(`completion: cannot use ${JSON.stringify(s)} as a shell word`);
  return s;
}

/** Single-quoted for bash and zsh. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The kind of a value as one word the scripts switch on: 'choices:asc desc', 'codes', 'files'... */
export function kindWord(kind: ValueKind): string {
  return kind.kind === 'choices' ? `choices:${kind.values.map(word).join(' ')}` : kind.kind;
}

export interface ChildEntry {
  parent: string;
  words: string[];
  child: string;
}

/** Subcommand steps: from `parent`, any of `words` (the name and its aliases) leads to `child`. */
export function childEntries(tree: CompletionTree): ChildEntry[] {
  return allCommands(tree.root).flatMap((cmd) =>
    cmd.subcommands.map((sub) => ({ parent: key(cmd), words: [sub.name, ...sub.aliases].map(word), child: key(sub) })),
  );
}

export interface ValueEntry {
  /** undefined: the option is global, valid at every command. */
  at: string | undefined;
  flag: string;
  /** undefined: a switch that shadows a global option taking a value. */
  kind: string | undefined;
}

/** Options taking a value, the commands' own first so they win over a global of the same name. */
export function valueEntries(tree: CompletionTree): ValueEntry[] {
  const globalValued = new Set(tree.root.options.filter((o) => o.value).flatMap((o) => o.flags));
  const own = allCommands(tree.root)
    .filter((cmd) => cmd !== tree.root)
    .flatMap((cmd) =>
      cmd.options.flatMap((o) =>
        o.flags
          .filter((f) => o.value || globalValued.has(f))
          .map((flag) => ({ at: key(cmd), flag: word(flag), kind: o.value && kindWord(o.value) })),
      ),
    );
  const globals = tree.root.options.flatMap((o) =>
    o.value ? o.flags.map((flag) => ({ at: undefined, flag: word(flag), kind: kindWord(o.value as ValueKind) })) : [],
  );
  return [...own, ...globals];
}

/** Flags to offer for `-<TAB>`: long ones, and the short ones too once the user typed just `-`. */
export function flagWords(options: OptionSpec[]): { long: string[]; short: string[] } {
  const flags = options.flatMap((o) => o.flags).map(word);
  return { long: flags.filter((f) => f.startsWith('--')), short: flags.filter((f) => !f.startsWith('--')) };
}

/** `case "$1|$2"` bodies shared by bash and zsh: _child sets REPLY to the subcommand's path. */
export function shChildFunction(fn: string, tree: CompletionTree): string {
  const lines = childEntries(tree).map(
    (e) => `    ${e.words.map((w) => `"${e.parent}|${w}"`).join('|')}) REPLY="${e.child}" ;;`,
  );
  return [`${fn}() {`, '  case "$1|$2" in', ...lines, '    *) return 1 ;;', '  esac', '}'].join('\n');
}

/** _value sets REPLY to the kind of value the option takes, or fails for a switch. */
export function shValueFunction(fn: string, tree: CompletionTree): string {
  const lines = valueEntries(tree).map((e) => {
    const pattern = e.at === undefined ? `*"|${e.flag}"` : `"${e.at}|${e.flag}"`;
    return e.kind === undefined ? `    ${pattern}) return 1 ;;` : `    ${pattern}) REPLY=${shQuote(e.kind)} ;;`;
  });
  return [`${fn}() {`, '  case "$1|$2" in', ...lines, '    *) return 1 ;;', '  esac', '}'].join('\n');
}
