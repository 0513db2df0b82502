// `group allocate <groupId> --codes ...`: set one group's user bundle codes (PUT replaces them all);
// with --from-file, many groups (bulk.ts).

import { allocateGroup, allocateRequest, type GroupAllocation } from '../../api/uipath.js';
import { parseCodeList } from '../../uipath/catalog/codes.js';
import { sendingUnknownMessage, unknownCodeMessage, unknownCodes } from '../../uipath/catalog/suggest.js';
import type { Context } from '../../context.js';
import type { Output } from '../../output/output.js';
import { usageError } from '../../errors.js';
import { plan, printPlans } from './shared/dry-run.js';
import { requireAccount, type AllocateOptions } from './shared/options.js';

export async function run(ctx: Context, args: string[], opts: AllocateOptions): Promise<number> {
  const [groupArg] = args;
  if (opts.fromFile !== undefined) {
    if (groupArg !== undefined) throw usageError('give either a <groupId> or --from-file <file>, not both');
    if (opts.codes !== undefined) throw usageError('--codes cannot be combined with --from-file: the file gives each group its codes');
    const { runBulk } = await import('./shared/bulk.js');
    return runBulk(ctx, opts);
  }
  if (opts.report !== undefined || opts.resume) throw usageError('--report and --resume go with --from-file <file>');
  const groupId = groupArg?.trim() ?? '';
  if (groupId === '') throw usageError('missing <groupId>: give the group\'s ID, or --from-file <file> for many groups');
  if (opts.codes === undefined) throw usageError('missing --codes: give the bundle codes to allocate, e.g. --codes RPADEVPRONU,IDU');
  const codes = parseCodeList(opts.codes);
  if (codes.length === 0) throw usageError('--codes is empty: give at least one bundle code, e.g. --codes RPADEVPRONU,IDU (see `licensectl group codes`)');
  const unknown = unknownCodes(codes);
  if (unknown.length > 0 && !opts.allowUnknownCodes) throw usageError(unknownCodeMessage(unknown[0]!));

  const resolved = ctx.resolveProfile();
  const target = { accountId: requireAccount(opts, resolved), groupId };
  const body = { userBundleCodes: codes, useExternalLicense: opts.externalLicense === true };
  if (opts.dryRun) {
    printPlans(ctx.out, [plan(resolved.baseUrl, allocateRequest(target, body))], { asArray: false });
    ctx.out.note('dry run: nothing was sent');
    return 0;
  }
  if (unknown.length > 0) ctx.out.warn(sendingUnknownMessage(unknown));

  const client = await ctx.http(resolved);
  const { allocation } = await allocateGroup(client, target, body);
  render(ctx.out, allocation);
  return 0;
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
