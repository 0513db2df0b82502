// When a token runs out, and when to renew it. A token is renewed shortly before it expires, so a
// request never leaves with a token that dies on the way: 60 s early, or 10% of its lifetime
// early when that is shorter (a 2-second sandbox token would otherwise never count as fresh).

import type { StoredAuth } from '../config/profile.js';

const MAX_MARGIN_MS = 60_000;

/** The `exp` claim of a JWT-shaped token in epoch ms, read without verifying anything (display and renewal only). */
export function jwtExpiry(token: string): number | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' && Number.isFinite(payload.exp) ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** How long before `expiresAt` a token stops counting as fresh. */
export function renewalMargin(auth: Pick<StoredAuth, 'expiresAt' | 'obtainedAt'>): number {
  if (auth.expiresAt === undefined || auth.obtainedAt === undefined) return MAX_MARGIN_MS;
  const lifetime = auth.expiresAt - auth.obtainedAt;
  return lifetime > 0 ? Math.min(MAX_MARGIN_MS, lifetime / 10) : 0;
}

/** True when the token is missing, expired, or about to expire. */
export function renewalDue(auth: StoredAuth, now: number): boolean {
  if (!auth.token) return true;
  if (auth.expiresAt === undefined) return false;
  return now >= auth.expiresAt - renewalMargin(auth);
}

export function isExpired(auth: Pick<StoredAuth, 'expiresAt'>, now: number): boolean {
  return auth.expiresAt !== undefined && now >= auth.expiresAt;
}

/** Whether licensectl can get a new token for this login on its own (no person needed). */
export function canRenew(auth: StoredAuth | undefined): boolean {
  // A Fusion login renews with its refresh token; a machine token needs no renewal.
  if (auth?.method === 'fusion_login') return Boolean(auth.refreshToken) && !auth.machine;
  if (!auth?.tokenUrl || !auth.clientId) return false;
  if (auth.method === 'client_credentials') return Boolean(auth.clientSecret);
  if (auth.method === 'password') return Boolean(auth.refreshToken);
  return false;
}

/** "in 59 min", "3 s ago": a remaining lifetime for people. */
export function describeRemaining(ms: number): string {
  const abs = Math.abs(ms);
  const text =
    abs < 60_000 ? `${Math.round(abs / 1000)} s`
    : abs < 3_600_000 ? `${Math.round(abs / 60_000)} min`
    : abs < 172_800_000 ? `${Math.round(abs / 360_000) / 10} h`
    : `${Math.round(abs / 86_400_000)} days`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}
