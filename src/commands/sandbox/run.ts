import type { Context } from '../../context.js';
import { failure, usageError } from '../../errors.js';
import { profileNameProblem, type Profile, type StoreData, type StoredAuth } from '../../config/profile.js';
import { isLoopback } from '../../api/url.js';

interface Opts {
  port: number;
  host: string;
  allowRemote?: boolean;
  data?: string;
  latency: number;
  faultRate: number;
  faultRetryAfter: number;
  faultAuth?: boolean;
  /** Undefined unless given: then the profile's token never expires (see index.ts). */
  tokenTtl?: number;
  refreshTtl: number;
  rateLimit?: number;
  groups: number;
}

/** Runs the emulator in the foreground until Ctrl-C or SIGTERM. */
export async function run(ctx: Context, _args: string[], opts: Opts): Promise<number> {
  // --profile is also the global option, so commander hands it to the program.
  const profileName = ctx.globals.profile;
  const badName = profileName === undefined ? undefined : profileNameProblem(profileName);
  if (badName) throw usageError(`--profile: ${badName}`);
  const remote = !isLoopback(opts.host);
  if (remote && !opts.allowRemote) {
    throw usageError(`--host ${opts.host} would let other machines use the sandbox (its seeded logins are public and its /_sandbox admin endpoints need no token): add --allow-remote if that is what you want`);
  }
  // Checked before listening, and again under the store's lock when the profile is written.
  if (profileName !== undefined) refuseRealProfile(ctx.store().read(), profileName);
  const { startSandbox, SANDBOX_DEFAULTS: d } = await import('../../sandbox/server.js');
  let sandbox;
  try {
    sandbox = await startSandbox({
      port: opts.port,
      host: opts.host,
      dataFile: opts.data,
      latencyMs: opts.latency,
      faultRate: opts.faultRate,
      faultAuth: Boolean(opts.faultAuth),
      retryAfterSeconds: opts.faultRetryAfter,
      tokenTtlSeconds: opts.tokenTtl ?? 3600,
      refreshTtlSeconds: opts.refreshTtl,
      // The sandbox's "email": the person running it reads the code here.
      onTwoFactorCode: (user, code) => ctx.out.note(`2FA code for ${user}: ${code}`),
      rateLimitPerSecond: opts.rateLimit,
      groups: opts.groups,
    });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw usageError(`port ${opts.port} on ${opts.host} is in use: pick another with --port, or --port 0 for any free one`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw usageError(`cannot listen on ${opts.host}: not an address of this machine`);
    throw failure(`the sandbox could not start: ${(err as Error).message}`, 'sandbox');
  }
  const uipathBase = `${clientUrl(sandbox.url, opts.host)}/${d.org}`;
  ctx.secrets.add(sandbox.adminToken);
  if (remote) {
    ctx.out.warn(`the sandbox listens on ${opts.host}: anyone who can reach this machine can use it with the public seeded logins, and its /_sandbox admin endpoints without a token`);
  }

  if (profileName !== undefined) {
    // --token-ttl asked for tokens that expire: the profile's too, so expiry can be rehearsed with
    // it. Otherwise the profile gets the never-expiring admin token and keeps working all day.
    const obtainedAt = ctx.now();
    const origin = new URL(uipathBase).origin;
    const auth: StoredAuth =
      opts.tokenTtl === undefined
        ? { method: 'token', token: sandbox.adminToken, origin }
        : { method: 'token', token: sandbox.issueToken({ subject: 'sandbox-admin', ttlSeconds: opts.tokenTtl }), obtainedAt, expiresAt: obtainedAt + opts.tokenTtl * 1000, origin };
    ctx.secrets.add(auth.token!);
    try {
      await ctx.store().update((data) => {
        refuseRealProfile(data, profileName);
        const profile: Profile = {
          baseUrl: uipathBase,
          account: d.accountId,
          instance: d.instance,
          group: d.group,
          auth,
          sandbox: true,
        };
        // Reached at an address of the network, not loopback: plain http is what the user asked for.
        if (!isLoopback(new URL(uipathBase).hostname)) profile.allowInsecureHttp = true;
        data.profiles[profileName] = profile;
        data.current ??= profileName;
      });
    } catch (err) {
      await sandbox.close();
      throw err;
    }
  }

  const info = {
    url: sandbox.url,
    baseUrl: uipathBase,
    account: d.accountId,
    uipathGroups: d.uipathGroups,
    instance: d.instance,
    group: d.group,
    profile: profileName ?? null,
    credentials: { clientId: d.clientId, clientSecret: d.clientSecret, username: d.username, password: d.password },
  };
  if (ctx.out.json) {
    ctx.out.writeJson(info);
  } else {
    ctx.out.line(`licensectl sandbox listening on ${sandbox.url}`);
    const c = ctx.out.errColor;
    const hint = [
      `  base URL (both APIs)  ${uipathBase}`,
      `  UiPath account        ${d.accountId}   groups: ${d.uipathGroups.join(', ')}`,
      `  Fusion instance       ${d.instance}   group: ${d.group}`,
      opts.faultRate > 0 || opts.latency > 0 ? `  faults                ${opts.faultRate * 100}% of API requests, latency ${opts.latency} ms` : undefined,
      opts.rateLimit !== undefined ? `  rate limit            ${opts.rateLimit} API requests per second, then 429` : undefined,
      opts.groups > 0 ? `  named groups          ${opts.groups} (group-0001.., every other one with a rule)` : undefined,
      opts.data ? `  state file            ${opts.data}` : '  state                 in memory (use --data <file> to keep it)',
      '',
      profileName !== undefined
        ? `Profile "${profileName}" is ready: ${c.bold(`licensectl --profile ${profileName} license-type list`)}`
        : `Point licensectl at it: ${c.bold(`licensectl sandbox --profile sandbox`)} writes a ready profile, or\n  licensectl profile set sandbox --base-url ${uipathBase} --account ${d.accountId} --instance ${d.instance} --group ${d.group} --use\n  printf %s ${d.clientSecret} | licensectl auth login --client-id ${d.clientId} --client-secret-stdin`,
      'Press Ctrl-C to stop.',
    ].filter((l) => l !== undefined);
    ctx.out.note(hint.join('\n'));
  }

  ctx.graceful = true;
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    ctx.signal.addEventListener('abort', stop, { once: true });
    process.once('SIGTERM', stop);
  });
  await sandbox.close();
  if (!ctx.out.json) ctx.out.note('sandbox stopped');
  return 0;
}

/** A profile the sandbox may overwrite: one it wrote (marked, or, before the mark, holding its admin token). */
function refuseRealProfile(data: StoreData, name: string): void {
  const existing = data.profiles[name];
  if (!existing || madeBySandbox(existing)) return;
  throw usageError(`profile "${name}" already exists and was not made by the sandbox: pick another name for --profile, or remove it first with \`licensectl profile remove ${name}\``);
}

function madeBySandbox(profile: Profile): boolean {
  if (profile.sandbox === true) return true;
  const auth = profile.auth;
  if (auth?.method !== 'token' || !auth.token || auth.clientSecret || auth.refreshToken) return false;
  try {
    const claims = JSON.parse(Buffer.from(auth.token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown; sub?: unknown };
    return claims?.iss === 'licensectl-sandbox' && claims.sub === 'sandbox-admin';
  } catch {
    return false;
  }
}

/** The URL a client on this machine uses: a wildcard address (0.0.0.0, ::) is reached on loopback. */
function clientUrl(url: string, host: string): string {
  const u = new URL(url);
  if (host === '0.0.0.0') u.hostname = '127.0.0.1';
  else if (host === '::' || host === '[::]') u.hostname = '[::1]';
  return u.origin;
}
