// Where a command's bearer token comes from, the rule written once: LICENSECTL_TOKEN (CI) overrides
// the stored login of the profile; the stored login is renewed when it can be (auth/session.ts).
// Light on purpose: Context imports it at start, and the session's code loads only when needed.

import type { TokenSource } from '../api/http.js';
import type { ResolvedProfile } from '../config/profile.js';
import type { SessionHost } from './session.js';

/** The token in the environment, which overrides any stored login; undefined when unset or empty. */
export function envToken(env: NodeJS.ProcessEnv): string | undefined {
  return env.LICENSECTL_TOKEN || undefined;
}

/** The token source of a command: LICENSECTL_TOKEN, else the profile's stored login. */
export async function tokenSource(host: SessionHost, resolved: ResolvedProfile): Promise<TokenSource> {
  const fromEnv = envToken(host.env);
  if (fromEnv) return { token: async () => fromEnv, refusedHint: 'the token in LICENSECTL_TOKEN is invalid or expired; set a valid one' };
  return (await import('./session.js')).storedSession(host, resolved);
}

/**
 * The token a command would send now, and when it expires: LICENSECTL_TOKEN as it is, else the
 * stored one (renewed first when due). `resolve` is called only when the stored login is needed.
 */
export async function currentToken(host: SessionHost, resolve: () => ResolvedProfile): Promise<{ token: string; expiresAt: number | undefined }> {
  const fromEnv = envToken(host.env);
  if (fromEnv) return { token: fromEnv, expiresAt: (await import('./expiry.js')).jwtExpiry(fromEnv) };
  const session = (await import('./session.js')).storedSession(host, resolve());
  const token = await session.token();
  return { token, expiresAt: session.current?.expiresAt };
}
