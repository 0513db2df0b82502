// Every human-output path against a hostile server whose every string carries terminal control
// sequences (CSI, OSC, C1 CSI U+009B, bidi overrides): on a terminal and in a pipe, with and
// without colour, nothing the server sent may reach stdout or stderr as a control sequence.
// Only licensectl's own colours (SGR) may appear, and only when colour is on.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, tempConfigDir } from '../helpers/inprocess.js';
import { startHostileServer, type HostileServer, type Received, type Scripted } from '../helpers/hostile-server.js';

const ESC = '\u001b';
const EVIL = `${ESC}[2J${ESC}]0;pwned\u0007\u009b31m\u202eevil\u202c${ESC}[8m`;
const H = (s: string) => `${s}${EVIL}`;
const GROUP = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
const UGROUP = '9d2f4a6b-1c3e-4a5b-9d7f-2e4a6c8e0f99';
const ACCOUNT = 'a1c3e5f7-0b2d-4f6a-8c1e-3d5f7a9b1c2e';
const T = ['--instance', 'draas1', '--group', GROUP];
const TYPE = { id: 7, name: H('Gold'), sku: 'gold', description: H('Premium') };
const OTHER = { id: 8, name: H('Old'), sku: 'old', description: H('x') };

/** A plausible answer to each request, every string hostile; writes to "old" fail with a hostile 409. */
function answer(q: Received): Scripted {
  if (q.path.includes('/license_types')) {
    if (q.method === 'GET' && /\/license_types\/\d+$/.test(q.path)) return { body: TYPE };
    if (q.method === 'GET') return { body: { license_types: [TYPE, OTHER], page: 1, pages: 1, results: 2 } };
    if (q.method === 'POST') return { status: 201, body: { ...TYPE, id: 9, name: H('New') } };
    if (q.method === 'PUT' && q.path.endsWith('/8')) return { status: 409, body: { message: H('conflict') } };
    if (q.method === 'PUT') return { body: { name: H('Platinum'), sku: 'gold', description: H('Premium') } };
    if (q.method === 'DELETE' && q.path.endsWith('/8')) return { status: 409, body: { message: H('in use') } };
    return { status: 204 };
  }
  if (q.path.endsWith('/user-license/group/page')) return { body: { totalCount: 1, results: [{ id: UGROUP, name: H('Sales'), userBundleLicenses: [H('IDU')], useExternalLicense: false }] } };
  if (q.path.includes('/user-license/group/') && q.method === 'GET') {
    return { body: { allocatedUserBundles: [H('ACNU')], availableUserBundles: [{ code: H('IDU'), allocated: 1, total: 5 }], useExternalLicense: false } };
  }
  if (q.path.includes('/user-license/group/') && q.method === 'PUT') {
    return { body: { groupId: UGROUP, organizationId: H(ACCOUNT), useExternalLicense: false, userBundleCodes: ['IDU', H('ACNU')] } };
  }
  if (q.path.includes('/user-license/group') && q.method === 'DELETE') return { status: 204 };
  if (q.path.includes('/user-license')) return { body: [{ code: H('IDU'), allocated: 1, total: 2 }] };
  return { status: 404, body: { message: H('nothing here') } };
}

let server: HostileServer;
let config: string;
let desired: string;
beforeAll(async () => {
  server = await startHostileServer(answer);
  config = tempConfigDir();
  desired = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-hostile-')), 'desired.json');
  fs.writeFileSync(desired, JSON.stringify([{ sku: 'gold', name: 'Gold 2' }, { sku: 'old', name: 'Old 2' }, { sku: 'new', name: 'New' }]));
});
afterAll(async () => {
  await server?.close();
});

