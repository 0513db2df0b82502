// `auth login` in-process: a pasted token (verified or not), UiPath client credentials and the
// Fusion login, against a mocked origin; secrets come from stdin and are never printed.
import { describe, expect, it } from 'vitest';
import { check, JSON_HEADERS, ltPath, ORG, type Case } from '../fixtures.js';
import { labProfile, NO_ENV, NOW, now } from './setup.js';
import fs from 'node:fs';
import path from 'node:path';

const TOKEN_URL = '/identity_/connect/token';
const inAnHour = new Date(NOW + 3600_000).toISOString();

type AuthCase = Omit<Case, 'configDir'> & { fusion?: boolean; stored?: Record<string, unknown> };

const cases: AuthCase[] = [
  {
    name: 'token, no Fusion group to check it against: stored unverified',
    args: ['auth', 'login', '--with-token'],
    input: '  pasted-token-1234\n',
    code: 0,
    stdout: '',
    stderr: '✓ Token stored in profile "lab" (not verified: the profile has no Fusion instance and group to check it against)\n',
    requests: [],
    stored: { method: 'token', token: 'pasted-token-1234' },
  },
  {
    name: 'token, Fusion profile: verified with one license type of its group',
    fusion: true,
    args: ['auth', 'login', '--with-token'],
    input: 'pasted-token-1234',
    mock: (api) => api.intercept({ path: ltPath('page_size=1'), method: 'GET', headers: { authorization: 'Bearer pasted-token-1234' } })
      .reply(200, { license_types: [], page: 1, pages: 1, results: 0 }, JSON_HEADERS),
    code: 0,
    stdout: '',
    stderr: '✓ Token stored in profile "lab" and verified\n',
    requests: [`GET ${ltPath('page_size=1')}`],
    stored: { method: 'token', token: 'pasted-token-1234' },
  },
  {
    name: 'token refused (401): not stored, exit 4',
    fusion: true,
    args: ['auth', 'login', '--with-token'],
    input: 'bad-token-1234',
    mock: (api) => api.intercept({ path: ltPath('page_size=1'), method: 'GET' }).reply(401, { message: 'invalid token' }, JSON_HEADERS),
    code: 4,
    stdout: '',
    stderr: 'licensectl: the server refused this token (401: invalid token); it was not stored\n',
    stored: undefined,
  },
  {
    name: 'client credentials, --json: the grant\'s expiry from the injected clock',
    args: ['--json', 'auth', 'login', '--client-id', 'cid', '--client-secret-stdin'],
    input: 'client-secret-xyz\n',
    mock: (api) => api.intercept({ path: TOKEN_URL, method: 'POST', body: (b) => new URLSearchParams(b).get('client_secret') === 'client-secret-xyz' && new URLSearchParams(b).get('grant_type') === 'client_credentials' })
      .reply(200, { access_token: 'cc-token-5678', expires_in: 3600, token_type: 'Bearer' }, JSON_HEADERS),
    code: 0,
    stdout: JSON.stringify({ profile: 'lab', method: 'client_credentials', verified: true, expiresAt: inAnHour, clientId: 'cid' }, null, 2) + '\n',
    stderr: '',
    requests: [`POST ${TOKEN_URL}`],
    stored: { method: 'client_credentials', clientId: 'cid', clientSecret: 'client-secret-xyz', token: 'cc-token-5678', expiresAt: NOW + 3600_000 },
  },
  {
    name: 'client credentials refused: exit 4, the secret never printed',
    args: ['auth', 'login', '--client-id', 'cid', '--client-secret-stdin'],
    input: 'client-secret-xyz',
    mock: (api) => api.intercept({ path: TOKEN_URL, method: 'POST' }).reply(400, { error: 'invalid_client', error_description: 'bad client-secret-xyz' }, JSON_HEADERS),
    code: 4,
    stdout: '',
    stderr: /^licensectl: the client credentials of "cid" were refused by 127\.0\.0\.1:9 \(400\): (?!.*client-secret-xyz).*\n$/,
  },
  {
    name: 'Fusion login: user name and password',
    args: ['auth', 'login', '--username', 'admin', '--password-stdin'],
    input: 'pass word\n',
    mock: (api) => api.intercept({ path: `/${ORG}/api/v01/auth/login`, method: 'POST', body: (b) => b === JSON.stringify({ username: 'admin', password: 'pass word' }) })
      .reply(200, { access_token: 'fusion-token-9', expires_in: 3600 }, JSON_HEADERS),
    code: 0,
    stdout: '',
    stderr: /^✓ Logged in to profile "lab" as "admin" with the Fusion login, token expires .+\n$/,
    stored: { method: 'fusion_login', username: 'admin', token: 'fusion-token-9' },
  },
  {
    name: 'Fusion login that wants a second factor, no terminal, no --otp: exit 4 saying how to pass it',
    args: ['auth', 'login', '--username', 'admin', '--password-stdin'],
    input: 'pw',
    mock: (api) => api.intercept({ path: `/${ORG}/api/v01/auth/login`, method: 'POST' }).reply(200, { '2fa_payload': 'x' }, JSON_HEADERS),
    code: 4,
    stdout: '',
    stderr: 'licensectl: this account needs a second factor (a one-time code): pass it with --otp <code>, or run `licensectl auth login` in a terminal to be asked for it\n',
    requests: [`POST /${ORG}/api/v01/auth/login`],
  },
  {
    name: 'an empty token: usage error, nothing sent',
    args: ['auth', 'login', '--with-token'],
    input: '\n',
    code: 2,
    stdout: '',
    stderr: /^licensectl: .*token.*\n$/,
    requests: [],
  },
];

describe('auth login', () => {
  it.each(cases)('$name', async ({ fusion, stored, ...c }) => {
    const configDir = await labProfile({ fusion });
    await check({ ...c, env: NO_ENV, configDir, now });
    const data = JSON.parse(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8')) as { profiles: { lab: { auth?: unknown } } };
    if (stored === undefined) expect(data.profiles.lab.auth).toBeUndefined();
    else expect(data.profiles.lab.auth).toMatchObject(stored);
  });

  it('without a profile: usage error', async () => {
    await check({ name: '', args: ['auth', 'login', '--with-token'], input: 't', code: 2, stdout: '', stderr: 'licensectl: a login is stored in a profile: create one with `licensectl profile set <name> --base-url <url> --use`, or pick one with --profile\n' });
  });
});
