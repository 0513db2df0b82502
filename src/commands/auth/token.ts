import { jwtExpiry } from '../../auth/expiry.js';
import { storedSession } from '../../auth/session.js';
import type { Context } from '../../context.js';

// The one command that prints the token, on purpose (`curl -H "Authorization: Bearer $(licensectl auth token)"`).
export async function run(ctx: Context): Promise<void> {
  const fromEnv = ctx.env.LICENSECTL_TOKEN;
  let token: string;
  let expiresAt: number | undefined;
  if (fromEnv) {
    token = fromEnv;
    expiresAt = jwtExpiry(fromEnv);
  } else {
    const session = storedSession(ctx, ctx.resolveProfile());
    token = await session.token();
    expiresAt = session.current?.expiresAt;
  }
  if (ctx.out.json) ctx.out.writeJson({ token, expiresAt: expiresAt === undefined ? null : new Date(expiresAt).toISOString() });
  else ctx.out.line(token);
}
