import type { Context } from '../../context.js';
import { usageError } from '../../errors.js';
import { publicProfile } from './shared/view.js';

export async function run(ctx: Context, [given]: string[]): Promise<void> {
  const data = ctx.store().read();
  const name = given ?? ctx.profileName();
  if (name === undefined) throw usageError('no current profile: name one, or choose one with `licensectl profile use <name>`');
  const profile = data.profiles[name];
  if (!profile) throw usageError(`no profile named "${name}" (see \`licensectl profile list\`)`);
  const view = publicProfile(name, profile, data.current);
  if (ctx.out.json) return ctx.out.writeJson(view);
  ctx.out.object([
    ['name', view.name],
    ['current', view.current ? 'yes' : 'no'],
    ['base URL', view.baseUrl],
    ['account', view.account],
    ['instance', view.instance],
    ['group', view.group],
    ['insecure http', view.allowInsecureHttp ? 'allowed' : 'refused'],
    ['login', view.auth ? `${view.auth.method}${view.auth.loggedIn ? '' : ' (no token)'}` : 'none'],
    ['token expires', view.auth?.expiresAt ?? ''],
  ]);
}
