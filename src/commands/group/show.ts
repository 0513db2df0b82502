// `group show <group>`: one GET; the group's codes beside what the organization has of each.

import { getGroupRule, type GroupRuleView, type LicenseCount } from '../../api/uipath-rules.js';
import { BUNDLE_CODES } from '../../uipath/catalog/codes.js';
import type { Context } from '../../context.js';
import { UiPathSession, type AccountOption } from './shared/uipath.js';

const PRODUCTS = new Map(BUNDLE_CODES.map((c) => [c.code, c.product]));

interface Row {
  code: string;
  held: boolean;
  count: LicenseCount | undefined;
}

export async function run(ctx: Context, [ref]: string[], opts: AccountOption): Promise<number> {
  const session = new UiPathSession(ctx, opts);
  const groupId = await session.groupId(ref ?? '');
  const view = await getGroupRule(await session.client(), { accountId: session.accountId, groupId });
  const out = ctx.out;
  if (out.json) {
    out.writeJson({
      groupId,
      userBundleCodes: view.rule?.userBundleCodes ?? [],
      useExternalLicense: view.useExternalLicense,
      available: view.available.map(({ code, allocated, total }) => ({ code, allocated, total })),
    });
    return 0;
  }
  out.records(
    [
      { header: 'CODE', value: (r: Row) => r.code },
      { header: 'PRODUCT', value: (r: Row) => PRODUCTS.get(r.code) ?? '' },
      { header: 'HELD', value: (r: Row) => (r.held ? 'yes' : 'no') },
      { header: 'ALLOCATED', value: (r: Row) => (r.count ? `${r.count.allocated}/${r.count.total}` : '') },
      { header: 'FREE', value: (r: Row) => (r.count ? Math.max(0, r.count.total - r.count.allocated) : '') },
    ],
    rows(view),
    { empty: 'The organization has no user licenses.' },
  );
  if (out.mode === 'table') out.line(`External license: ${view.useExternalLicense ? 'yes' : 'no'}`);
  if (!view.rule) out.note(`group ${groupId} has no license rule: it holds no user licenses`);
  return 0;
}

/** The organization's codes in its order, then codes the group holds that the organization lacks. */
function rows(view: GroupRuleView): Row[] {
  const held = new Set(view.rule?.userBundleCodes ?? []);
  const result: Row[] = view.available.map((count) => ({ code: count.code, held: held.has(count.code), count }));
  const listed = new Set(view.available.map((a) => a.code));
  for (const code of held) if (!listed.has(code)) result.push({ code, held: true, count: undefined });
  return result;
}
