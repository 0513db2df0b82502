// A server that is down, in-process: a terminal hears about each retry, the last line says what to
// check, --verbose adds no stack trace to a plain network error, and LICENSECTL_DEADLINE is
// validated like the other numeric settings.
import { describe, expect, it } from 'vitest';
import { mockAgent, runInProcess } from '../helpers/inprocess.js';
import { ENV, ltPath, ORIGIN, GROUP, INSTANCE } from './fixtures.js';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });

async function down(opts: { tty: boolean; args?: string[]; env?: Record<string, string> }) {
  const agent = mockAgent();
  agent.get(ORIGIN).intercept({ path: (p: string) => p.startsWith(ltPath()), method: 'GET' }).replyWithError(refused()).times(3);
  return runInProcess(['license-type', 'list', '--instance', INSTANCE, '--group', GROUP, ...(opts.args ?? [])], {
    env: { ...ENV, NO_COLOR: '1', LICENSECTL_MAX_ATTEMPTS: '3', ...opts.env },
    tty: opts.tty,
    dispatcher: agent,
  });
}

describe('a server that is down', () => {
  it('terminal: "retrying (attempt n of max)" before each retry, then what to check', async () => {
    const r = await down({ tty: true });
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^! GET \/acme\/api\/v01\/draas\/draas1\/groups\/.+\/license_types: ECONNREFUSED; retrying \(attempt 2 of 3\)$/);
    expect(lines[1]).toMatch(/retrying \(attempt 3 of 3\)$/);
    expect(lines[2]).toBe('licensectl: cannot reach 127.0.0.1:9 after 3 attempts: ECONNREFUSED; check the base URL (http://127.0.0.1:9) and that the server is running');
  });

  it('pipe: only the error line (a script reads stderr)', async () => {
    const r = await down({ tty: false });
    expect(r.stderr).toBe('licensectl: cannot reach 127.0.0.1:9 after 3 attempts: ECONNREFUSED; check the base URL (http://127.0.0.1:9) and that the server is running\n');
  });

  it('--verbose: the exchanges, and no stack trace', async () => {
    const r = await down({ tty: false, args: ['--verbose'] });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/failed: ECONNREFUSED/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr.trimEnd().split('\n').pop()).toMatch(/^licensectl: cannot reach 127\.0\.0\.1:9 after 3 attempts/);
  });

  it('LICENSECTL_DEADLINE must be a number of seconds: exit 2', async () => {
    for (const value of ['0', '-3', 'soon', '100000']) {
      const r = await runInProcess(['license-type', 'list', '--instance', INSTANCE, '--group', GROUP], { env: { ...ENV, LICENSECTL_DEADLINE: value }, dispatcher: mockAgent() });
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`licensectl: LICENSECTL_DEADLINE must be a number of seconds from 1 to 86400, not "${value}"\n`);
    }
  });
});
