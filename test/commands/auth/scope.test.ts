// UiPath client credentials ask for no scope unless --scope names one: an identity server refuses
// the whole request when one asked-for scope was not granted. A refusal names the scope and how to grant it.
import { describe, expect, it } from 'vitest';
import { check, JSON_HEADERS, type Case } from '../fixtures.js';
import { labProfile, NO_ENV, now } from './setup.js';

const TOKEN_URL = '/identity_/connect/token';
const login = ['auth', 'login', '--client-id', 'app', '--client-secret-stdin'];
const form = (b: string) => Object.fromEntries(new URLSearchParams(b));

async function run(c: Omit<Case, 'name' | 'configDir' | 'now' | 'env'>) {
  return check({ name: '', ...c, env: NO_ENV, configDir: await labProfile(), now });
}

describe('UiPath client credentials and scopes', () => {
  it('sends no scope field when --scope is not given, and stores none', async () => {
    await run({
      args: login,
      input: 'app-secret-1',
      mock: (api) => api.intercept({ path: TOKEN_URL, method: 'POST', body: (b) => JSON.stringify(form(b)) === JSON.stringify({ grant_type: 'client_credentials', client_id: 'app', client_secret: 'app-secret-1' }) })
        .reply(200, { access_token: 'cc-1', expires_in: 3600, scope: 'PM.License.Write' }, JSON_HEADERS),
      code: 0,
      stdout: '',
      stderr: /^✓ Logged in to profile "lab" as client "app" with client credentials/,
    });
  });

  it('sends --scope as given', async () => {
    await run({
      args: [...login, '--scope', 'PM.License.Read'],
      input: 'app-secret-1',
      mock: (api) => api.intercept({ path: TOKEN_URL, method: 'POST', body: (b) => form(b).scope === 'PM.License.Read' }).reply(200, { access_token: 'cc-1', expires_in: 3600 }, JSON_HEADERS),
      code: 0,
      stdout: '',
      stderr: /^✓ Logged in/,
    });
  });

  it('400 invalid_scope: names the scope asked for and how to grant it (exit 4)', async () => {
    const r = await run({
      args: [...login, '--scope', 'PM.License.Read'],
      input: 'app-secret-1',
      mock: (api) => api.intercept({ path: TOKEN_URL, method: 'POST' }).reply(400, { error: 'invalid_scope' }, JSON_HEADERS),
      code: 4,
      stdout: '',
      stderr: 'licensectl: the client credentials of "app" were refused by 127.0.0.1:9 (400): invalid_scope; it was not granted the scope "PM.License.Read": grant it in UiPath: Admin > External Applications > the application (or the user\'s roles) > scopes, or leave out --scope to get the scopes it was granted\n',
    });
    expect(r.stderr).not.toContain('app-secret-1');
  });

  it('403 without --scope: names the scope the application needs', async () => {
    await run({
      args: login,
      input: 'app-secret-1',
      mock: (api) => api.intercept({ path: TOKEN_URL, method: 'POST' }).reply(403, { error: 'unauthorized_client', error_description: 'no scopes granted' }, JSON_HEADERS),
      code: 4,
      stdout: '',
      stderr: /^licensectl: the client credentials of "app" were refused by 127\.0\.0\.1:9 \(403\): no scopes granted; it needs the scope PM\.License\.Write .*grant it in UiPath: Admin > External Applications/,
    });
  });

  it('a plain 400 (not a scope problem) gets no scope advice', async () => {
    await run({
      args: login,
      input: 'app-secret-1',
      mock: (api) => api.intercept({ path: TOKEN_URL, method: 'POST' }).reply(400, { error: 'invalid_client' }, JSON_HEADERS),
      code: 4,
      stdout: '',
      stderr: 'licensectl: the client credentials of "app" were refused by 127.0.0.1:9 (400): invalid_client\n',
    });
  });
});
