// Getting a token from UiPath Identity: the OAuth 2.0 token endpoint (client credentials, password
// and refresh-token grants; see docs/api.md, "UiPath Identity"). Every refusal becomes an auth error
// (exit 4) that never repeats a secret.

import type { HttpClient } from '../api/http.js';
import { ApiError, authError, failure } from '../errors.js';
import { asObject, expiry, refuseInsecure, type Grant } from './grant.js';

/** What the password grant asks for (it needs a scope); client credentials ask for none unless told. */
export const DEFAULT_SCOPE = 'PM.License.Write PM.License.Read';

/**
 * The token endpoint for a base URL. Automation Suite serves Identity at the host's root
 * (`{origin}/identity_/connect/token`); Automation Cloud (*.uipath.com) under the organization.
 */
export function defaultTokenUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  const org = url.pathname.split('/').find((s) => s !== '');
  if (org && /(^|\.)uipath\.com$/i.test(url.hostname)) return `${url.origin}/${org}/identity_/connect/token`;
  return `${url.origin}/identity_/connect/token`;
}

export type OAuthForm =
  | { grant_type: 'client_credentials'; client_id: string; client_secret: string; scope?: string }
  | { grant_type: 'password'; client_id: string; client_secret?: string; username: string; password: string; scope: string }
  | { grant_type: 'refresh_token'; client_id: string; client_secret?: string; refresh_token: string };

/** POST a form to an OAuth token endpoint. */
export async function oauthToken(http: HttpClient, tokenUrl: string, form: OAuthForm, opts: { allowInsecureHttp: boolean; now?: () => number }): Promise<Grant> {
  refuseInsecure(tokenUrl, opts.allowInsecureHttp);
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) if (v !== undefined) fields[k] = v;
  const started = (opts.now ?? Date.now)();
  let data: unknown;
  try {
    ({ data } = await http.request({
      method: 'POST',
      path: [],
      url: tokenUrl,
      form: fields,
      auth: false,
      messages: { 404: `there is no token endpoint at ${tokenUrl}: pass the right one with --token-url` },
    }));
  } catch (err) {
    if (err instanceof ApiError && (err.status === 400 || err.status === 401 || err.status === 403)) {
      const refused = `${describeGrant(form)} refused by ${new URL(tokenUrl).host} (${err.status}): ${err.apiMessage ?? 'no reason given'}`;
      const scopes = (err.status === 400 && err.errorName === 'invalid_scope') || err.status === 403 ? scopeHint(form) : undefined;
      throw authError(scopes ? `${refused}; ${scopes}` : refused);
    }
    throw err;
  }
  const body = asObject(data);
  const token = body?.access_token;
  if (typeof token !== 'string' || token === '') {
    throw failure(`the token endpoint ${tokenUrl} answered without an access_token`, 'bad_response');
  }
  return {
    token,
    obtainedAt: started,
    expiresAt: expiry(body!.expires_in, token, started),
    ...(typeof body!.refresh_token === 'string' && body!.refresh_token !== '' && { refreshToken: body!.refresh_token }),
    ...(typeof body!.scope === 'string' && { scope: body!.scope }),
  };
}

function describeGrant(form: OAuthForm): string {
  switch (form.grant_type) {
    // With the verb: "credentials" takes "were".
    case 'client_credentials': return `the client credentials of "${form.client_id}" were`;
    case 'password': return `the password login of "${form.username}" was`;
    case 'refresh_token': return 'the token renewal was';
  }
}

/** What to do when the identity server refuses the scope (400 invalid_scope) or the client (403). */
function scopeHint(form: OAuthForm): string | undefined {
  if (form.grant_type === 'refresh_token') return undefined;
  const where = `in UiPath: Admin > External Applications > the application (or the user's roles) > scopes`;
  if (form.scope) return `it was not granted the scope "${form.scope}": grant it ${where}, or leave out --scope to get the scopes it was granted`;
  return `it needs the scope PM.License.Write (and PM.License.Read, PM.Group.Read to read): grant it ${where}`;
}
