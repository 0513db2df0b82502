// UiPath Identity (OAuth 2.0 token endpoint) and the legacy Orchestrator authenticate call.

import { ApiError, formBody, jsonObject, type Ctx, type Reply } from './http.js';
import {
  ALL_UIPATH_SCOPES,
  SANDBOX_CLIENTS,
  SANDBOX_TENANCY,
  SANDBOX_UIPATH_USERS,
  type SeedClient,
} from './identities.js';
import { requireOrg, withOrgPrefix, type Route, type Services } from './router.js';

const oauth = (status: number, error: string, description: string, headers: Record<string, string> = {}): ApiError =>
  new ApiError(status, error, description, headers, { error_description: description });

/** Client credentials from the form, or from an `Authorization: Basic` header (client_secret_basic). */
function authenticateClient(ctx: Ctx, form: URLSearchParams): SeedClient {
  let id = form.get('client_id');
  let secret = form.get('client_secret');
  const basic = /^Basic +(\S+)$/i.exec(ctx.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    try {
      if (colon < 0) throw new URIError('no colon');
      id = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    } catch {
      throw oauth(401, 'invalid_client', 'the Basic credentials are not "client_id:client_secret"', { 'WWW-Authenticate': 'Basic' });
    }
  }
  if (!id) throw oauth(401, 'invalid_client', 'client_id is missing');
  const client = SANDBOX_CLIENTS.find((c) => c.clientId === id);
  if (!client || client.clientSecret !== secret) {
    throw oauth(401, 'invalid_client', 'unknown client or wrong client secret', basic ? { 'WWW-Authenticate': 'Basic' } : {});
  }
  return client;
}

/**
 * The requested scopes, or all the client was granted when none are requested. Like the real
 * identity server, one scope that was not granted refuses the whole request: no partial grant.
 */
function grantScopes(requested: string | null, allowed: readonly string[]): string[] {
  const wanted = [...new Set((requested ?? '').split(/\s+/).filter(Boolean))];
  if (wanted.length === 0) return [...allowed];
  const refused = wanted.filter((s) => !allowed.includes(s));
  if (refused.length > 0) {
    throw oauth(400, 'invalid_scope', `the scope ${refused.join(' ')} was not granted to this client (granted: ${allowed.join(' ') || 'none'})`);
  }
  return wanted;
}

function required(form: URLSearchParams, name: string): string {
  const v = form.get(name);
  if (!v) throw oauth(400, 'invalid_request', `${name} is required`);
  return v;
}

function tokenEndpoint(svc: Services) {
  return (ctx: Ctx): Reply => {
    const form = formBody(ctx);
    const grant = required(form, 'grant_type');
    const client = authenticateClient(ctx, form);
    let subject = client.clientId;
    let scopes: string[];
    let withRefresh = false;
    switch (grant) {
      case 'client_credentials':
        scopes = grantScopes(form.get('scope'), client.scopes);
        break;
      case 'password': {
        const username = required(form, 'username');
        const password = required(form, 'password');
        if (!SANDBOX_UIPATH_USERS.some((u) => u.username === username && u.password === password)) {
          throw oauth(400, 'invalid_grant', 'invalid username or password');
        }
        subject = username;
        scopes = grantScopes(form.get('scope'), client.scopes);
        withRefresh = true;
        break;
      }
      case 'refresh_token': {
        const rec = svc.tokens.redeemRefresh(required(form, 'refresh_token'), client.clientId);
        if (!rec) throw oauth(400, 'invalid_grant', 'the refresh token is unknown, already used, or was issued to another client');
        subject = rec.subject;
        scopes = grantScopes(form.get('scope'), rec.scopes);
        withRefresh = true;
        break;
      }
      default:
        throw oauth(400, 'unsupported_grant_type', `grant_type ${grant} is not supported (client_credentials, password, refresh_token)`);
    }
    const ttl = svc.tokenTtlSeconds;
    const access = svc.tokens.issue({ subject, scopes, roles: [], ttlSeconds: ttl, clientId: client.clientId });
    return {
      status: 200,
      headers: { 'Cache-Control': 'no-store' },
      body: {
        access_token: access,
        expires_in: ttl,
        token_type: 'Bearer',
        scope: scopes.join(' '),
        ...(withRefresh && { refresh_token: svc.tokens.issueRefresh(client.clientId, subject, scopes) }),
      },
    };
  };
}

function legacyAuthenticate(svc: Services) {
  return (ctx: Ctx): Reply => {
    const body = jsonObject(ctx);
    for (const key of ['TenancyName', 'UsernameOrEmailAddress', 'Password']) {
      if (typeof body[key] !== 'string') throw new ApiError(400, 'bad_request', `${key} is required and must be a string`);
    }
    const tenancy = (body.TenancyName as string).toLowerCase();
    const org = ctx.params.org!.toLowerCase();
    const knownTenancy = tenancy === SANDBOX_TENANCY.toLowerCase() || tenancy === org;
    const user = SANDBOX_UIPATH_USERS.find((u) => u.username === body.UsernameOrEmailAddress && u.password === body.Password);
    if (!knownTenancy || !user) {
      throw new ApiError(401, 'invalid_credentials', 'invalid tenancy name, user name or password', {}, { success: false });
    }
    const token = svc.tokens.issue({ subject: user.username, scopes: ALL_UIPATH_SCOPES, roles: [], ttlSeconds: svc.tokenTtlSeconds });
    return { status: 200, body: { result: token, success: true } };
  };
}

export function identityRoutes(svc: Services): Route[] {
  const authenticate = legacyAuthenticate(svc);
  return [
    ...withOrgPrefix(svc.state, [{ pattern: ['identity_', 'connect', 'token'], handlers: { POST: tokenEndpoint(svc) }, auth: true }]),
    {
      pattern: [':org', 'api', 'account', 'authenticate'],
      handlers: {
        POST: (ctx) => {
          requireOrg(svc.state, ctx.params.org!);
          return authenticate(ctx);
        },
      },
      auth: true,
    },
  ];
}
