// `auth token --help` shows how to use the token without putting it in any process's argv
// (visible to every user in `ps`): curl reads the header from stdin.
import { expect, it } from 'vitest';
import { runInProcess } from '../../helpers/inprocess.js';

it('auth token --help: the example pipes the header to curl, never substitutes the token into argv', async () => {
  const r = await runInProcess(['auth', 'token', '--help']);
  expect(r.code).toBe(0);
  expect(r.stdout).not.toMatch(/\$\(licensectl auth token\)/);
  expect(r.stdout).not.toMatch(/`licensectl auth token`/);
  expect(r.stdout).toContain("licensectl auth token | sed 's/^/Authorization: Bearer /' | curl -H @- ");
});
