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
    auth: p.auth ? { method: p.auth.method, loggedIn: Boolean(p.auth.token), expiresAt: p.auth.expiresAt ? new Date(p.auth.expiresAt).toISOString() : null } : null,
  };
}
