import { currentToken } from '../../auth/token-source.js';
import type { Context } from '../../context.js';

// The one command that prints the token, on purpose: piped on to curl (see `auth token --help`).
export async function run(ctx: Context): Promise<void> {
  const { token, expiresAt } = await currentToken(ctx, () => ctx.resolveProfile());
  if (ctx.out.json) ctx.out.writeJson({ token, expiresAt: expiresAt === undefined ? null : new Date(expiresAt).toISOString() });
  else ctx.out.line(token);
}
