import { envToken } from '../../auth/token-source.js';
import type { Context } from '../../context.js';
import { usageError } from '../../errors.js';

export async function run(ctx: Context): Promise<void> {
  const name = ctx.profileName();
  if (name === undefined) throw usageError('no current profile: name one with --profile, or choose one with `licensectl profile use <name>`');
  const had = await ctx.store().update((data) => {
    const profile = data.profiles[name];
    if (!profile) throw usageError(`no profile named "${name}" (see \`licensectl profile list\`)`);
    const stored = profile.auth !== undefined;
    delete profile.auth;
    return stored;
  });
  if (ctx.out.json) ctx.out.writeJson({ profile: name, loggedOut: had });
  else if (had) ctx.out.success(`Logged out of profile "${name}": its token and secrets are forgotten`);
  else ctx.out.note(`Profile "${name}" had no stored login.`);
  if (envToken(ctx.env)) ctx.out.warn('LICENSECTL_TOKEN is still set: commands keep using it until you unset it');
}
