// Getting a token from the Netaxis Fusion login (see docs/api.md, "Fusion login"). A refusal is an
// auth error (exit 4); an account that needs a second factor is told how to log in instead.

import type { HttpClient } from '../api/http.js';
import { ApiError, authError, failure } from '../errors.js';
import { asObject, expiry, refuseInsecure, type Grant } from './grant.js';

export const TWO_FACTOR_MESSAGE =
  'this account needs a second factor, which licensectl cannot complete: log in via the web UI and use `licensectl auth login --with-token`';

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
