// Which values of a stored login are secret: registered in one place (Context.secrets), so every
// error message and log line is scrubbed of them (Context.redact).
import type { StoredAuth } from '../config/profile.js';

/** Registers every secret of a stored login, so no output ever shows one. */
export function rememberSecrets(secrets: Set<string>, auth: StoredAuth | undefined): void {
  for (const s of [auth?.token, auth?.refreshToken, auth?.clientSecret]) if (s) secrets.add(s);
}
