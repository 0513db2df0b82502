// Help that teaches: every command's --help ends with runnable examples, a typo gets the nearest
// command, and `licensectl` alone shows what there is. The list of commands comes from the program
// itself, so a new command without examples fails here.
import type { Command } from 'commander';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/program.js';
import { runCli, tempConfigDir } from '../helpers/cli.js';

/** Paths of the commands that do something (no subcommands), e.g. ['license-type', 'list']. */
function leafPaths(cmd: Command, path: string[] = []): string[][] {
  if (cmd.commands.length === 0) return [path];
  return cmd.commands.flatMap((sub) => leafPaths(sub, [...path, sub.name()]));
}

const leaves = leafPaths(buildProgram());
// An empty profile store: help and usage errors must not depend on the user's.
const env = { LICENSECTL_CONFIG_DIR: tempConfigDir() };
afterAll(() => fs.rmSync(env.LICENSECTL_CONFIG_DIR, { recursive: true, force: true }));

describe('help', () => {
  it('knows every leaf command of the documented command tree', () => {
    expect(leaves.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining([
        'group allocate', 'group codes', 'group show', 'group list', 'group revoke', 'account licenses',
        'license-type list', 'license-type get', 'license-type create', 'license-type update', 'license-type delete', 'license-type apply',
        'auth login', 'auth status', 'auth logout', 'auth token',
        'profile set', 'profile list', 'profile show', 'profile use', 'profile remove',
        'sandbox', 'completion',
      ]),
    );
  });

  it.each(leaves.map((p) => [p.join(' '), p]))('licensectl %s --help has examples', async (_name, path) => {
    const r = await runCli([...path, '--help'], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^Usage: licensectl ${path.join(' ')}[ |]`)); // | before an alias
    const examples = r.stdout.split('\nExamples:\n')[1];
    expect(examples, 'an Examples: section').toBeDefined();
    // Each example is a command line to copy, and it runs this very command.
    const lines = (examples ?? '').split('\n').filter((l) => l.startsWith('  $ '));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes(`licensectl ${path.join(' ')}`))).toBe(true);
  });

  // main() registers only the subtree of the command it runs: that must be exactly the full tree's.
  it('builds each command alone exactly as in the whole tree, and the whole tree for anything else', () => {
    const full = buildProgram();
    const find = (root: Command, path: string[]) => path.reduce<Command | undefined>((cmd, name) => cmd?.commands.find((c) => c.name() === name), root);
    const everyPath = (cmd: Command, path: string[] = []): string[][] => [path, ...cmd.commands.flatMap((sub) => everyPath(sub, [...path, sub.name()]))];
    for (const path of everyPath(full).filter((p) => p.length > 0)) {
      const noun = full.commands.find((c) => c.name() === path[0])!;
      for (const name of [noun.name(), ...noun.aliases()]) {
        const alone = buildProgram(name);
        expect(alone.commands.map((c) => c.name())).toEqual([noun.name()]);
        expect(find(alone, path)!.helpInformation(), `${name}: ${path.join(' ')}`).toBe(find(full, path)!.helpInformation());
      }
    }
    for (const first of [undefined, '--json', 'help', 'grup', '-h']) {
      expect(buildProgram(first).commands.map((c) => c.name())).toEqual(full.commands.map((c) => c.name()));
    }
  });

  it('shows the command list when run with no arguments, exit 0', async () => {
    const r = await runCli([], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage: licensectl \[options\] \[command\]/);
    const listed = r.stdout.split('\nCommands:\n')[1] ?? '';
    for (const cmd of buildProgram().commands) expect(listed).toMatch(new RegExp(`^  ${cmd.name()}\\b`, 'm'));
  });

  it.each([
    [['licence-type', 'list'], "unknown command 'licence-type' (Did you mean license-type?)"],
    [['grup', 'codes'], "unknown command 'grup' (Did you mean group?)"],
    [['profile', 'lst'], "unknown command 'lst' (Did you mean list?)"],
    [['license-type', 'list', '--sortt', 'name'], "unknown option '--sortt' (Did you mean --sort?)"],
  ])('suggests the nearest name for %j, exit 2', async (args, message) => {
    const r = await runCli(args, { env });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`licensectl: ${message}\n`);
  });
});
