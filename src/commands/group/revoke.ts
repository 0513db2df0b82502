// `group revoke <group>`: remove the group's rule (DELETE). It reads the rule first, so the prompt
// and --dry-run say what goes, and a group without a rule needs no DELETE at all.

import { getGroupRule, READ_SCOPE, revokeGroupRule } from '../../api/uipath-rules.js';
import { CliError, usageError } from '../../errors.js';
import { ExitCode } from '../../exit-codes.js';
import { diffRules, formatDiff } from '../../uipath/rules.js';
import { canPrompt, confirm } from '../../output/prompt.js';
import { changeJson, printChanges } from './shared/rule-view.js';
import { readUnlessForbidden, UiPathSession, type AccountOption } from './shared/uipath.js';
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
  // The rule before the DELETE. Without the read scope the DELETE still goes, unshown; a dry run
  // is nothing but the read.
  const before = await readUnlessForbidden(
    ctx.out,
    async () => (await getGroupRule(client, target)).rule,
    opts.dryRun === true ? { refusal: (err) => err } : { blind: `cannot read the group's rule (the token lacks ${READ_SCOPE}): revoking without showing what it held` },
  );
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

