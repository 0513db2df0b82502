// Bearer tokens: issued by the token/login endpoints (and Sandbox.issueToken), checked by every
// API route. Tokens are JWT-shaped (a client may decode `exp`), but the sandbox trusts only its
// own table: the signature part is random and never verified.

import { randomBytes } from 'node:crypto';
import { ApiError, type Ctx } from './http.js';
import { newSecret, type SandboxState, type TokenRecord } from './state.js';

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A JWT-shaped string (a client may decode its payload); the signature part is random, never checked. */
export function jwtShaped(payload: Record<string, unknown>): string {
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.${randomBytes(32).toString('base64url')}`;
}

export interface IssueOptions {
  subject: string;
  scopes: readonly string[];
  roles: readonly string[];
  /** null: never expires. */
  ttlSeconds: number | null;
  clientId?: string;
}

export class TokenStore {
  constructor(
    private readonly state: SandboxState,
    private readonly changed: () => void,
    /** The sandbox clock (epoch ms): tests inject one to expire tokens without sleeping. */
    readonly now: () => number = Date.now,
  ) {}

  issue(opts: IssueOptions): string {
    const now = this.now();
    const expiresAt = opts.ttlSeconds === null ? null : now + opts.ttlSeconds * 1000;
    const payload = {
      iss: 'licensectl-sandbox',
      sub: opts.subject,
      iat: Math.floor(now / 1000),
      ...(expiresAt !== null && { exp: Math.floor(expiresAt / 1000) }),
      ...(opts.clientId !== undefined && { client_id: opts.clientId }),
      scope: opts.scopes,
      roles: opts.roles,
      jti: randomBytes(8).toString('hex'),
    };
    const token = jwtShaped(payload);
    this.state.tokens.set(token, { subject: opts.subject, scopes: [...opts.scopes], roles: [...opts.roles], expiresAt });
    this.changed();
    return token;
  }

  issueRefresh(clientId: string, subject: string, scopes: readonly string[]): string {
    const token = newSecret('sbx_rt_');
    this.state.refreshTokens.set(token, { clientId, subject, scopes: [...scopes] });
    this.changed();
    return token;
  }

  /** Removes and returns a refresh token issued to that client (they are single-use). */
  redeemRefresh(token: string, clientId: string): { subject: string; scopes: string[] } | undefined {
    const rec = this.state.refreshTokens.get(token);
    if (!rec || rec.clientId !== clientId) return undefined;
    this.state.refreshTokens.delete(token);
    this.changed();
    return rec;
  }

  /** The token of the request's `Authorization: Bearer` header; 401 when missing, unknown or expired. */
  authenticate(ctx: Ctx): TokenRecord {
    const rec = this.state.tokens.get(bearer(ctx));
    if (!rec) throw new ApiError(401, 'invalid_token', 'the bearer token is not valid (unknown or revoked)', CHALLENGE);
    if (rec.expiresAt !== null && rec.expiresAt <= this.now()) {
      throw new ApiError(401, 'invalid_token', 'the bearer token has expired; log in again', {
        'WWW-Authenticate': 'Bearer realm="licensectl-sandbox", error="invalid_token", error_description="expired"',
      });
    }
    return rec;
  }
}

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="licensectl-sandbox"' };

/** The token of the `Authorization: Bearer` header; 401 when the header is missing or malformed. */
export function bearer(ctx: Ctx): string {
  const header = ctx.headers.authorization;
  if (!header) throw new ApiError(401, 'unauthorized', 'missing Authorization header; send "Authorization: Bearer <token>"', CHALLENGE);
  const m = /^Bearer +(\S+) *$/i.exec(header);
  if (!m) throw new ApiError(401, 'unauthorized', 'the Authorization header is not "Bearer <token>"', CHALLENGE);
  return m[1]!;
}

export function requireScope(token: TokenRecord, scope: string): void {
  if (!token.scopes.includes(scope)) {
    throw new ApiError(403, 'insufficient_scope', `the token lacks the scope ${scope}`, {
      'WWW-Authenticate': `Bearer realm="licensectl-sandbox", error="insufficient_scope", scope="${scope}"`,
    }, { scope });
  }
}

export function requireRole(token: TokenRecord, role: string): void {
  if (!token.roles.includes(role)) {
    throw new ApiError(403, 'forbidden', `the API consumer lacks the role ${role}`, {}, { role });
  }
}
