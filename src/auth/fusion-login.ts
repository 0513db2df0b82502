// The Netaxis Fusion login and its session (see docs/api.md, "Fusion login"): the password login,
// the second factor it may ask for, renewal with the refresh token, and logout. A refusal is an
// auth error (exit 4) whose message says what to do next; no message ever repeats a secret.

import type { HttpClient } from '../api/http.js';
import { ApiError, authError, failure } from '../errors.js';
import { asObject, expiry, refuseInsecure, type Grant } from './grant.js';

/** How the second factor's code reaches the user, as the login answers it. */
export type TwoFactorOption = 'email' | 'totp' | (string & {});

/** What a login (or a 2FA call) answers: a token, or a 2FA challenge to finish with `fusionSecondFactor`. */
export type FusionAnswer = { kind: 'grant'; grant: Grant } | { kind: 'challenge'; payload: string; option: TwoFactorOption };

interface GrantOpts {
  allowInsecureHttp: boolean;
  now?: () => number;
}

const path = (name: string) => ['api', 'v01', 'auth', name];

/** Netaxis Fusion: `POST {base}/api/v01/auth/login`. A device that is not trusted gets a 2FA challenge. */
export async function fusionLogin(http: HttpClient, baseUrl: string, username: string, password: string, opts: GrantOpts): Promise<FusionAnswer> {
  refuseInsecure(baseUrl, opts.allowInsecureHttp);
  const started = (opts.now ?? Date.now)();
  let data: unknown;
  try {
    ({ data } = await http.request({
      method: 'POST',
      path: path('login'),
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
  const payload = body?.['2fa_payload'];
  if (typeof payload === 'string' && payload !== '') {
    return { kind: 'challenge', payload, option: typeof body!.option === 'string' ? body!.option : 'unknown' };
  }
  return { kind: 'grant', grant: grantOf(body, started, 'the Fusion login') };
}

/** `POST {base}/api/v01/auth/2fa` with the payload as the login answered it: the same answer as a login. */
export async function fusionSecondFactor(http: HttpClient, baseUrl: string, payload: string, code: string, opts: GrantOpts): Promise<Grant> {
  refuseInsecure(baseUrl, opts.allowInsecureHttp);
  const started = (opts.now ?? Date.now)();
  let data: unknown;
  try {
    // `trust: false`: licensectl never asks the platform to remember this machine (a CI runner is not a device).
    ({ data } = await http.request({ method: 'POST', path: path('2fa'), json: { '2fa_payload': payload, code, trust: false }, auth: false }));
  } catch (err) {
    if (err instanceof ApiError && err.status !== undefined && err.status >= 400 && err.status < 500) throw secondFactorRefused(err);
    throw err;
  }
  return grantOf(asObject(data), started, 'the Fusion 2FA call');
}

function secondFactorRefused(err: ApiError): Error {
  const said = err.apiMessage ? ` (${err.apiMessage})` : '';
  const again = 'run `licensectl auth login` again for a new code';
  if (err.errorName === 'expired_payload' || /expired/i.test(err.apiMessage ?? '')) {
    return authError(`the 2FA request expired before the code was sent${said}: ${again}, and enter it sooner`);
  }
  if (err.errorName === 'invalid_payload') return authError(`the 2FA request is no longer valid${said}: ${again}`);
  return authError(`the 2FA code was refused (${err.status})${said}: check it and run \`licensectl auth login\` again`);
}

/**
 * `GET {base}/api/v01/auth/access_token` with the refresh token as the bearer. A new refresh token
 * comes only when the old one is about to expire; without one the grant carries none (keep the old).
 */
export async function fusionRenew(http: HttpClient, baseUrl: string, refreshToken: string, opts: GrantOpts): Promise<Grant> {
  refuseInsecure(baseUrl, opts.allowInsecureHttp);
  const started = (opts.now ?? Date.now)();
  let data: unknown;
  try {
    ({ data } = await http.request({ method: 'GET', path: path('access_token'), bearer: refreshToken }));
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) {
      throw authError(`the Fusion session ended: the refresh token was refused (${err.status}${err.apiMessage ? `: ${err.apiMessage}` : ''})`);
    }
    throw err;
  }
  const grant = grantOf(asObject(data), started, 'the Fusion token renewal');
  if (grant.machine) throw failure('the Fusion token renewal answered a machine token instead of an access token', 'bad_response');
  return grant;
}

/** `GET {base}/api/v01/auth/logout` with the client's access token: the server ends that login's session. */
export async function fusionLogout(http: HttpClient): Promise<void> {
  await http.request({ method: 'GET', path: path('logout') });
}

/** The token of a login answer: the M2M `token` when there is one (long-lived, what CI wants), else the access token. */
function grantOf(body: Record<string, unknown> | undefined, started: number, what: string): Grant {
  const m2m = body?.token;
  if (typeof m2m === 'string' && m2m !== '') return { token: m2m, obtainedAt: started, machine: true };
  const token = body?.access_token;
  if (typeof token !== 'string' || token === '') throw failure(`${what} answered 200 without a token`, 'bad_response');
  const refresh = body!.refresh_token;
  return {
    token,
    obtainedAt: started,
    expiresAt: expiry(body!.expires_in, token, started),
    ...(typeof refresh === 'string' && refresh !== '' && { refreshToken: refresh }),
  };
}
