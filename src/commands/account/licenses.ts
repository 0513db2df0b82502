// `account licenses`: the organization's user licenses: code, product, allocated, total, free.

import { getAccountLicenses, type LicenseCount } from '../../api/uipath-rules.js';
import { BUNDLE_CODES } from '../../uipath/catalog/codes.js';
import type { Context } from '../../context.js';
import { UiPathSession, type AccountOption } from '../group/shared/uipath.js';

const PRODUCTS = new Map(BUNDLE_CODES.map((c) => [c.code, c.product]));

export async function run(ctx: Context, _args: string[], opts: AccountOption): Promise<number> {
  const session = new UiPathSession(ctx, opts);
  const licenses = await getAccountLicenses(await session.client(), session.accountId);
  const free = (l: LicenseCount) => Math.max(0, l.total - l.allocated);
  if (ctx.out.json) {
    ctx.out.writeJson(licenses.map((l) => ({ code: l.code, product: PRODUCTS.get(l.code) ?? null, allocated: l.allocated, total: l.total, free: free(l) })));
    return 0;
  }
  ctx.out.records(
    [
      { header: 'CODE', value: (l: LicenseCount) => l.code },
      { header: 'PRODUCT', value: (l: LicenseCount) => PRODUCTS.get(l.code) ?? '' },
      { header: 'ALLOCATED', value: (l: LicenseCount) => l.allocated },
      { header: 'TOTAL', value: (l: LicenseCount) => l.total },
      { header: 'FREE', value: free },
    ],
    licenses,
    { empty: `Organization ${session.accountId} has no user licenses.` },
  );
  return 0;
}
