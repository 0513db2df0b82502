// Netaxis Fusion login, second factor, renewal and logout (the vendor's documented flow).
//
// POST /api/v01/auth/login {"username","password"}
//   200 {"access_token","refresh_token","token_type":"Bearer","expires_in"}, plus "token" (the
//       never-expiring M2M token) for a user that has one; 401 invalid_credentials.
//   A user whose device is not trusted gets 200 {"2fa_payload","option":"email"|"totp"}, no token.
// POST /api/v01/auth/2fa {"2fa_payload","code","trust"}: the same answer as a login. 401
//   invalid_code (the payload stays usable, up to MAX_ATTEMPTS tries), 401 expired_payload or
//   invalid_payload (log in again). A payload is single-use. `trust` is accepted and ignored:
//   the sandbox asks every time, like a short-lived CI runner meets it.
// GET /api/v01/auth/access_token (Bearer <refresh_token>): 200 {"access_token", ...}; a new
//   "refresh_token" only when the old one has less than a fifth of its life left (the old one
//   stays valid until it expires). 401 for an unknown, expired or revoked refresh token, or an
//   access token sent in its place.
// GET /api/v01/auth/logout (Bearer <access_token>): 200 {"message"}; revokes that token and
//   every token of its login session (access and refresh); 401 for a token that is not valid.
//   The M2M tokens and the sandbox's admin token stay valid.
//
// Sessions and 2FA payloads live in memory only: after a restart with --data, access tokens
// still work but renewal answers 401 (log in again).

import { createHmac, randomBytes, randomInt } from 'node:crypto';
import { ApiError, badRequest, jsonObject, notFound, type Ctx, type Reply } from './http.js';
import { SANDBOX_FUSION_USERS, SANDBOX_TOTP_SECRET, type SeedFusionUser } from './identities.js';
import { withOrgPrefix, type Route, type Services } from './router.js';
import { bearer, jwtShaped } from './tokens.js';

/** Wrong codes one payload tolerates before it is withdrawn. */
const MAX_ATTEMPTS = 5;
/** A new refresh token comes with a renewal once the old one has less than this share of its life. */
const ROTATE_BELOW = 0.2;

export interface FusionAuthOptions {
  refreshTtlSeconds: number;
  twoFactorTtlSeconds: number;
  /** Told each emailed code (the sandbox command prints it on its terminal). */
  onTwoFactorCode?: (username: string, code: string) => void;
}

interface Session {
  user: SeedFusionUser;
  access: Set<string>;
  refresh: Set<string>;
}
interface RefreshRecord {
  session: Session;
  issuedAt: number;
  expiresAt: number;
}
interface Challenge {
  user: SeedFusionUser;
  code?: string;
  expiresAt: number;
  attempts: number;
}

/** RFC 6238 TOTP (HMAC-SHA-1, 30 s steps, 6 digits) of a base32 secret at `timeMs`. */
export function totp(secretBase32: string, timeMs: number, stepOffset = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secretBase32.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(timeMs / 30_000) + stepOffset));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const unauthorized = (code: string, message: string): ApiError => new ApiError(401, code, message);

export class FusionAuth {
  private readonly sessions = new Map<string, Session>(); // access token -> session
  private readonly refreshTokens = new Map<string, RefreshRecord>();
  private readonly challenges = new Map<string, Challenge>();
  /** The last emailed code per user (GET /_sandbox/2fa/<user>). */
  readonly lastCodes = new Map<string, string>();

  constructor(
    private readonly svc: Services,
    private readonly opts: FusionAuthOptions,
  ) {
    // The M2M tokens are seeded: valid from the start, without a login.
    for (const u of SANDBOX_FUSION_USERS) {
      if (u.m2mToken && !svc.state.tokens.has(u.m2mToken)) {
        svc.state.tokens.set(u.m2mToken, { subject: u.username, scopes: [], roles: [...u.roles], expiresAt: null });
        svc.changed();
      }
    }
  }

