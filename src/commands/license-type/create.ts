import { createLicenseType } from '../../api/fusion.js';
import type { Context } from '../../context.js';
import { clientFor, describeTarget, resolveTarget, type TargetOptions } from './shared/target.js';
import { label, printLicenseType } from './shared/view.js';

interface Opts extends TargetOptions {
  name: string;
  sku: string;
  description?: string;
}

export async function run(ctx: Context, _args: string[], opts: Opts): Promise<void> {
  const target = await resolveTarget(ctx, opts);
  const http = await clientFor(ctx, target);
  const created = await createLicenseType(http, target, { name: opts.name, sku: opts.sku, description: opts.description ?? '' });
  printLicenseType(ctx.out, created);
  if (!ctx.out.json) ctx.out.success(`Created license type ${label(created.id, created.name)} in ${describeTarget(target)}`);
}