const COMMANDS: Record<string, string[]> = {
  'lt list': ['lt', 'list', ...T],
  'lt get': ['lt', 'get', '7', ...T],
  'lt create': ['lt', 'create', '--name', 'New', '--sku', 'new', ...T],
  'lt update (change notes)': ['lt', 'update', '7', '--name', 'Platinum', ...T],
  'lt update (no change)': ['lt', 'update', '7', '--sku', 'gold', ...T],
  'lt delete': ['lt', 'delete', '7', '--yes', ...T],
  'lt apply (failure lines)': ['lt', 'apply', '--file', '', ...T],
  'lt apply --dry-run': ['lt', 'apply', '--dry-run', '--file', '', ...T],
  'group allocate (success line)': ['group', 'allocate', UGROUP, '--codes', 'IDU,ACNU', '--account', ACCOUNT, '--allow-unknown-codes'],
  'group allocate --add': ['group', 'allocate', UGROUP, '--add', 'IDU', '--account', ACCOUNT],
  'group allocate --dry-run': ['group', 'allocate', UGROUP, '--codes', 'IDU', '--account', ACCOUNT, '--dry-run'],
  'group show': ['group', 'show', UGROUP, '--account', ACCOUNT],
  'group list': ['group', 'list', '--account', ACCOUNT],
  'group revoke': ['group', 'revoke', UGROUP, '--account', ACCOUNT, '--yes'],
  'account licenses': ['account', 'licenses', '--account', ACCOUNT],
};

/** Control characters other than tab and line feed, C1, and bidi embeddings/overrides/isolates. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** licensectl's own: the SGR sequences of its colours, and the progress line's carriage return and erase. */
// eslint-disable-next-line no-control-regex
const OWN_SGR = /\u001b\[(?:0|1|2|22|31|32|33|36|39|90)m|\r\u001b\[K/g;

/** Commands whose output names only what the user gave. */
const QUOTES_NOTHING = new Set(['lt delete']);

const MODES = [
  { name: 'terminal, no colour', tty: true, env: { NO_COLOR: '1' } },
  { name: 'terminal, colour', tty: true, env: { FORCE_COLOR: '1' } },
  { name: 'pipe', tty: false, env: {} },
] as const;

describe.each(MODES)('hostile server, $name', (mode) => {
  it.each(Object.keys(COMMANDS))('%s', async (name) => {
    const args = COMMANDS[name]!.map((a) => (a === '' ? desired : a));
    const r = await runInProcess(args, {
      tty: mode.tty,
      configDir: config,
      env: { ...mode.env, LICENSECTL_BASE_URL: server.url, LICENSECTL_TOKEN: 'tok-hostile-123', LICENSECTL_MAX_ATTEMPTS: '1' },
    });
    expect(r.stderr).not.toContain('unexpected error');
    for (const [stream, text] of [['stdout', r.stdout], ['stderr', r.stderr]] as const) {
      const rest = text.replace(OWN_SGR, '');
      expect(rest, `${stream}: ${JSON.stringify(text)}`).not.toMatch(UNSAFE);
    }
    // The command did produce output that quoted the server (the test is not vacuous).
    if (!QUOTES_NOTHING.has(name) && !(mode.tty === false && name === 'lt apply --dry-run')) expect(r.stdout + r.stderr).toMatch(/2J|pwned|evil|\\x1b|\\u001b/);
  });
});

describe('hostile server, confirmation prompts', () => {
  it.each([
    ['group revoke', ['group', 'revoke', UGROUP, '--account', ACCOUNT]],
    ['lt delete', ['lt', 'delete', '7', ...T]],
  ])('%s: the question quotes the server safely', async (_name, args) => {
    const r = await runInProcess(args, {
      tty: true,
      stdinTty: true,
      input: 'n\n',
      configDir: config,
      env: { NO_COLOR: '1', LICENSECTL_BASE_URL: server.url, LICENSECTL_TOKEN: 'tok-hostile-123', LICENSECTL_MAX_ATTEMPTS: '1' },
    });
    expect(r.stderr).toMatch(/\[y\/N\]/);
    expect(r.stderr).toMatch(/2J|evil/);
    expect(r.stderr, JSON.stringify(r.stderr)).not.toMatch(UNSAFE);
  });
});

it('--json: the same data, with every control character and bidi override escaped', async () => {
  const r = await runInProcess(['--json', 'lt', 'get', '7', ...T], { configDir: config, env: { LICENSECTL_BASE_URL: server.url, LICENSECTL_TOKEN: 'tok-hostile-123' } });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).not.toMatch(UNSAFE);
  expect(JSON.parse(r.stdout)).toEqual(TYPE);
});