  login(ctx: Ctx): Reply {
    const body = jsonObject(ctx);
    if (typeof body.username !== 'string' || typeof body.password !== 'string') throw badRequest('username and password are required strings');
    const user = SANDBOX_FUSION_USERS.find((u) => u.username === body.username && u.password === body.password);
    if (!user) throw unauthorized('invalid_credentials', 'invalid username or password');
    if (!user.twoFactor) return this.grant(user);
    const payload = randomBytes(24).toString('base64url');
    const challenge: Challenge = { user, expiresAt: this.svc.now() + this.opts.twoFactorTtlSeconds * 1000, attempts: 0 };
    if (user.twoFactor === 'email') {
      challenge.code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      this.lastCodes.set(user.username, challenge.code);
      this.opts.onTwoFactorCode?.(user.username, challenge.code);
    }
    this.challenges.set(payload, challenge);
    return { status: 200, headers: { 'Cache-Control': 'no-store' }, body: { '2fa_payload': payload, option: user.twoFactor } };
  }

  secondFactor(ctx: Ctx): Reply {
    const body = jsonObject(ctx);
    const payload = body['2fa_payload'];
    if (typeof payload !== 'string' || payload === '') throw badRequest('2fa_payload is required: send it as the login answered it');
    if (typeof body.code !== 'string' || body.code === '') throw badRequest('code is required and must be a string');
    if (body.trust !== undefined && typeof body.trust !== 'boolean') throw badRequest('trust must be a boolean');
    const challenge = this.challenges.get(payload);
    if (!challenge) throw unauthorized('invalid_payload', 'the 2FA payload is unknown or was already used: log in again');
    if (challenge.expiresAt <= this.svc.now()) {
      this.challenges.delete(payload);
      throw unauthorized('expired_payload', 'the 2FA payload has expired: log in again to get a new code');
    }
    if (!this.codeMatches(challenge, body.code)) {
      if (++challenge.attempts >= MAX_ATTEMPTS) {
        this.challenges.delete(payload);
        throw unauthorized('invalid_code', `wrong 2FA code, ${MAX_ATTEMPTS} times: log in again`);
      }
      throw unauthorized('invalid_code', 'wrong 2FA code');
    }
    this.challenges.delete(payload); // single-use
    return this.grant(challenge.user);
  }

  renew(ctx: Ctx): Reply {
    const token = bearer(ctx);
    const rec = this.refreshTokens.get(token);
    if (!rec) {
      if (this.svc.state.tokens.has(token)) throw unauthorized('invalid_token', 'this is an access token: renew with the refresh token of the login');
      throw unauthorized('invalid_token', 'the refresh token is unknown or was revoked: log in again');
    }
    const now = this.svc.now();
    if (rec.expiresAt <= now) {
      this.dropRefresh(token);
      throw unauthorized('invalid_token', 'the refresh token has expired: log in again');
    }
    const body: Record<string, unknown> = this.accessFields(rec.session);
    if (rec.expiresAt - now < ROTATE_BELOW * (rec.expiresAt - rec.issuedAt)) body.refresh_token = this.issueRefresh(rec.session);
    return { status: 200, headers: { 'Cache-Control': 'no-store' }, body };
  }

  logout(ctx: Ctx): Reply {
    this.svc.tokens.authenticate(ctx); // 401 for a missing, unknown or expired token
    const token = bearer(ctx);
    if (token === this.svc.state.adminToken || SANDBOX_FUSION_USERS.some((u) => u.m2mToken === token)) {
      return { status: 200, body: { message: 'logged out' } };
    }
    // Sessions are not kept across restarts: a token without one is still revoked itself.
    this.svc.state.tokens.delete(token);
    this.svc.changed();
    const session = this.sessions.get(token);
    if (session) {
      for (const t of session.access) {
        this.sessions.delete(t);
        this.svc.state.tokens.delete(t);
      }
      for (const t of session.refresh) this.refreshTokens.delete(t);
      this.svc.changed();
    }
    return { status: 200, body: { message: 'logged out' } };
  }

