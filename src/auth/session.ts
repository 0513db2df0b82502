// A stored login and its renewal (which source a command uses: token-source.ts). A stored OAuth
// login (client credentials, or a password grant with a refresh token) and a Fusion login with a
// refresh token are renewed shortly before they expire and once after a 401, and the new token is
// written back to the store under its lock, so concurrent licensectl processes share one renewal
// (a refresh token is never spent twice). A Fusion renewal the server refuses ends the stored
// session: its tokens are dropped from the store, so nothing later takes them for valid.

import type { HttpClient, TokenSource } from '../api/http.js';
import type { ResolvedProfile, StoredAuth } from '../config/profile.js';
import type { ProfileStore } from '../config/store.js';
import { authError, CliError } from '../errors.js';
import { rememberSecrets } from './secrets.js';
import { canRenew, describeRemaining, isExpired, renewalDue } from './expiry.js';
import type { Grant } from './grant.js';
import { fusionRenew } from './fusion-login.js';
import { oauthToken, type OAuthForm } from './uipath-identity.js';

/** A 401 this soon after a renewal was for a request that left with the old token: no second renewal. */
const JUST_RENEWED_MS = 5_000;

export interface SessionDeps {
  store: ProfileStore;
  profileName: string | undefined;
  auth: StoredAuth | undefined;
  allowInsecureHttp: boolean;
  /** The profile's base URL: where a Fusion login is renewed. */
  baseUrl?: string;
  /** A client for the token endpoint (it sends no bearer token). */
  http: () => Promise<HttpClient>;
  /** Every token obtained is registered here so output is scrubbed of it. */
  secrets: Set<string>;
  warn: (message: string) => void;
  log: (line: string) => void;
  now?: () => number;
}

export class Session implements TokenSource {
  private auth: StoredAuth | undefined;
  private renewing: Promise<void> | undefined;
  private renewedAt: number | undefined;
  private readonly now: () => number;

  constructor(private readonly deps: SessionDeps) {
    this.auth = deps.auth;
    this.now = deps.now ?? Date.now;
    this.remember(deps.auth);
  }

  /** The login as it stands now (after any renewal). */
  get current(): StoredAuth | undefined {
    return this.auth;
  }

  async token(): Promise<string> {
    const auth = this.auth;
    if (auth?.token && !renewalDue(auth, this.now())) return auth.token;
    if (canRenew(auth)) {
      try {
        await this.renew(auth?.token);
      } catch (err) {
        // Early renewal failed for a reason other than a refusal (network, server): the old token still works a little longer.
        const refused = err instanceof CliError && (err.code === 'auth' || err.code === 'interrupted');
        if (refused || !auth?.token || isExpired(auth, this.now())) throw err;
        this.deps.warn(`could not renew the token early (${err instanceof Error ? err.message : String(err)}); using the current one until it expires`);
        return auth.token;
      }
      return this.auth!.token!;
    }
    if (!auth?.token) throw authError(notLoggedIn(this.deps.profileName));
    if (isExpired(auth, this.now())) throw authError(expiredMessage(this.deps.profileName, auth, this.now()));
    return auth.token;
  }

  async refresh(): Promise<boolean> {
    if (!canRenew(this.auth)) return false;
    if (this.renewing) {
      await this.renewing;
      return true;
    }
    if (this.renewedAt !== undefined && this.now() - this.renewedAt < JUST_RENEWED_MS) return true;
    await this.renew(this.auth?.token);
    return true;
  }

