// `completion <shell>` in-process: the scripts come from the full command tree, whatever else ran.
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../../helpers/inprocess.js';
import { check } from '../fixtures.js';

describe('completion', () => {
  it.each(['bash', 'zsh', 'fish'])('%s: a script naming every command, nothing on stderr', async (shell) => {
    const r = await check({ name: shell, args: ['completion', shell], code: 0, stdout: /licensectl/, stderr: '', requests: [] });
    for (const word of ['group', 'license-type', 'auth', 'profile', 'sandbox', 'allocate', 'apply', '--from-file']) expect(r.stdout).toContain(word);
  });

  it('is the same script twice in one process (nothing of one run leaks into the next)', async () => {
    const [a, b] = [await runInProcess(['completion', 'bash']), await runInProcess(['completion', 'bash'])];
    expect(a.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  });

  it('an unknown shell: usage error from the parser', async () => {
    await check({ name: '', args: ['completion', 'tcsh'], code: 2, stdout: '', stderr: "licensectl: command-argument value 'tcsh' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.\n" });
  });
});
