import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_UIPATH_GROUPS } from '../../src/sandbox/identities.js';
import { SANDBOX_DEFAULTS as D, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { call, expectErrorBody, form, leasePath } from './helpers.js';

let sb: Sandbox;
// The sandbox's clock is the test's: a token expires when the test moves time on, never because a
// busy machine was slow between two requests.
let clockMs = Date.UTC(2026, 0, 1);

beforeAll(async () => {
  sb = await startSandbox({ tokenTtlSeconds: 1, now: () => clockMs });
});
afterAll(() => sb.close());

const token = (fields: Record<string, string>, path = '/identity_/connect/token') => call(sb.url, 'POST', path, form(fields));
const group = SANDBOX_UIPATH_GROUPS[1]!.id;

describe('POST /identity_/connect/token', () => {
  it('client_credentials grants every allowed scope by default, and the token works', async () => {
    const a = await token({ grant_type: 'client_credentials', client_id: D.clientId, client_secret: D.clientSecret });
    expect(a.status).toBe(200);
    expect(a.json).toMatchObject({ token_type: 'Bearer', expires_in: 1, scope: 'PM.License.Write PM.License.Read PM.Group.Read' });
    expect(a.json.refresh_token).toBeUndefined();
    const put = await call(sb.url, 'PUT', leasePath(group), { token: a.json.access_token, body: { userBundleCodes: ['IDU'] } });
    expect(put.status).toBe(200);
  });

  it('refuses the whole request (400 invalid_scope, naming it) when one requested scope was not granted', async () => {
    const both = await token({ grant_type: 'client_credentials', client_id: 'reader', client_secret: 'reader-secret', scope: 'PM.License.Write PM.License.Read' });
    expect(both.status).toBe(400);
    expect(both.json.error).toBe('invalid_scope');
    expect(both.json.error_description).toContain('PM.License.Write');
    expect(both.json.access_token).toBeUndefined();
    const none = await token({ grant_type: 'client_credentials', client_id: 'reader', client_secret: 'reader-secret', scope: 'PM.License.Write' });
    expect(none.status).toBe(400);
    expect(none.json.error).toBe('invalid_scope');
    const read = await token({ grant_type: 'client_credentials', client_id: 'reader', client_secret: 'reader-secret', scope: 'PM.License.Read' });
    expect(read.json.scope).toBe('PM.License.Read');
    const put = await call(sb.url, 'PUT', leasePath(group), { token: read.json.access_token, body: { userBundleCodes: ['IDU'] } });
    expect(put.status).toBe(403);
  });

  it('a write-only client gets its one scope without a scope parameter, and is refused when it asks for both', async () => {
    const creds = { grant_type: 'client_credentials', client_id: 'licensectl-writeonly', client_secret: 'writeonly-secret' };
    const plain = await token(creds);
    expect(plain.status).toBe(200);
    expect(plain.json.scope).toBe('PM.License.Write');
    const put = await call(sb.url, 'PUT', leasePath(group), { token: plain.json.access_token, body: { userBundleCodes: ['IDU'] } });
    expect(put.status).toBe(200);
    expect((await token({ ...creds, scope: 'PM.License.Write' })).json.scope).toBe('PM.License.Write');
    // What the client sends today by default (DEFAULT_SCOPE): refused as a whole.
    const both = await token({ ...creds, scope: 'PM.License.Write PM.License.Read' });
    expect(both.status).toBe(400);
    expect(both.json.error).toBe('invalid_scope');
    expect(both.json.error_description).toMatch(/PM\.License\.Read was not granted/);
  });

  it('the password grant follows the same scope rule', async () => {
    const base = { grant_type: 'password', client_id: D.clientId, client_secret: D.clientSecret, username: D.username, password: D.password };
    expect((await token({ ...base, scope: 'PM.License.Write PM.License.Read' })).status).toBe(200);
    const bad = await token({ ...base, scope: 'PM.License.Read Other.Scope' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('invalid_scope');
  });

  it('accepts the organization-prefixed path and Basic client authentication', async () => {
    const basic = Buffer.from(`${D.clientId}:${D.clientSecret}`).toString('base64');
    const a = await call(sb.url, 'POST', `/${D.org}/identity_/connect/token`, {
      body: 'grant_type=client_credentials&scope=PM.License.Read',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basic}` },
    });
    expect(a.status).toBe(200);
    expect(a.json.scope).toBe('PM.License.Read');
    expect((await token({ grant_type: 'client_credentials', client_id: D.clientId, client_secret: D.clientSecret }, '/globex/identity_/connect/token')).status).toBe(404);
  });

  it('401 invalid_client for an unknown client or a wrong secret', async () => {
    const cases: Record<string, string>[] = [
      { grant_type: 'client_credentials', client_id: 'nobody', client_secret: 'x' },
      { grant_type: 'client_credentials', client_id: D.clientId, client_secret: 'wrong' },
      { grant_type: 'client_credentials' },
    ];
    for (const fields of cases) {
      const a = await token(fields);
      expect(a.status).toBe(401);
      expect(a.json.error).toBe('invalid_client');
    }
  });

  it('400 for an unsupported grant, a missing grant_type, or a JSON body', async () => {
    const a = await token({ grant_type: 'authorization_code', client_id: D.clientId, client_secret: D.clientSecret });
    expect(a.status).toBe(400);
    expect(a.json.error).toBe('unsupported_grant_type');
    expect((await token({ client_id: D.clientId })).json.error).toBe('invalid_request');
    const json = await call(sb.url, 'POST', '/identity_/connect/token', { body: { grant_type: 'client_credentials' } });
    expect(json.status).toBe(400);
    expect(json.json.error).toBe('invalid_request');
  });

  it('password grant: tokens for the right password, invalid_grant otherwise, refresh tokens are single-use', async () => {
    const base = { client_id: D.clientId, client_secret: D.clientSecret };
    const bad = await token({ ...base, grant_type: 'password', username: D.username, password: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toBe('invalid_grant');
    const ok = await token({ ...base, grant_type: 'password', username: D.username, password: D.password });
    expect(ok.status).toBe(200);
    expect(typeof ok.json.refresh_token).toBe('string');
    const refreshed = await token({ ...base, grant_type: 'refresh_token', refresh_token: ok.json.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.access_token).not.toBe(ok.json.access_token);
    expect(refreshed.json.refresh_token).not.toBe(ok.json.refresh_token);
    const reused = await token({ ...base, grant_type: 'refresh_token', refresh_token: ok.json.refresh_token });
    expect(reused.status).toBe(400);
    expect(reused.json.error).toBe('invalid_grant');
    const otherClient = await token({ client_id: 'reader', client_secret: 'reader-secret', grant_type: 'refresh_token', refresh_token: refreshed.json.refresh_token });
    expect(otherClient.json.error).toBe('invalid_grant');
  });

  it('issued tokens expire after tokenTtlSeconds', async () => {
    const a = await token({ grant_type: 'client_credentials', client_id: D.clientId, client_secret: D.clientSecret });
    expect((await call(sb.url, 'GET', leasePath(group), { token: a.json.access_token })).status).toBe(200);
    clockMs += 999;
    expect((await call(sb.url, 'GET', leasePath(group), { token: a.json.access_token })).status).toBe(200);
    clockMs += 1;
    const late = await call(sb.url, 'GET', leasePath(group), { token: a.json.access_token });
    expect(late.status).toBe(401);
    expect(expectErrorBody(late).message).toMatch(/expired/);
    // The admin token never expires.
    expect((await call(sb.url, 'GET', leasePath(group), { token: sb.adminToken })).status).toBe(200);
  });
});

describe('POST /{org}/api/account/authenticate (legacy)', () => {
  const path = `/${D.org}/api/account/authenticate`;
  it('answers {result, success} with a working token', async () => {
    const a = await call(sb.url, 'POST', path, { body: { TenancyName: 'Default', UsernameOrEmailAddress: D.username, Password: D.password } });
    expect(a.status).toBe(200);
    expect(a.json.success).toBe(true);
    expect((await call(sb.url, 'GET', leasePath(group), { token: a.json.result })).status).toBe(200);
  });

  it('401 for a wrong password or tenancy, 400 for a missing field', async () => {
    expect((await call(sb.url, 'POST', path, { body: { TenancyName: 'Default', UsernameOrEmailAddress: D.username, Password: 'x' } })).status).toBe(401);
    expect((await call(sb.url, 'POST', path, { body: { TenancyName: 'Other', UsernameOrEmailAddress: D.username, Password: D.password } })).status).toBe(401);
    expect((await call(sb.url, 'POST', path, { body: { UsernameOrEmailAddress: D.username, Password: D.password } })).status).toBe(400);
  });
});
