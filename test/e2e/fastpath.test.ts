// bin/licensectl.js answers `--version` and every `--help` from dist/fastpath.json without loading
// the CLI. These tests prove the recorded answers are byte for byte what commander prints, for
// every command and alias, so the two can never drift; and that the launcher really uses the table.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/program.js';
import { BIN, runCli, suiteCodeCacheDir } from '../helpers/cli.js';

interface FastPathTable {
  version: string;
  texts: string[];
  argv: Record<string, number>;
}

const TABLE_FILE = new URL('../../dist/fastpath.json', import.meta.url);
const table = JSON.parse(fs.readFileSync(TABLE_FILE, 'utf8')) as FastPathTable;
const recorded = Object.keys(table.argv).map((key) => (key === '' ? [] : key.split('\0')));
const NO_FAST_PATH = { LICENSECTL_NO_FAST_PATH: '1' };

/** Every way to name every command, as the user may type it: canonical names and aliases. */
function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  const paths = [prefix];
  for (const sub of cmd.commands) {
    for (const name of [sub.name(), ...sub.aliases()]) paths.push(...commandPaths(sub, [...prefix, name]));
  }
  return paths;
}

describe('the fast-path table', () => {
  it('has --help and -h for every command path of the current source, and nothing else but the version and bare call', () => {
    const expected = [[], ['--version'], ['-V']];
    for (const p of commandPaths(buildProgram())) expected.push([...p, '--help'], [...p, '-h']);
    const key = (a: string[]) => a.join(' ');
    expect(recorded.map(key).sort()).toEqual(expected.map(key).sort());
    expect(expected.length).toBeGreaterThan(40); // the tree really was walked
  });

  it('records the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(table.version).toBe(pkg.version);
    expect(table.texts[table.argv['--version']!]).toBe(`${pkg.version}\n`);
  });
});

describe('fast path = commander, byte for byte', () => {
  it.concurrent.each(recorded.map((args) => [args.join(' ') || '(no arguments)', args] as const))('licensectl %s', async (_name, args) => {
    const [fast, slow] = await Promise.all([runCli(args), runCli(args, { env: NO_FAST_PATH })]);
    expect(slow.code).toBe(0);
    expect(slow.stderr).toBe('');
    expect(fast.code).toBe(0);
    expect(fast.stderr).toBe('');
    expect(fast.stdout).toBe(slow.stdout);
    expect(fast.stdout).toBe(table.texts[table.argv[args.join('\0')]!]);
  });

  it('is the same in a wide terminal (help is rendered at 80 columns, not at the terminal width)', () => {
    // `script` gives the CLI a terminal; stty makes it 200 columns wide.
    const inTerminal = (args: string[], env: Record<string, string>) => {
      const cmd = `stty cols 200 rows 50; ${[process.execPath, BIN, ...args].join(' ')}`;
      return spawnSync('script', ['-qefc', cmd, '/dev/null'], { encoding: 'utf8', env: { PATH: process.env.PATH, TERM: 'xterm', LICENSECTL_CACHE_DIR: suiteCodeCacheDir(), ...env } });
    };
    for (const args of [['--help'], ['license-type', 'list', '--help']]) {
      const fast = inTerminal(args, {});
      const slow = inTerminal(args, NO_FAST_PATH);
      expect(slow.status).toBe(0);
      expect(fast.status).toBe(0);
      expect(slow.stdout.replace(/\r\n/g, '\n')).toBe(table.texts[table.argv[args.join('\0')]!]);
      expect(fast.stdout).toBe(slow.stdout);
    }
  });
});

describe('the launcher', () => {
  /** A copy of bin/ beside a dist/ holding only `files`: shows what the launcher reads. */
  function launcherWith(files: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-fastpath-'));
    fs.mkdirSync(path.join(root, 'bin'));
    fs.mkdirSync(path.join(root, 'dist'));
    fs.copyFileSync(BIN, path.join(root, 'bin', 'licensectl.js'));
    for (const name of ['code-cache.cjs', 'package.json']) fs.copyFileSync(path.join(path.dirname(BIN), name), path.join(root, 'bin', name));
    fs.writeFileSync(path.join(root, 'package.json'), '{"type":"module"}');
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, 'dist', name), text);
    return path.join(root, 'bin', 'licensectl.js');
  }
  const run = (bin: string, args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, NODE_DISABLE_COMPILE_CACHE: '1' } });

  it('answers from the table without loading the CLI', () => {
    const bin = launcherWith({
      'fastpath.json': JSON.stringify({ version: '9.9.9', texts: ['from the table\n', 'help of x\n'], argv: { '--version': 0, 'x\0--help': 1 } }),
      'cli.cjs': 'throw new Error("the CLI was loaded")',
    });
    expect(run(bin, ['--version'])).toMatchObject({ status: 0, stdout: 'from the table\n', stderr: '' });
    expect(run(bin, ['x', '--help'])).toMatchObject({ status: 0, stdout: 'help of x\n', stderr: '' });
    // Not in the table (nor a prefix of it): the CLI is loaded.
    for (const args of [['x', '-h'], ['--help'], ['x'], ['x --help'], ['constructor', '--help']]) {
      const r = run(bin, args);
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain('the CLI was loaded');
    }
  });

  it('says in one line that the build is missing when there is no dist/cli.cjs', () => {
    const r = run(launcherWith({}), ['license-type', 'list']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('licensectl: the build is missing (dist/cli.cjs): run `npm run build` in the clone, or install again (README: Quick start)\n');
  });

  it('loads the CLI when the build left no table', () => {
    const bin = launcherWith({ 'cli.cjs': 'exports.main = async function main(args) { process.stdout.write("main " + JSON.stringify(args) + "\\n"); return 3; }' });
    expect(run(bin, ['--version'])).toMatchObject({ status: 3, stdout: 'main ["--version"]\n' });
  });
});
