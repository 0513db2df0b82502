import { deleteLicenseType, getLicenseType } from '../../api/fusion.js';
import type { Context } from '../../context.js';
import { CliError, usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { canPrompt, confirm } from '../../output/prompt.js';
import { clientFor, resolveTarget, type TargetOptions } from './shared/target.js';
import { label } from './shared/view.js';

interface Opts extends TargetOptions {
  yes?: boolean;
}

export async function run(ctx: Context, [rawId]: string[], opts: Opts): Promise<number | void> {
  const id = Number(rawId);
  const prompt = !opts.yes && canPrompt(ctx.io);
  if (!opts.yes && !prompt) {
    throw usageError(`deleting license type ${id} needs confirmation: pass --yes (no terminal to ask on)`);
  }
  const target = await resolveTarget(ctx, opts);
  const http = await clientFor(ctx, target);
  // The API answers DELETE with 204 whether or not the type exists, so both paths (asked, or --yes)
  // read it first: a typo'd id is "not found" (exit 3), never "deleted".
  const name: unknown = (await getLicenseType(http, target, id)).name;
  if (prompt && !(await confirm(ctx.io, `Delete license type ${label(id, name)} from group ${target.group}?`))) {
    throw new CliError('cancelled: nothing was deleted', { code: 'cancelled', exitCode: ExitCode.failure });
  }
  await deleteLicenseType(http, target, id);
  if (ctx.out.json) return ctx.out.writeJson({ id, deleted: true });
  ctx.out.success(`Deleted license type ${label(id, name)} from group ${target.group}`);
}
