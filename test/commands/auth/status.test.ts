// `auth status`, `auth logout` and `auth token` in-process, with an injected clock.
import { describe, it } from 'vitest';
import { check, TOKEN, type Case } from '../fixtures.js';
import { BASE_URL } from '../fixtures.js';
import { labProfile, NO_ENV, NOW, now } from './setup.js';

/** A JWT whose payload says it expires at `exp` (seconds); the signature is not checked by anyone here. */
function jwt(exp: number): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ exp })}.sig`;
}
const EXP = NOW / 1000 + 7200;
const JWT = jwt(EXP);
const EXPIRED = jwt(NOW / 1000 - 60);

type StoreCase = Omit<Case, 'configDir' | 'now'> & { token?: string; none?: boolean };

const cases: StoreCase[] = [
  {
    name: 'status, LICENSECTL_TOKEN and no profile: --json says so',
    none: true,
    args: ['--json', 'auth', 'status'],
    env: { LICENSECTL_TOKEN: JWT, LICENSECTL_BASE_URL: undefined },
    code: 0,
    stdout: JSON.stringify({ profile: null, baseUrl: null, source: 'env', method: 'token', clientId: null, username: null, scope: null, tokenUrl: null, expiresAt: new Date(EXP * 1000).toISOString(), expiresInSeconds: 7200, expired: false, renewable: false, machine: false }, null, 2) + '\n',
    stderr: '',
  },
  {
    name: 'status, stored token: --json with the seconds left by the injected clock',
    token: JWT,
    args: ['--json', 'auth', 'status'],
    env: NO_ENV,
    code: 0,
    stdout: JSON.stringify({ profile: 'lab', baseUrl: BASE_URL, source: 'store', method: 'token', clientId: null, username: null, scope: null, tokenUrl: null, expiresAt: new Date(EXP * 1000).toISOString(), expiresInSeconds: 7200, expired: false, renewable: false, machine: false }, null, 2) + '\n',
    stderr: '',
  },
  {
    name: 'status, LICENSECTL_TOKEN over a stored login: a note says which wins',
    token: JWT,
    args: ['auth', 'status'],
    env: { LICENSECTL_TOKEN: TOKEN, LICENSECTL_BASE_URL: undefined },
    code: 0,
    // The fixed columns of `auth status` in a pipe (the --json keys, in order): values, not prose.
    stdout: `lab\t${BASE_URL}\tenv\ttoken\t\t\t\t\t\t\tfalse\tfalse\tfalse\n`,
    stderr: 'LICENSECTL_TOKEN overrides the stored login of profile "lab" (token).\n',
  },
  {
    name: 'status in a pipe: 13 fixed tab-separated columns, the --json keys in order, empty for null',
    token: JWT,
    args: ['auth', 'status'],
    env: NO_ENV,
    code: 0,
    stdout: `lab\t${BASE_URL}\tstore\ttoken\t\t\t\t\t${new Date(EXP * 1000).toISOString()}\t7200\tfalse\tfalse\tfalse\n`,
    stderr: '',
  },
  {
    name: 'status in a terminal: only the rows that have a value',
    token: JWT,
    tty: true,
    args: ['auth', 'status'],
    env: NO_ENV,
    code: 0,
    stdout: /^profile +lab\nbase URL +\S+\ntoken from +the profile store \(.*config\.json\)\nmethod +token\nexpires +2026-01-01T02:00:00\.000Z \(in 2 h\w*\)\nrenewal +none: log in again when it expires\n$/,
    stderr: '',
  },
  {
    name: 'status, stored token expired: exit 4',
    token: EXPIRED,
    args: ['auth', 'status'],
    env: NO_ENV,
    code: 4,
    stdout: /^lab\t/,
    stderr: 'licensectl: the token of profile "lab" has expired: run `licensectl auth login` again\n',
  },
  {
    name: 'status, not logged in: exit 4',
    args: ['auth', 'status'],
    env: NO_ENV,
    code: 4,
    stdout: '',
    stderr: 'licensectl: not logged in to profile "lab": run `licensectl auth login`, or set LICENSECTL_TOKEN\n',
  },
  { name: 'logout forgets the login', token: JWT, args: ['auth', 'logout'], env: NO_ENV, code: 0, stdout: '', stderr: '✓ Logged out of profile "lab": its token and secrets are forgotten\n' },
  { name: 'logout without a login: a note', args: ['auth', 'logout'], env: NO_ENV, code: 0, stdout: '', stderr: 'Profile "lab" had no stored login.\n' },
  {
    name: 'logout --json, LICENSECTL_TOKEN still set: a warning',
    token: JWT,
    args: ['--json', 'auth', 'logout'],
    env: { LICENSECTL_TOKEN: TOKEN, LICENSECTL_BASE_URL: undefined },
    code: 0,
    stdout: '{\n  "profile": "lab",\n  "loggedOut": true\n}\n',
    stderr: '{"warning":"LICENSECTL_TOKEN is still set: commands keep using it until you unset it"}\n',
  },
  { name: 'token: the stored one, on stdout only', token: JWT, args: ['auth', 'token'], env: NO_ENV, code: 0, stdout: `${JWT}\n`, stderr: '' },
  { name: 'token: LICENSECTL_TOKEN wins', token: JWT, args: ['auth', 'token'], env: { LICENSECTL_TOKEN: TOKEN }, code: 0, stdout: `${TOKEN}\n`, stderr: '' },
  { name: 'token --json: with its expiry', token: JWT, args: ['--json', 'auth', 'token'], env: NO_ENV, code: 0, stdout: JSON.stringify({ token: JWT, expiresAt: new Date(EXP * 1000).toISOString() }, null, 2) + '\n', stderr: '' },
  { name: 'token, expired and not renewable: exit 4', token: EXPIRED, args: ['auth', 'token'], env: NO_ENV, code: 4, stdout: '', stderr: /^licensectl: the token of profile "lab" expired .*run `licensectl auth login` again\n$/ },
];

describe('auth status, logout, token', () => {
  it.each(cases)('$name', async ({ token, none, ...c }) => {
    // An expired token was stored while it was still good, two hours ago.
    await check({ ...c, configDir: await labProfile({ token, none, loginAgoMs: token === EXPIRED ? 7200_000 : 0 }), now, requests: [] });
  });
});
