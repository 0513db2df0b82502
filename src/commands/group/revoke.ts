// `group revoke <group>`: remove the group's rule (DELETE). It reads the rule first, so the prompt
// and --dry-run say what goes, and a group without a rule needs no DELETE at all.

import { getGroupRule, revokeGroupRule, type GroupRule } from '../../api/uipath-rules.js';
import { ApiError, CliError, usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { diffRules, formatDiff } from '../../uipath/rules.js';
import { canPrompt, confirm } from '../../output/prompt.js';
import { changeJson, printChanges } from './shared/rule-view.js';
import { UiPathSession, type AccountOption } from './shared/uipath.js';
import type { Context } from '../../context.js';

interface Opts extends AccountOption {
  yes?: boolean;
  dryRun?: boolean;
}

export async function run(ctx: Context, [ref]: string[], opts: Opts): Promise<number> {
  const prompt = !opts.yes && !opts.dryRun && canPrompt(ctx.io);
  if (!opts.yes && !opts.dryRun && !prompt) throw usageError('revoking a group\'s licenses needs confirmation: pass --yes (no terminal to ask on)');
  const session = new UiPathSession(ctx, opts);
  const groupId = await session.groupId(ref ?? '');
  const target = { accountId: session.accountId, groupId };
  const client = await session.client();
  const before = await readRule(ctx, client, target, opts.dryRun === true);
  const out = ctx.out;
  if (before === null) {
    if (out.json) out.writeJson({ ...changeJson({ groupId, before, after: null }), revoked: false });
    else out.note(`group ${groupId} has no license rule: nothing to revoke${opts.dryRun ? '' : ', nothing was sent'}`);
    return 0;
  }
  if (opts.dryRun && before) {
    if (out.json) out.writeJson(changeJson({ groupId, before, after: null }));
    else printChanges(out, [{ groupId, before, after: null }]);
    out.note('dry run: nothing was sent');
    return 0;
  }
  if (prompt) {
    const what = before ? ` (${formatDiff(diffRules(before, null))})` : '';
    if (!(await confirm(ctx.io, `Revoke every user license of group ${groupId}${what}?`))) {
      throw new CliError('cancelled: nothing was revoked', { code: 'cancelled', exitCode: ExitCode.failure });
    }
  }
  await revokeGroupRule(client, target);
  if (out.json) out.writeJson({ ...changeJson({ groupId, before: before ?? null, after: null }), revoked: true });
  else out.success(`revoked the license rule of group ${groupId}${before ? ` (${before.userBundleCodes.map((c) => `-${c}`).join(' ')})` : ''}`);
  return 0;
}

/**
 * The rule before the DELETE. Without the read scope (a client granted only PM.License.Write, as
 * UiPath's own page advises) the read is skipped: undefined, "not known"; a dry run needs it.
 */
async function readRule(ctx: Context, client: Awaited<ReturnType<UiPathSession['client']>>, target: { accountId: string; groupId: string }, required: boolean): Promise<GroupRule | null | undefined> {
  try {
    return (await getGroupRule(client, target)).rule;
  } catch (err) {
    if (!required && err instanceof ApiError && err.status === 403) {
      ctx.out.warn('cannot read the group\'s rule (the token lacks PM.License.Read): revoking without showing what it held');
      return undefined;
    }
    throw err;
  }
}