  /** What GET /_sandbox/2fa/<user> answers: the last emailed code, or the current TOTP. */
  currentCode(username: string): { username: string; option: 'email' | 'totp'; code: string } | undefined {
    const user = SANDBOX_FUSION_USERS.find((u) => u.username === username);
    if (user?.twoFactor === 'totp') return { username, option: 'totp', code: totp(SANDBOX_TOTP_SECRET, this.svc.now()) };
    const code = this.lastCodes.get(username);
    return user?.twoFactor === 'email' && code !== undefined ? { username, option: 'email', code } : undefined;
  }

  private codeMatches(challenge: Challenge, code: string): boolean {
    if (challenge.user.twoFactor === 'email') return code === challenge.code;
    const now = this.svc.now();
    return [-1, 0, 1].some((step) => totp(SANDBOX_TOTP_SECRET, now, step) === code);
  }

  private grant(user: SeedFusionUser): Reply {
    const session: Session = { user, access: new Set(), refresh: new Set() };
    const body = { ...this.accessFields(session), refresh_token: this.issueRefresh(session), ...(user.m2mToken && { token: user.m2mToken }) };
    return { status: 200, headers: { 'Cache-Control': 'no-store' }, body };
  }

  /** A new access token of the session, as the login and renewal answers carry it. */
  private accessFields(session: Session): { access_token: string; token_type: 'Bearer'; expires_in: number } {
    const ttl = this.svc.tokenTtlSeconds;
    const token = this.svc.tokens.issue({ subject: session.user.username, scopes: [], roles: session.user.roles, ttlSeconds: ttl });
    session.access.add(token);
    this.sessions.set(token, session);
    return { access_token: token, token_type: 'Bearer', expires_in: ttl };
  }

  private issueRefresh(session: Session): string {
    const issuedAt = this.svc.now();
    const expiresAt = issuedAt + this.opts.refreshTtlSeconds * 1000;
    const token = jwtShaped({ iss: 'licensectl-sandbox', sub: session.user.username, typ: 'refresh', iat: Math.floor(issuedAt / 1000), exp: Math.floor(expiresAt / 1000) });
    this.refreshTokens.set(token, { session, issuedAt, expiresAt });
    session.refresh.add(token);
    return token;
  }

  private dropRefresh(token: string): void {
    this.refreshTokens.get(token)?.session.refresh.delete(token);
    this.refreshTokens.delete(token);
  }
}

export function fusionAuthRoutes(svc: Services, auth: FusionAuth): Route[] {
  const path = (name: string) => ['api', 'v01', 'auth', name];
  return withOrgPrefix(svc.state, [
    { pattern: path('login'), handlers: { POST: (ctx) => auth.login(ctx) }, auth: true },
    { pattern: path('2fa'), handlers: { POST: (ctx) => auth.secondFactor(ctx) }, auth: true },
    { pattern: path('access_token'), handlers: { GET: (ctx) => auth.renew(ctx) }, auth: true },
    { pattern: path('logout'), handlers: { GET: (ctx) => auth.logout(ctx) }, auth: true },
  ]);
}

/** GET /_sandbox/2fa/<user>: the code a test (or a person without a mailbox) types. */
export function fusionAuthAdminRoutes(auth: FusionAuth): Route[] {
  return [
    {
      pattern: ['_sandbox', '2fa', ':user'],
      handlers: {
        GET: (ctx) => {
          const answer = auth.currentCode(ctx.params.user!);
          if (!answer) throw notFound(`no 2FA code for ${ctx.params.user}: not a 2FA user, or no email code was sent yet`);
          return { status: 200, body: answer };
        },
      },
    },
  ];
}
