// Renders the command reference (docs/commands.md) and the man page (docs/licensectl.1) from the
// commander tree, so neither can say what the CLI does not. scripts/gen-docs.mjs writes them from
// the build (`npm run docs`); test/scripts/docs.test.ts renders them from the source and fails
// when the committed files differ. Pure: a program in, text out.

const GENERATED = 'Generated from the command tree (src/program.ts) by `npm run docs`: do not edit by hand.';

/** Every command under (and including) `program`, depth first, with its path of names. */
export function commandList(program) {
  const list = [];
  const walk = (cmd, path) => {
    list.push({ path, cmd });
    for (const sub of cmd.commands) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return list;
}

/** The help text of `cmd` without the global options (listed once, under the program). */
function withoutGlobals(cmd) {
  cmd.configureHelp({ ...cmd.configureHelp(), showGlobalOptions: false });
  let text = '';
  const write = (s) => {
    text += s;
  };
  cmd.configureOutput({ ...cmd.configureOutput(), writeOut: write, writeErr: write });
  cmd.outputHelp();
  // What addHelpText put after the generated part: examples, notes.
  const after = text.slice(cmd.helpInformation().length).replace(/^\n+/, '').trimEnd();
  return { text, after };
}

const title = (path) => ['licensectl', ...path].join(' ');
const anchor = (path) => title(path).toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');

/** docs/commands.md: every command's help, as `licensectl <command> --help` prints it. */
export function renderMarkdown(program) {
  const list = commandList(program);
  let md = `# licensectl command reference\n\n<!-- ${GENERATED} -->\n\n`;
  md += 'Each section is what `licensectl <command> --help` prints (also `licensectl help <command>`).\n';
  md += 'The global options, listed under `licensectl`, work with every command. The same text is\n';
  md += 'the man page `docs/licensectl.1` (`man ./docs/licensectl.1`).\n\n';
  for (const { path } of list) md += `${'  '.repeat(path.length)}- [${title(path)}](#${anchor(path)})\n`;
  for (const { path, cmd } of list) {
    md += `\n## ${title(path)}\n\n\`\`\`text\n${withoutGlobals(cmd).text.trimEnd()}\n\`\`\`\n`;
  }
  return md;
}

/** Text for roff: backslashes and hyphens escaped, no line taken for a request. */
function roff(text) {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .split('\n')
    .map((l) => (/^[.']/.test(l) ? `\\&${l}` : l))
    .join('\n');
}

/** docs/licensectl.1: the same tree as a man page (section 1). */
export function renderMan(program, version) {
  const list = commandList(program);
  let man = `.\\" ${GENERATED}\n.TH LICENSECTL 1 "" "licensectl ${version}" "User Commands"\n`;
  man += `.SH NAME\nlicensectl \\- ${roff(program.description().replace(/\.$/, ''))}\n`;
  man += '.SH SYNOPSIS\n.B licensectl\n[\\fIglobal options\\fR] \\fIcommand\\fR [\\fIsubcommand\\fR] [\\fIoptions\\fR] [\\fIarguments\\fR]\n';
  man += `.SH DESCRIPTION\n${roff(program.description())}\n.PP\n`;
  man += 'Every command has \\fB\\-\\-help\\fR; \\fBlicensectl help\\fR \\fIcommand\\fR prints the same. ';
  man += 'A command group alone (e.g. \\fBlicensectl group\\fR) prints its help and exits 0.\n';
  man += '.SH GLOBAL OPTIONS\n' + options(program, program.createHelp());
  man += '.SH COMMANDS\n';
  for (const { path, cmd } of list.slice(1)) {
    const helper = cmd.createHelp();
    man += `.SS "${roff(helper.commandUsage(cmd))}"\n${roff(helper.commandDescription(cmd))}\n`;
    const args = helper.visibleArguments(cmd);
    if (args.length > 0) {
      man += '.PP\nArguments:\n';
      for (const a of args) man += `.TP\n\\fI${roff(helper.argumentTerm(a))}\\fR\n${roff(helper.argumentDescription(a))}\n`;
    }
    if (cmd.commands.length > 0) {
      man += '.PP\nCommands:\n';
      for (const sub of cmd.commands) man += `.TP\n\\fB${roff(title([...path, sub.name()]))}\\fR\n${roff(helper.subcommandDescription(sub))}\n`;
    }
    const own = options(cmd, helper);
    if (own) man += '.PP\nOptions:\n' + own;
    const { after } = withoutGlobals(cmd);
    if (after) man += `.PP\n.nf\n${roff(after)}\n.fi\n`;
  }
  const { after } = withoutGlobals(program);
  man += `.SH "EXAMPLES, ENVIRONMENT, EXIT STATUS"\n.nf\n${roff(after)}\n.fi\n`;
  man += '.SH SEE ALSO\nThe command reference docs/commands.md and README.md in the licensectl repository.\n';
  return man;
}

function options(cmd, helper) {
  let text = '';
  for (const o of helper.visibleOptions(cmd)) text += `.TP\n\\fB${roff(helper.optionTerm(o))}\\fR\n${roff(helper.optionDescription(o))}\n`;
  return text;
}
