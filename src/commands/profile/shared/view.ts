import type { Profile } from '../../../config/profile.js';

/** A profile as shown to people and scripts: never a secret, only whether one is stored. */
export function publicProfile(name: string, p: Profile, current: string | undefined) {
  return {
    name,
    current: name === current,
    baseUrl: p.baseUrl,
    account: p.account ?? null,
    instance: p.instance ?? null,
    group: p.group ?? null,
    allowInsecureHttp: p.allowInsecureHttp ?? false,
    auth: p.auth ? { method: p.auth.method, loggedIn: Boolean(p.auth.token), expiresAt: isoTime(p.auth.expiresAt) } : null,
  };
}

/** An expiry as ISO 8601; null when absent or not a time (a store edited by hand). */
function isoTime(ms: unknown): string | null {
  if (typeof ms !== 'number' || !ms) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
