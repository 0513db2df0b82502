import { BUNDLE_CODES } from '../../uipath/catalog/codes.js';
import type { Context } from '../../context.js';

/** `group codes`: the catalog of user bundle codes. */
export async function run(ctx: Context): Promise<number> {
  if (ctx.out.json) {
    ctx.out.writeJson(BUNDLE_CODES);
    return 0;
  }
  ctx.out.records(
    [
      { header: 'CODE', value: (c) => c.code },
      { header: 'PRODUCT', value: (c) => c.product },
      { header: 'STATUS', value: (c) => c.status },
    ],
    BUNDLE_CODES,
  );
  return 0;
}
