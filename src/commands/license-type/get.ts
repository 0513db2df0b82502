import { getLicenseType } from '../../api/fusion.js';
import type { Context } from '../../context.js';
import { clientFor, resolveTarget, type TargetOptions } from './shared/target.js';
import { printLicenseType } from './shared/view.js';

export async function run(ctx: Context, [id]: string[], opts: TargetOptions): Promise<void> {
  const target = await resolveTarget(ctx, opts);
  const http = await clientFor(ctx, target);
  printLicenseType(ctx.out, await getLicenseType(http, target, Number(id)));
}
