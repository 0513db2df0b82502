// What the auth command tests share: a config folder with a profile "lab" at the mocked origin,
// optionally logged in through the CLI itself, and a fixed clock.
import { expect } from 'vitest';
import { runInProcess, tempConfigDir } from '../../helpers/inprocess.js';
import { BASE_URL, GROUP, INSTANCE } from '../fixtures.js';

/** 2026-01-01T00:00:00Z: expiries are computed from this, not from the wall clock. */
export const NOW = Date.UTC(2026, 0, 1);
export const now = () => NOW;
/** Neither base URL nor token from the environment: the profile decides. */
export const NO_ENV = { LICENSECTL_BASE_URL: undefined, LICENSECTL_TOKEN: undefined };

/**
 * A config folder with profile "lab" (none with `none`), logged in with `token` if given; the
 * login happens `loginAgoMs` before NOW (a token that has expired since cannot be stored now).
 */
export async function labProfile(opts: { fusion?: boolean; token?: string; none?: boolean; loginAgoMs?: number } = {}): Promise<string> {
  const dir = tempConfigDir();
  if (opts.none) return dir;
  const set = ['profile', 'set', 'lab', '--base-url', BASE_URL, ...(opts.fusion ? ['--instance', INSTANCE, '--group', GROUP] : [])];
  const r = await runInProcess(set, { configDir: dir, env: NO_ENV });
  expect(r.code, r.stderr).toBe(0);
  if (opts.token) {
    const login = await runInProcess(['auth', 'login', '--with-token'], { configDir: dir, env: NO_ENV, input: opts.token, now: () => NOW - (opts.loginAgoMs ?? 0) });
    expect(login.code, login.stderr).toBe(0);
  }
  return dir;
}
