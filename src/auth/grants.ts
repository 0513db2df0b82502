// Getting a token: the UiPath Identity token endpoint (OAuth 2.0 client credentials, password and
// refresh-token grants) and the Netaxis Fusion login. See ../shared/API.md, "Getting a token" and
// "Logging in". Every refusal becomes an auth error (exit 4) that never repeats a secret.

import type { HttpClient } from '../api/http.js';
import { isLoopback } from '../api/url.js';
import { ApiError, authError, CliError, failure } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { isJsonObject } from '../json.js';
import { jwtExpiry } from './expiry.js';

export const DEFAULT_SCOPE = 'PM.License.Write PM.License.Read';

export const TWO_FACTOR_MESSAGE =
  'this account needs a second factor, which licensectl cannot complete: log in via the web UI and use `licensectl auth login --with-token`';

/** A freshly obtained token. */
export interface Grant {
  token: string;
  obtainedAt: number;
  expiresAt?: number;
  refreshToken?: string;
  scope?: string;
}

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

/** Credentials go over https, or plain http to this machine, unless the profile allows otherwise. */
export function refuseInsecure(target: string, allowInsecureHttp: boolean): void {
  const url = new URL(target);
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !allowInsecureHttp) {
    throw new CliError(
      `refusing to send credentials over plain http to ${url.host}: use https, or \`licensectl profile set <name> --allow-insecure-http\` if you really must`,
      { code: 'insecure', exitCode: ExitCode.usage },
    );
  }
}

export type OAuthForm =
  | { grant_type: 'client_credentials'; client_id: string; client_secret: string; scope: string }
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
      throw authError(`${describeGrant(form)} was refused by ${new URL(tokenUrl).host} (${err.status}): ${err.apiMessage ?? 'no reason given'}`);
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

/** Netaxis Fusion: `POST {base}/api/v01/auth/login`. A device that is not trusted gets only a `2fa_payload`. */
export async function fusionLogin(http: HttpClient, baseUrl: string, username: string, password: string, opts: { allowInsecureHttp: boolean; now?: () => number }): Promise<Grant> {
  refuseInsecure(baseUrl, opts.allowInsecureHttp);
  const started = (opts.now ?? Date.now)();
  let data: unknown;
  try {
    ({ data } = await http.request({
      method: 'POST',
      path: ['api', 'v01', 'auth', 'login'],
      json: { username, password },
      auth: false,
      messages: { 404: `there is no Fusion login at ${baseUrl}/api/v01/auth/login: check the profile's base URL` },
    }));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) throw authError('invalid credentials: the Fusion login refused this user name and password');
    if (err instanceof ApiError && (err.status === 400 || err.status === 403)) {
      throw authError(`the Fusion login was refused (${err.status}): ${err.apiMessage ?? 'no reason given'}`);
    }
    throw err;
  }
  const body = asObject(data);
  const token = body?.access_token ?? body?.token;
  if (typeof token === 'string' && token !== '') {
    return { token, obtainedAt: started, expiresAt: expiry(body!.expires_in, token, started) };
  }
  if (body && '2fa_payload' in body) throw authError(TWO_FACTOR_MESSAGE);
  throw failure('the Fusion login answered 200 without a token', 'bad_response');
}

function describeGrant(form: OAuthForm): string {
  switch (form.grant_type) {
    case 'client_credentials': return `the client credentials of "${form.client_id}"`;
    case 'password': return `the password login of "${form.username}"`;
    case 'refresh_token': return 'the token renewal';
  }
}

function expiry(expiresIn: unknown, token: string, obtainedAt: number): number | undefined {
  const seconds = typeof expiresIn === 'string' ? Number(expiresIn) : expiresIn;
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) return obtainedAt + seconds * 1000;
  return jwtExpiry(token);
}

function asObject(data: unknown): Record<string, unknown> | undefined {
  return isJsonObject(data) ? data : undefined;
}
