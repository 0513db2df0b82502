// Shell completion: the scripts the built binary prints are loaded into real shells and asked
// for completions, as a TAB would (bash: COMP_WORDS/COMP_CWORD then COMPREPLY; zsh: a pty with
// compinit; fish: `complete -C`).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/program.js';
import { completionTree, allCommands } from '../../src/commands/completion/shared/tree.js';
import { BIN, cleanEnv, runCli, tempConfigDir } from '../helpers/cli.js';

function has(shell: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;
}

let dir: string;
let env: NodeJS.ProcessEnv;
/** Where each shell's script was written. */
const scripts = { bash: '', zsh: '', fish: '' };

beforeAll(async () => {
  dir = tempConfigDir();
  // `licensectl` on PATH, as after `npm link`: the scripts call it to list profile names.
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'licensectl'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`, { mode: 0o755 });
  const config = path.join(dir, 'config');
  env = cleanEnv({ PATH: `${bin}:${process.env.PATH}`, LICENSECTL_CONFIG_DIR: config, HOME: dir });
  for (const name of ['alpha', 'beta']) {
    const r = await runCli(['profile', 'set', name, '--base-url', 'http://127.0.0.1:9/acme'], { env: { LICENSECTL_CONFIG_DIR: config } });
    expect(r.code).toBe(0);
  }
  fs.writeFileSync(path.join(dir, 'groups.csv'), 'groupId,codes\n');
  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    const r = await runCli(['completion', shell]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    scripts[shell] = path.join(dir, `completion.${shell}`);
    fs.writeFileSync(scripts[shell], r.stdout);
  }
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** COMPREPLY for each command line; the last word is the one being completed ('' after a space). */
function bashComplete(lines: string[][]): string[][] {
  const calls = lines
    .map((words) => `t ${words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ')}`)
    .join('\n');
  const harness = `source '${scripts.bash}'
t() { COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _licensectl; printf '%s\\n' "\${COMPREPLY[*]}"; }
${calls}
`;
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', harness], { env, encoding: 'utf8', timeout: 100_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout.split('\n').slice(0, lines.length).map((l) => (l === '' ? [] : l.split(' ')));
}

describe('licensectl completion bash', () => {
  it('loads with source <(licensectl completion bash) and registers the function', () => {
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', 'source <(licensectl completion bash) && complete -p licensectl'], {
      env,
      encoding: 'utf8',
      timeout: 100_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('complete -F _licensectl licensectl\n');
  });

  it('completes commands, subcommands, flags and fixed values', () => {
    const cases: [string[], string[]][] = [
      [['licensectl', 'license-type', 'l'], ['list']],
      [['licensectl', ''], ['group', 'account', 'fusion-group', 'license-type', 'auth', 'profile', 'sandbox', 'completion', 'help']],
      [['licensectl', 'lt', 'l'], ['list']], // an alias leads to the same subcommands
      [['licensectl', '--profile', 'x', 'license-type', 'l'], ['list']], // an option's value is not a command
      [['licensectl', 'group', ''], ['allocate', 'codes', 'show', 'list', 'revoke', 'undo', 'apply', 'help']],
      [['licensectl', 'license-type', 'list', '--dir', ''], ['asc', 'desc']],
      [['licensectl', 'license-type', 'list', '--dir', '=', 'd'], ['desc']], // --dir=d split at =
      [['licensectl', 'license-type', 'list', '--dir=d'], ['--dir=desc']],
      [['licensectl', 'license-type', 'list', '--so'], ['--sort']],
      [['licensectl', 'license-type', 'delete', '7', '--y'], ['--yes']],
      [['licensectl', 'group', 'allocate', 'g', '--codes', 'RPADEVPRONU,I'], ['RPADEVPRONU,IDU']],
      [['licensectl', 'group', 'allocate', 'g', '--codes', 'TSTD'], ['TSTDEVPRONU']],
      [['licensectl', 'completion', ''], ['bash', 'zsh', 'fish']],
      [['licensectl', 'completion', 'bash', ''], []],
      [['licensectl', '--profile', ''], ['alpha', 'beta']],
      [['licensectl', 'profile', 'use', ''], ['alpha', 'beta']],
      [['licensectl', 'sandbox', '--profile', 'a'], ['alpha']],
      [['licensectl', 'help', 'l'], ['license-type']],
      [['licensectl', 'group', 'allocate', '--from-file', path.join(dir, 'gro')], [path.join(dir, 'groups.csv')]],
      [['licensectl', 'license-type', 'list', '--', '--d'], []], // after -- nothing is an option
    ];
    const got = bashComplete(cases.map(([words]) => words));
    cases.forEach(([words, want], i) => expect({ words, got: got[i] }).toEqual({ words, got: want }));
  });

  it('offers global options after a command but --version only at the top', () => {
    const [leaf, top] = bashComplete([
      ['licensectl', 'license-type', 'get', '--'],
      ['licensectl', '--v'],
    ]);
    expect(leaf).toEqual(expect.arrayContaining(['--instance', '--group', '--json', '--profile', '--help']));
    expect(leaf).not.toContain('--version');
    expect(top).toEqual(['--version', '--verbose']);
  });

  it('knows every command of the program (generated from the same command tree)', () => {
    const tree = completionTree(buildProgram());
    const parents = allCommands(tree.root).filter((c) => c.subcommands.length > 0);
    const got = bashComplete(parents.map((p) => ['licensectl', ...p.path, '']));
    parents.forEach((p, i) => expect(got[i]).toEqual(p.subcommands.map((s) => s.name)));
    expect(tree.root.subcommands.map((s) => s.name)).toEqual(expect.arrayContaining(['group', 'license-type', 'auth', 'profile', 'sandbox', 'completion']));
  });
});

describe.skipIf(!has('zsh'))('licensectl completion zsh', () => {
  /** The candidates zsh offers for `licensectl <line><TAB>`, read from a pty with compinit loaded. */
  function zshComplete(line: string): string[] {
    const capture = `zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z 'PROMPT="zp%%>"; autoload -U compinit; compinit -u -D; source "$SCRIPT"'
zpty -w z 'compadd () { local -a h; builtin compadd -O h "$@"; print -l -- "<""<"\${^h[@]}">>"; builtin compadd "$@"; }'
zpty -w z 'print ready-$((40+2))'
# Type only once the line editor shows its prompt: keys typed earlier meet the terminal's
# line discipline instead, where ^U erases the line before zsh sees the TAB.
zpty -r z out '*ready-42*zp%>*'
zpty -w -n z "licensectl $LINE"$'\\t\\C-u'
zpty -w z 'print end-$((40+2))'
zpty -r z out '*end-42*'
print -r -- "$out"
zpty -d z`;
    const r = spawnSync('zsh', ['-f', '-c', capture], { env: { ...env, SCRIPT: scripts.zsh, LINE: line }, encoding: 'utf8', timeout: 100_000 });
    expect(r.status).toBe(0);
    return [...new Set([...r.stdout.matchAll(/<<([^<>\s]*)>>/g)].map((m) => m[1] as string))].sort();
  }

  it('parses (zsh -n)', () => {
    const r = spawnSync('zsh', ['-n', scripts.zsh], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('completes subcommands, choices and codes', () => {
    expect(zshComplete('license-type l')).toEqual(['list']);
    expect(zshComplete('license-type list --dir ')).toEqual(['asc', 'desc']);
    expect(zshComplete('group allocate g --codes RPADEVPRONU,I')).toEqual(['IDU']);
    expect(zshComplete('profile show ')).toEqual(['alpha', 'beta']);
  });
});

describe.skipIf(!has('fish'))('licensectl completion fish', () => {
  function fishComplete(line: string): string[] {
    const r = spawnSync('fish', ['--no-config', '-c', `source '${scripts.fish}'; complete -C '${line}'`], { env, encoding: 'utf8', timeout: 100_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0] as string);
  }

  it('parses (fish -n)', () => {
    const r = spawnSync('fish', ['--no-config', '-n', scripts.fish], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('completes subcommands, choices, codes and profile names', () => {
    expect(fishComplete('licensectl license-type l')).toEqual(['list']);
    expect(fishComplete('licensectl lt l')).toEqual(['list']);
    expect(fishComplete('licensectl license-type list --dir ')).toEqual(['asc', 'desc']);
    expect(fishComplete('licensectl license-type list --dir=d')).toEqual(['--dir=desc']);
    expect(fishComplete('licensectl group allocate g --codes RPADEVPRONU,I')).toEqual(['RPADEVPRONU,IDU']);
    expect(fishComplete('licensectl completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(fishComplete('licensectl --profile ')).toEqual(['alpha', 'beta']);
    expect(fishComplete('licensectl sandbox --pro')).toEqual(['--profile']);
  });
});
