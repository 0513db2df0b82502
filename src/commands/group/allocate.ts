// `group allocate <group>`: set one group's user bundle codes. It reads the group's rule first
// (one GET, which also lists the codes the organization owns), then:
//   --codes C            replaces the codes with C (and shows the codes it removes)
//   --add A --remove R   keeps every other code
// useExternalLicense stays as stored unless --external-license / --no-external-license says
// otherwise. Nothing is sent when the group already holds exactly that. With --from-file, many
// groups (bulk.ts).

import { CliError, usageError } from '../../errors.js';
import { allocateGroup, allocateRequest, type GroupAllocation } from '../../api/uipath.js';
import { getGroupRule, READ_SCOPE, type GroupRuleView } from '../../api/uipath-rules.js';
import { parseCodeList } from '../../uipath/catalog/codes.js';
import { notOwnedMessage, sendingUnknownMessage, unknownCodeMessage, unknownCodes } from '../../uipath/catalog/suggest.js';
import type { Context } from '../../context.js';
import type { Output } from '../../output/output.js';
import { ExitCode } from '../../exit-codes.js';
import { segmentProblem } from '../../api/url.js';
import { applyEdit, diffRules, formatDiff, type RuleEdit } from '../../uipath/rules.js';
import { plan, printPlans } from './shared/dry-run.js';
import type { AllocateOptions } from './shared/options.js';
import { changeJson, printChanges } from './shared/rule-view.js';
import { readUnlessForbidden, UiPathSession } from './shared/uipath.js';

export async function run(ctx: Context, args: string[], opts: AllocateOptions): Promise<number> {
  const [groupArg] = args;
  if (opts.fromFile !== undefined) {
    if (groupArg !== undefined) throw usageError('give either a <groupId> or --from-file <file>, not both');
    if (opts.codes !== undefined) throw usageError('--codes cannot be combined with --from-file: the file gives each group its codes');
    if (opts.add !== undefined || opts.remove !== undefined) throw usageError('--add and --remove cannot be combined with --from-file: give add/remove columns in the file');
    const { runBulk } = await import('./shared/bulk.js');
    return runBulk(ctx, opts);
  }
  if (opts.report !== undefined || opts.resume) throw usageError('--report and --resume go with --from-file <file>');
  const ref = groupArg?.trim() ?? '';
  if (ref === '') throw usageError('missing <groupId>: give the group\'s ID or name, or --from-file <file> for many groups');
  const problem = segmentProblem(ref);
  if (problem) throw usageError(problem);
  const edit = parseEdit(opts);

  const session = new UiPathSession(ctx, opts);
  const groupId = await session.groupId(ref);
  const target = { accountId: session.accountId, groupId };
  const client = await session.client();
  // --codes can replace blind (with a warning); --add/--remove cannot merge without the read.
  const view = await readUnlessForbidden(
    ctx.out,
    () => getGroupRule(client, target),
    edit.codes === undefined
      ? {
          refusal: () => new CliError(`--add and --remove read the group's codes first, and the token lacks the scope ${READ_SCOPE} (403): grant it, or replace the codes with --codes`, {
            code: 'forbidden',
            exitCode: ExitCode.auth,
            status: 403,
          }),
        }
      : { blind: `cannot read the group's codes (the token lacks ${READ_SCOPE}): replacing them without showing what is removed` },
  );
  const introduced = [...(edit.codes ?? []), ...(edit.add ?? [])];
  checkOwned(introduced, view);
  const unknown = unknownCodes(introduced);

  const before = view?.rule ?? null;
  const after = applyEdit(before, edit);
  const diff = diffRules(before, after);
  const body = { userBundleCodes: after.userBundleCodes, useExternalLicense: after.useExternalLicense };
  const out = ctx.out;

  if (opts.dryRun) {
    if (out.json) out.writeJson({ ...changeJson({ groupId, before: view ? before : null, after }), request: plan(session.resolved.baseUrl, allocateRequest(target, body)) });
    else {
      if (view) printChanges(out, [{ groupId, before, after }]);
      if (!view || diff.changed) printPlans(out, [plan(session.resolved.baseUrl, allocateRequest(target, body))], { asArray: false });
    }
    out.note(view && !diff.changed ? 'dry run: no change, nothing would be sent' : 'dry run: nothing was sent');
    return 0;
  }
  if (view && !diff.changed) {
    render(out, { groupId, organizationId: session.accountId, ...body });
    if (!out.json) out.note(`group ${groupId} already holds exactly this: nothing was sent`);
    return 0;
  }
  if (unknown.length > 0) out.warn(sendingUnknownMessage(unknown));
  if (view && diff.removed.length > 0 && !out.json) out.note(`group ${groupId}: ${formatDiff(diff)}`);
  const { allocation } = await allocateGroup(client, target, body);
  render(out, allocation);
  return 0;
}

