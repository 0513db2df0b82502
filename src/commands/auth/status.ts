import { canRenew, describeRemaining, isExpired, jwtExpiry } from '../../auth/expiry.js';
import { notLoggedIn } from '../../auth/session.js';
import { envToken, unusableLogin } from '../../auth/token-source.js';
import type { StoredAuth } from '../../config/profile.js';
import type { Context, ResolvedProfile } from '../../context.js';
import { authError } from '../../errors.js';

/** The `auth status --json` document. Never a secret: only where the token comes from and how long it lasts. */
export interface AuthStatus {
  profile: string | null;
  baseUrl: string | null;
  /** "env": LICENSECTL_TOKEN; "store": the profile's stored login. */
  source: 'env' | 'store';
  method: StoredAuth['method'];
  clientId: string | null;
  username: string | null;
  scope: string | null;
  tokenUrl: string | null;
  /** ISO 8601; null when unknown (a pasted token that is not a JWT). */
  expiresAt: string | null;
  /** Seconds left, negative once expired; null when unknown. */
  expiresInSeconds: number | null;
  expired: boolean;
  /** licensectl gets a new token by itself when this one runs out. */
  renewable: boolean;
  /** A Fusion machine-to-machine token: long-lived, nothing to renew. */
  machine: boolean;
}

export async function run(ctx: Context): Promise<void> {
  const fromEnv = envToken(ctx.env);
  const resolved = locate(ctx);
  const stored = resolved?.profile?.auth;
  const now = ctx.now();
  let status: AuthStatus;
  if (fromEnv) {
    status = view(resolved, 'env', { method: 'token', token: fromEnv, ...optional('expiresAt', jwtExpiry(fromEnv)) }, now);
  } else if (stored && resolved && unusableLogin(resolved)) {
    // Damaged, or made for another origin than this command would reach: no command would use it.
    throw unusableLogin(resolved)!;
  } else if (stored && (stored.token || canRenew(stored))) {
    status = view(resolved, 'store', stored, now);
  } else {
    throw authError(notLoggedIn(resolved?.name));
  }

  if (ctx.out.json) {
    ctx.out.writeJson(status);
  } else if (ctx.out.mode === 'tsv') {
    // A pipe gets values, never prose: the --json keys in their order, one fixed column each,
    // empty for null (documented in `auth status --help`).
    ctx.out.object(Object.entries(status).map(([k, v]) => [k, v === null ? '' : String(v)]));
  } else {
    const expires = status.expiresAt === null ? 'unknown' : `${status.expiresAt} (${describeRemaining((status.expiresInSeconds ?? 0) * 1000)})`;
    const rows: [string, string | null][] = [
      ['profile', status.profile ?? '(none)'],
      ['base URL', status.baseUrl ?? '(none)'],
      ['token from', status.source === 'env' ? 'LICENSECTL_TOKEN' : `the profile store (${ctx.store().file})`],
      ['method', status.machine ? `${status.method} (machine token)` : status.method],
      ['client ID', status.clientId],
      ['user', status.username],
      ['scope', status.scope],
      ['token URL', status.tokenUrl],
      ['expires', expires],
      ['renewal', status.renewable ? 'automatic' : status.machine ? 'none needed: a machine token does not expire' : 'none: log in again when it expires'],
    ];
    // Only what this login has: a token pasted with --with-token has no client, user or scope.
    ctx.out.object(rows.filter((r): r is [string, string] => r[1] !== null));
  }
  if (fromEnv && stored) ctx.out.note(`LICENSECTL_TOKEN overrides the stored login of profile "${resolved?.name}" (${stored.method}).`);
  if (status.expired && !status.renewable) {
    throw authError(`the token ${status.source === 'env' ? 'in LICENSECTL_TOKEN' : `of profile "${status.profile}"`} has expired: ${status.source === 'env' ? 'set a fresh one' : 'run `licensectl auth login` again'}`);
  }
}

/** The profile in question; undefined when none is chosen (LICENSECTL_TOKEN alone needs none). */
function locate(ctx: Context): ResolvedProfile | undefined {
  const explicitUrl = ctx.globals.baseUrl ?? (ctx.env.LICENSECTL_BASE_URL || undefined);
  if (explicitUrl === undefined && ctx.profileName() === undefined) return undefined;
  return ctx.resolveProfile();
}

function view(resolved: ResolvedProfile | undefined, source: AuthStatus['source'], auth: StoredAuth, now: number): AuthStatus {
  const env = source === 'env';
  return {
    profile: resolved?.name ?? null,
    baseUrl: resolved?.baseUrl ?? null,
    source,
    method: auth.method,
    clientId: env ? null : auth.clientId ?? null,
    username: env ? null : auth.username ?? null,
    scope: env ? null : auth.scope ?? null,
    tokenUrl: env ? null : auth.tokenUrl ?? null,
    expiresAt: auth.expiresAt === undefined ? null : new Date(auth.expiresAt).toISOString(),
    expiresInSeconds: auth.expiresAt === undefined ? null : Math.round((auth.expiresAt - now) / 1000),
    expired: isExpired(auth, now),
    renewable: !env && canRenew(auth),
    machine: !env && auth.machine === true,
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
