import { fusionLogout } from '../../auth/fusion-login.js';
import { storedSession } from '../../auth/session.js';
import { envToken } from '../../auth/token-source.js';
import type { StoredAuth } from '../../config/profile.js';
import type { Context } from '../../context.js';
import { CliError, usageError } from '../../errors.js';

export async function run(ctx: Context): Promise<void> {
  const name = ctx.profileName();
  if (name === undefined) throw usageError('no current profile: name one with --profile, or choose one with `licensectl profile use <name>`');
  const before = ctx.store().read().profiles[name]?.auth;
  // The server ends a Fusion session first, while its tokens are still known; a failure does not keep the local login.
  const ended = endsOnServer(before) ? await endSession(ctx) : undefined;
  const had = await ctx.store().update((data) => {
    const profile = data.profiles[name];
    if (!profile) throw usageError(`no profile named "${name}" (see \`licensectl profile list\`)`);
    const stored = profile.auth !== undefined;
    delete profile.auth;
    return stored;
  });
  if (ctx.out.json) ctx.out.writeJson({ profile: name, loggedOut: had, ...(ended !== undefined && { sessionEnded: ended }) });
  else if (had) ctx.out.success(`Logged out of profile "${name}": ${ended ? 'the server ended its session, and ' : ''}its token and secrets are forgotten`);
  else ctx.out.note(`Profile "${name}" had no stored login.`);
  if (before?.machine) ctx.out.note('A machine-to-machine token does not expire: it stays valid on the server after this logout.');
  if (envToken(ctx.env)) ctx.out.warn('LICENSECTL_TOKEN is still set: commands keep using it until you unset it');
}

/** A Fusion login's session can be ended on the server; a machine token is not a session. */
function endsOnServer(auth: StoredAuth | undefined): boolean {
  return auth?.method === 'fusion_login' && !auth.machine && Boolean(auth.token || auth.refreshToken);
}

/** GET logout with the stored token (renewed first when due, as any request); false, with a warning, when that fails. */
async function endSession(ctx: Context): Promise<boolean> {
  const resolved = ctx.resolveProfile();
  try {
    await fusionLogout(await ctx.http(resolved, { auth: storedSession(ctx, resolved) }));
    return true;
  } catch (err) {
    if (err instanceof CliError && err.code === 'interrupted') throw err;
    const why = err instanceof Error ? err.message : String(err);
    ctx.out.warn(`could not end the session on the server (${ctx.redact(why)}); its tokens stay valid until they expire`);
    return false;
  }
}
