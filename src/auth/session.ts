import type { TokenSource } from '../api/http.js';
import type { Context, ResolvedProfile } from '../context.js';
import { authError } from '../errors.js';

/** Where the bearer token comes from: LICENSECTL_TOKEN overrides the stored one (CI). */
export function tokenSource(ctx: Context, resolved: ResolvedProfile): TokenSource {
  const fromEnv = ctx.env.LICENSECTL_TOKEN;
  if (fromEnv) return { token: async () => fromEnv };
  const stored = resolved.profile?.auth?.token;
  return {
    token: async () => {
      if (!stored) throw authError(notLoggedIn(resolved));
      return stored;
    },
  };
}

export function notLoggedIn(resolved: ResolvedProfile): string {
  const where = resolved.name ? `profile "${resolved.name}"` : 'this base URL';
  return `not logged in to ${where}: run \`licensectl auth login\`, or set LICENSECTL_TOKEN`;
}
