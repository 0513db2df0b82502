// Help as gh users expect it (issue 17, item 14), in-process: `help <command path>` is that
// command's --help, a bare noun prints its help on stdout with exit 0, and required options say so.
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/inprocess.js';

const help = async (args: string[]) => runInProcess(args, { env: { LICENSECTL_TOKEN: undefined } });

describe('licensectl help <command>', () => {
  it.each([
    [['help', 'group', 'allocate'], ['group', 'allocate', '--help']],
    [['help', 'lt', 'ls'], ['license-type', 'list', '--help']],
    [['help', 'group'], ['group', '--help']],
    [['help'], ['--help']],
  ])('%j prints the help of %j', async (asked, same) => {
    const [r, expected] = await Promise.all([help(asked), help(same)]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(expected.stdout);
    expect(r.stdout).toMatch(/^Usage: licensectl /);
  });

  it('help of a command that does not exist: usage error, exit 2', async () => {
    const r = await help(['help', 'grup']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^licensectl: unknown command 'grup' \(Did you mean group\?\)\n$/);
  });
});

describe('a bare noun', () => {
  it.each([['group'], ['lt'], ['auth'], ['profile'], ['account']])('licensectl %s: its help on stdout, exit 0', async (noun) => {
    const [r, expected] = await Promise.all([help([noun]), help([noun, '--help'])]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(expected.stdout);
    expect(r.stdout).toMatch(/\nCommands:\n/);
  });

  it('also after global options', async () => {
    const [r, expected] = await Promise.all([help(['--no-color', '--profile', 'x', 'group']), help(['group', '--help'])]);
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: expected.stdout });
  });

  it('an unknown verb is still a usage error with a suggestion', async () => {
    const r = await help(['profile', 'lst']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("licensectl: unknown command 'lst' (Did you mean list?)\n");
  });
});

describe('required options', () => {
  it('are marked (required) in help, the others are not', async () => {
    const r = await help(['license-type', 'create', '--help']);
    expect(r.stdout).toMatch(/--name <name> +name \(required\)\n/);
    expect(r.stdout).toMatch(/--sku <sku> +SKU \(required\)\n/);
    expect(r.stdout).not.toMatch(/--description[^\n]*\(required\)/);
    expect((await help(['license-type', 'apply', '--help'])).stdout).toMatch(/--file <desired\.json>[\s\S]*?\(required\)/);
  });
});

describe('exit codes in help', () => {
  it('say that answering no at a confirmation exits 1, nothing changed', async () => {
    const r = await help(['--help']);
    expect(r.stdout).toMatch(/1 failure or a declined confirmation \(nothing changed\)/);
  });
});