  private renew(used: string | undefined): Promise<void> {
    this.renewing ??= this.renewInStore(used).finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async renewInStore(used: string | undefined): Promise<void> {
    const name = this.deps.profileName;
    let fetched: StoredAuth | undefined;
    let adopted: StoredAuth | undefined;
    let ended: CliError | undefined;
    try {
      await this.deps.store.update(async (data) => {
        const stored = name === undefined ? undefined : data.profiles[name]?.auth;
        if (!stored || !canRenew(stored)) throw authError(notLoggedIn(name));
        // Another licensectl may have renewed it while this one waited for the lock.
        if (stored.token && stored.token !== used && !renewalDue(stored, this.now())) {
          adopted = stored;
          return;
        }
        try {
          fetched = await this.fetch(stored);
        } catch (err) {
          if (!(stored.method === 'fusion_login' && err instanceof CliError && err.code === 'auth')) throw err;
          // The session is over on the server: keep who logged in, forget the tokens.
          ended = err;
          data.profiles[name!]!.auth = sessionEnded(stored);
          return;
        }
        data.profiles[name!]!.auth = fetched;
      });
    } catch (err) {
      if (!(err instanceof CliError) || err.code !== 'config') throw err;
      // The store cannot be locked or written (read-only, full disk): still run this command.
      fetched ??= await this.fetch(this.auth!);
      this.deps.warn(`the renewed token could not be saved (${this.deps.store.file}), so the next command will renew it again`);
    }
    if (ended) {
      this.auth = sessionEnded(this.auth!);
      throw ended;
    }
    const next = fetched ?? adopted!;
    this.remember(next);
    this.auth = next;
    this.renewedAt = this.now();
    const left = next.expiresAt === undefined ? 'no expiry given' : `expires ${describeRemaining(next.expiresAt - this.now())}`;
    this.deps.log(`${fetched ? 'renewed' : 'took the token another licensectl renewed for'} profile "${name}" (${left})`);
  }

  private async fetch(auth: StoredAuth): Promise<StoredAuth> {
    this.remember(auth);
    let grant: Grant;
    try {
      grant = await this.grant(auth);
    } catch (err) {
      if (err instanceof CliError && err.code === 'auth') {
        throw authError(`cannot renew the token of profile "${this.deps.profileName}": ${err.message}; run \`licensectl auth login\` again`);
      }
      throw err;
    }
    this.deps.secrets.add(grant.token);
    if (grant.refreshToken) this.deps.secrets.add(grant.refreshToken);
    return withGrant(auth, grant);
  }

  private async grant(auth: StoredAuth): Promise<Grant> {
    const opts = { allowInsecureHttp: this.deps.allowInsecureHttp, now: this.now };
    if (auth.method === 'fusion_login') {
      if (!this.deps.baseUrl) throw new Error('a Fusion session needs the base URL');
      return fusionRenew(await this.deps.http(), this.deps.baseUrl, auth.refreshToken!, opts);
    }
    const form: OAuthForm =
      auth.method === 'client_credentials'
        ? { grant_type: 'client_credentials', client_id: auth.clientId!, client_secret: auth.clientSecret!, ...(auth.scope && { scope: auth.scope }) }
        : { grant_type: 'refresh_token', client_id: auth.clientId!, client_secret: auth.clientSecret, refresh_token: auth.refreshToken! };
    return oauthToken(await this.deps.http(), auth.tokenUrl!, form, opts);
  }

  private remember(auth: StoredAuth | undefined): void {
    rememberSecrets(this.deps.secrets, auth);
  }
}

/** A stored login updated with a new token (a grant without a refresh token keeps the old one). */
export function withGrant(auth: StoredAuth, grant: Grant): StoredAuth {
  const next: StoredAuth = { ...auth, token: grant.token, obtainedAt: grant.obtainedAt };
  if (grant.expiresAt === undefined) delete next.expiresAt;
  else next.expiresAt = grant.expiresAt;
  if (grant.refreshToken) next.refreshToken = grant.refreshToken;
  if (grant.machine) {
    // A machine token lasts; a session's refresh token would only be a secret kept for nothing.
    next.machine = true;
    delete next.refreshToken;
  }
  return next;
}

/** A Fusion login whose session the server ended: who it was, without any token. */
function sessionEnded(auth: StoredAuth): StoredAuth {
  const { token: _t, refreshToken: _r, expiresAt: _e, obtainedAt: _o, ...rest } = auth;
  return rest;
}

const NO_BEARER: TokenSource = { token: async () => undefined };

/**
 * What a stored session needs from its command (Context has all of it): not the Context itself,
 * so this file does not import the module that loads it.
 */
export interface SessionHost {
  env: NodeJS.ProcessEnv;
  secrets: Set<string>;
  now: () => number;
  out: { warn(message: string): void };
  store(): ProfileStore;
  log(line: string): void;
  http(resolved: ResolvedProfile, opts: { auth: TokenSource }): Promise<HttpClient>;
}

export function storedSession(ctx: SessionHost, resolved: ResolvedProfile): Session {
  let client: Promise<HttpClient> | undefined;
  return new Session({
    store: ctx.store(),
    profileName: resolved.name,
    auth: resolved.profile?.auth,
    allowInsecureHttp: resolved.profile?.allowInsecureHttp ?? false,
    baseUrl: resolved.baseUrl,
    http: () => (client ??= ctx.http(resolved, { auth: NO_BEARER })),
    secrets: ctx.secrets,
    warn: (m) => ctx.out.warn(m),
    log: (l) => ctx.log(l),
    now: ctx.now,
  });
}

/** A client that sends no bearer token: for login and token endpoints. */
export function anonymousHttp(ctx: SessionHost, resolved: ResolvedProfile): Promise<HttpClient> {
  return ctx.http(resolved, { auth: NO_BEARER });
}

export function notLoggedIn(profileName: string | undefined): string {
  if (profileName === undefined) {
    return 'not logged in: no profile is chosen (create one with `licensectl profile set <name> --base-url <url> --use`, then run `licensectl auth login`), or set LICENSECTL_TOKEN';
  }
  return `not logged in to profile "${profileName}": run \`licensectl auth login\`, or set LICENSECTL_TOKEN`;
}

function expiredMessage(profileName: string | undefined, auth: StoredAuth, now: number): string {
  const when = new Date(auth.expiresAt!).toISOString();
  return `the token of profile "${profileName}" expired ${describeRemaining(auth.expiresAt! - now)} (${when}) and cannot be renewed without you: run \`licensectl auth login\` again`;
}
