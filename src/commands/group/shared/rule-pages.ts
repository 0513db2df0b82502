// Every page of the organization's group rules (GET .../user-license/group/page): the first says
// how many there are, the rest are fetched through a pool, and come back in order. `group list
// --all` prints them; `group apply --prune` looks for the rules its file does not name.

import type { HttpClient } from '../../../api/http.js';
import { getGroupRulesPage, type GroupRuleSummary, type GroupRulesPage, type PageQuery } from '../../../api/uipath-rules.js';
import { failure } from '../../../errors.js';
import { runPool, type PoolOptions } from '../../../pool.js';

/** More pages than this is a server that is not telling the truth; never plan on it. */
const MAX_PAGES = 100_000;

/**
 * `first` (the page at skip 0) and every page after it, `concurrency` at a time. "totalCount" is
 * the server's word: an empty page means the list ended there, whatever it claimed. The first error
 * wins: no page starts after it, and it is thrown once those in flight end.
 */
export async function allRulePages(
  client: HttpClient,
  accountId: string,
  base: Omit<PageQuery, 'skip'>,
  first: GroupRulesPage,
  opts: { concurrency: PoolOptions['concurrency']; signal?: AbortSignal },
): Promise<GroupRuleSummary[]> {
  if (first.totalCount / base.top > MAX_PAGES) {
    throw failure(`the server's answer is not what the API documents: "totalCount" is ${first.totalCount}, more than ${MAX_PAGES} pages of ${base.top}`, 'bad_response');
  }
  const skips: number[] = [];
  if (first.results.length > 0) for (let skip = base.top; skip < first.totalCount; skip += base.top) skips.push(skip);
  const pages: GroupRuleSummary[][] = [];
  let failed: { error: unknown } | undefined;
  let ended = false;
  await runPool(skips, { concurrency: opts.concurrency, signal: opts.signal, stop: () => failed !== undefined || ended }, async (skip, i) => {
    try {
      pages[i] = (await getGroupRulesPage(client, accountId, { ...base, skip })).results;
      if (pages[i]!.length === 0) ended = true;
    } catch (error) {
      failed ??= { error };
    }
  });
  if (failed) throw failed.error;
  return [first.results, ...pages].flat();
}
