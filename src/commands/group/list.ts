// `group list`: the groups that have a license rule, a page at a time from the service's paged
// endpoint, or every page with --all (bounded concurrency, input order kept).

import type { HttpClient } from '../../api/http.js';
import { getAccountLicenses, getGroupRulesPage, type GroupRuleSummary, type PageQuery } from '../../api/uipath-rules.js';
import { AdaptiveLimit } from '../../pool-adaptive.js';
import type { Context } from '../../context.js';
import { ApiError, usageError } from '../../errors.js';
import { parseCodeList } from '../../uipath/catalog/codes.js';
import { notOwnedMessage, unknownCodeMessage, unknownCodes } from '../../uipath/catalog/suggest.js';
import { allRulePages } from './shared/rule-pages.js';
import { UiPathSession, type AccountOption } from './shared/uipath.js';

interface Opts extends AccountOption {
  code?: string[];
  sort?: string;
  dir?: 'asc' | 'desc';
  pageSize?: number;
  page?: number;
  all?: boolean;
}

export const DEFAULT_PAGE_SIZE = 50;
/** Pages of --all in flight at first (`--concurrency auto`'s limit then adapts, src/pool-adaptive.ts). */
const PAGE_CONCURRENCY = 4;

export async function run(ctx: Context, _args: string[], opts: Opts): Promise<number> {
  if (opts.all && opts.page !== undefined) throw usageError('--all reads every page: leave out --page');
  const codes = parseCodeList((opts.code ?? []).join(','));
  const session = new UiPathSession(ctx, opts);
  const top = opts.pageSize ?? DEFAULT_PAGE_SIZE;
  const base: Omit<PageQuery, 'skip'> = {
    top,
    sortBy: opts.sort,
    sortOrder: opts.dir === undefined ? undefined : opts.dir === 'desc' ? 1 : 0,
    codes,
  };
  const limit = opts.all ? new AdaptiveLimit({ initial: PAGE_CONCURRENCY }) : undefined;
  const client = await session.client(opts.all ? { requests: Infinity, pacer: limit } : {});
  await checkCodes(client, session.accountId, codes);
  const page = opts.page ?? 1;
  const first = await getGroupRulesPage(client, session.accountId, { ...base, skip: (opts.all ? 0 : page - 1) * top });
  const groups = opts.all ? await allRulePages(client, session.accountId, base, first, { concurrency: limit!, signal: ctx.signal }) : first.results;

  const out = ctx.out;
  if (out.json) {
    out.writeJson(groups);
    return 0;
  }
  const pages = Math.max(1, Math.ceil(first.totalCount / top));
  out.records(
    [
      { header: 'ID', value: (g: GroupRuleSummary) => g.id },
      { header: 'NAME', value: (g: GroupRuleSummary) => g.name },
      { header: 'CODES', value: (g: GroupRuleSummary) => g.userBundleLicenses.join(',') },
      { header: 'LEASES', value: (g: GroupRuleSummary) => Object.entries(g.userBundleLeases).map(([c, n]) => `${c}=${n}`).join(',') },
      { header: 'EXTERNAL', value: (g: GroupRuleSummary) => (g.useExternalLicense ? 'yes' : 'no') },
      { header: 'ORPHAN', value: (g: GroupRuleSummary) => (g.orphan ? 'yes' : 'no') },
    ],
    groups,
    {
      empty: first.totalCount === 0 ? 'No group has a license rule' + (base.codes?.length ? ` with ${base.codes.join(' or ')}.` : '.') : `Nothing on page ${page}: there ${pages === 1 ? 'is 1 page' : `are ${pages} pages`}.`,
      footer: out.mode === 'table' && groups.length > 0 ? footer(first.totalCount, opts.all ? undefined : { page, pages }) : undefined,
    },
  );
  if (out.mode === 'tsv' && !opts.all && page < pages) out.note(`page ${page} of ${pages}, ${first.totalCount} groups: add --page ${page + 1} for the next, or --all for every page`);
  if (opts.all && groups.length !== first.totalCount) {
    out.warn(`the list changed while it was read: the server counted ${first.totalCount}, ${groups.length} were received`);
  }
  return 0;
}

/**
 * A typo would only list no group, so a code outside the catalog is checked against the
 * organization's own licenses (which may hold codes newer than the catalog) before the list is
 * read: one it does not own is a usage error naming the nearest it does. Without the scope to read
 * them (403), the catalog decides.
 */
async function checkCodes(client: HttpClient, accountId: string, codes: readonly string[]): Promise<void> {
  const unknown = unknownCodes(codes);
  if (unknown.length === 0) return;
  let owned: string[];
  try {
    owned = (await getAccountLicenses(client, accountId)).map((l) => l.code);
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) throw usageError(unknownCodeMessage(unknown[0]!, { allowFlag: false }));
    throw err;
  }
  const problem = notOwnedMessage(unknown, owned);
  if (problem) throw usageError(problem);
}

function footer(total: number, paged: { page: number; pages: number } | undefined): string {
  const groups = `${total} ${total === 1 ? 'group' : 'groups'}`;
  if (!paged) return `every page, ${groups}`;
  const more = paged.page < paged.pages ? `; --page ${paged.page + 1} for the next, --all for every page` : '';
  return `page ${paged.page} of ${paged.pages}, ${groups}${more}`;
}
