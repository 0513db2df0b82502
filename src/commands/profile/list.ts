import type { Context } from '../../context.js';
import { publicProfile } from './shared/view.js';

export async function run(ctx: Context): Promise<void> {
  const data = ctx.store().read();
  const rows = Object.entries(data.profiles)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, p]) => publicProfile(name, p, data.current));
  if (ctx.out.json) return ctx.out.writeJson(rows);
  ctx.out.records(
    [
      { header: '', value: (r) => (r.current ? '*' : '') },
      { header: 'NAME', value: (r) => r.name },
      { header: 'BASE URL', value: (r) => r.baseUrl },
      { header: 'ACCOUNT', value: (r) => r.account },
      { header: 'INSTANCE', value: (r) => r.instance },
      { header: 'GROUP', value: (r) => r.group },
      { header: 'LOGIN', value: (r) => (r.auth?.loggedIn ? r.auth.method : '') },
    ],
    rows,
    { empty: 'No profiles yet: create one with `licensectl profile set <name> --base-url <url>`.' },
  );
}
