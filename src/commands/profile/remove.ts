import type { Context } from '../../context.js';
import { usageError } from '../../errors.js';

export async function run(ctx: Context, [name]: string[]): Promise<void> {
  await ctx.store().update((data) => {
    if (!name || !data.profiles[name]) throw usageError(`no profile named "${name}" (see \`licensectl profile list\`)`);
    delete data.profiles[name];
    if (data.current === name) delete data.current;
  });
  if (ctx.out.json) ctx.out.writeJson({ name, removed: true });
  else ctx.out.success(`Removed profile "${name}"`);
}
