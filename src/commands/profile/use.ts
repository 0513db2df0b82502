import type { Context } from '../../context.js';
import { usageError } from '../../errors.js';

export async function run(ctx: Context, [name]: string[]): Promise<void> {
  await ctx.store().update((data) => {
    if (!name || !data.profiles[name]) throw usageError(`no profile named "${name}" (see \`licensectl profile list\`)`);
    data.current = name;
  });
  if (ctx.out.json) ctx.out.writeJson({ current: name });
  else ctx.out.success(`Now using profile "${name}"`);
}
