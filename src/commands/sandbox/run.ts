import type { Context } from '../../context.js';
import { failure, usageError } from '../../errors.js';
import { PROFILE_NAME, type StoredAuth } from '../../config/profile.js';

interface Opts {
  port: number;
  host: string;
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
  if (profileName !== undefined && !PROFILE_NAME.test(profileName)) throw usageError(`--profile "${profileName}" is not a valid profile name`);
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
  const uipathBase = `${sandbox.url}/${d.org}`;
  ctx.secrets.add(sandbox.adminToken);

  if (profileName !== undefined) {
    // --token-ttl asked for tokens that expire: the profile's too, so expiry can be rehearsed with
    // it. Otherwise the profile gets the never-expiring admin token and keeps working all day.
    const obtainedAt = ctx.now();
    const auth: StoredAuth =
      opts.tokenTtl === undefined
        ? { method: 'token', token: sandbox.adminToken }
        : { method: 'token', token: sandbox.issueToken({ subject: 'sandbox-admin', ttlSeconds: opts.tokenTtl }), obtainedAt, expiresAt: obtainedAt + opts.tokenTtl * 1000 };
    ctx.secrets.add(auth.token!);
    await ctx.store().update((data) => {
      data.profiles[profileName] = {
        baseUrl: uipathBase,
        account: d.accountId,
        instance: d.instance,
        group: d.group,
        auth,
      };
      data.current ??= profileName;
    });
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