/** The change the flags ask for; every usage problem is found here, before anything is sent. */
function parseEdit(opts: AllocateOptions): RuleEdit {
  const merging = opts.add !== undefined || opts.remove !== undefined;
  if (opts.codes !== undefined && merging) {
    throw usageError('--codes replaces the group\'s codes; --add/--remove change some of them: give one or the other');
  }
  if (opts.codes === undefined && !merging) {
    throw usageError('missing --codes: give the bundle codes to allocate, e.g. --codes RPADEVPRONU,IDU (or --add/--remove to change some of them)');
  }
  const edit: RuleEdit = { external: opts.externalLicense };
  if (opts.codes !== undefined) {
    edit.codes = parseCodeList(opts.codes);
    if (edit.codes.length === 0) throw usageError('--codes is empty: give at least one bundle code, e.g. --codes RPADEVPRONU,IDU (see `licensectl group codes`)');
  } else {
    edit.add = parseCodeList(opts.add ?? '');
    edit.remove = parseCodeList(opts.remove ?? '');
    if (edit.add.length === 0 && edit.remove.length === 0) throw usageError('--add and --remove are empty: give at least one bundle code');
    const both = edit.add.find((c) => edit.remove!.includes(c));
    if (both) throw usageError(`${both} is in both --add and --remove`);
  }
  const unknown = unknownCodes([...(edit.codes ?? []), ...(edit.add ?? [])]);
  if (unknown.length > 0 && !opts.allowUnknownCodes) throw usageError(unknownCodeMessage(unknown[0]!));
  return edit;
}

/** A code the organization does not own is refused before anything is sent (exit 5). */
function checkOwned(codes: readonly string[], view: GroupRuleView | undefined): void {
  if (!view || view.available.length === 0) return;
  const problem = notOwnedMessage(codes, view.available.map((a) => a.code));
  if (problem) throw new CliError(problem, { code: 'not_owned', exitCode: ExitCode.rejected });
}

/** Terminal: readable fields; pipe: `groupId\torganizationId\tuseExternalLicense\tcodes`; --json: the server's answer. */
function render(out: Output, a: GroupAllocation): void {
  if (out.json) {
    out.writeJson(a);
    return;
  }
  if (out.mode === 'tsv') {
    out.object([['groupId', a.groupId], ['organizationId', a.organizationId], ['useExternalLicense', a.useExternalLicense], ['codes', a.userBundleCodes.join(',')]]);
    return;
  }
  out.object([
    ['Group', a.groupId],
    ['Organization', a.organizationId],
    ['External license', a.useExternalLicense ? 'yes' : 'no'],
    ['Codes', a.userBundleCodes.length > 0 ? a.userBundleCodes.join(', ') : '(none)'],
  ]);
  out.success(`group ${a.groupId} now holds ${a.userBundleCodes.length} bundle code${a.userBundleCodes.length === 1 ? '' : 's'}`);
}
