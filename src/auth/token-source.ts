// Where a command's bearer token comes from, the rule written once: LICENSECTL_TOKEN (CI) overrides
// the stored login of the profile; the stored login is renewed when it can be (auth/session.ts).
// Light on purpose: Context imports it at start, and the session's code loads only when needed.

import type { TokenSource } from '../api/http.js';
import { storedAuthProblem, type ResolvedProfile } from '../config/profile.js';
import type { SessionHost } from './session.js';
import { authError, usageError } from '../errors.js';

/** The token in the environment, which overrides any stored login; undefined when unset or empty. */
export function envToken(env: NodeJS.ProcessEnv): string | undefined {
  return env.LICENSECTL_TOKEN || undefined;
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** LICENSECTL_TOKEN, checked: a line break in it would break (or inject) a header. */
function checkedEnvToken(env: NodeJS.ProcessEnv): string | undefined {
  const token = envToken(env);
  if (token !== undefined && CONTROL.test(token)) throw usageError('LICENSECTL_TOKEN holds a line break or another control character: set it to the token alone');
  return token;
}

/** The token source of a command: LICENSECTL_TOKEN, else the profile's stored login. */
export async function tokenSource(host: SessionHost, resolved: ResolvedProfile): Promise<TokenSource> {
  const fromEnv = checkedEnvToken(host.env);
  if (fromEnv) return { token: async () => fromEnv, refusedHint: 'the token in LICENSECTL_TOKEN is invalid or expired; set a valid one' };
  const elsewhere = unusableLogin(resolved);
  // Refused when a token is asked for, so requests that send none (a login) still go.
  if (elsewhere) return { token: async () => { throw elsewhere; } };
  return (await import('./session.js')).storedSession(host, resolved);
}

/**
 * The token a command would send now, and when it expires: LICENSECTL_TOKEN as it is, else the
 * stored one (renewed first when due). `resolve` is called only when the stored login is needed.
 */
export async function currentToken(host: SessionHost, resolve: () => ResolvedProfile): Promise<{ token: string; expiresAt: number | undefined }> {
  const fromEnv = checkedEnvToken(host.env);
  if (fromEnv) return { token: fromEnv, expiresAt: (await import('./expiry.js')).jwtExpiry(fromEnv) };
  const resolved = resolve();
  const elsewhere = unusableLogin(resolved);
  if (elsewhere) throw elsewhere;
  const session = (await import('./session.js')).storedSession(host, resolved);
  const token = await session.token();
  return { token, expiresAt: session.current?.expiresAt };
}

/** Why the profile's stored login cannot be used for this request: damaged, or made for another origin. */
export function unusableLogin(resolved: ResolvedProfile): Error | undefined {
  return damagedLogin(resolved) ?? foreignOrigin(resolved);
}

/** The error for a stored login edited by hand into something licensectl cannot use. */
export function damagedLogin(resolved: ResolvedProfile): Error | undefined {
  const auth = resolved.profile?.auth;
  const problem = auth && storedAuthProblem(auth);
  return problem ? authError(`the stored login of profile "${resolved.name}" is damaged (${problem}): run \`licensectl auth login\` again`) : undefined;
}

/**
 * The origin a profile's stored login belongs to: the one recorded at login, else (a login stored
 * before origins were recorded) the profile's own base URL.
 */
export function loginOrigin(profile: NonNullable<ResolvedProfile['profile']>): string | undefined {
  return profile.auth?.origin ?? originOf(profile.baseUrl);
}

/**
 * The error when the request goes to another origin than the stored login was made for
 * (--base-url, LICENSECTL_BASE_URL, or a base URL changed since): its token stays home.
 */
function foreignOrigin(resolved: ResolvedProfile): Error | undefined {
  const profile = resolved.profile;
  if (!profile?.auth) return undefined;
  const bound = loginOrigin(profile);
  const target = originOf(resolved.baseUrl);
  if (bound === undefined || bound === target) return undefined;
  return authError(
    `the stored login of profile "${resolved.name}" was issued for ${bound}, not ${target}: licensectl sends it nowhere else; log in with a profile for ${target}, or set LICENSECTL_TOKEN`,
  );
}

export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
