// UiPath License Management, organization-wide reads (docs/api.md §1 "Reading and managing group
// rules"): the organization's licenses, one page of the groups that have rules, the batch read
// and one group's allocation. Sorted views are cached per account until its next change, so
// paging through 10,000 rules sorts once, not once per page.

import { badRequest, intParam, jsonObject, notFound, queryParam, type Ctx } from './http.js';
import { UIPATH_SCOPES } from './identities.js';
import type { Route, Services } from './router.js';
import { findUiPathGroup, type Account, type UiPathGroup } from './state.js';
import { authorize, lookupAccount, lookupGroup, orgLicenses, ruleObject } from './uipath-shared.js';

/** Page size bounds of the page endpoint; its default when `top` is absent. */
export const PAGE_TOP_MAX = 1000;
export const PAGE_TOP_DEFAULT = 10;
/** Most ids one batch read may name. */
export const BATCH_MAX_IDS = 1000;

const SORT_KEYS = { name: 'name', id: 'id' } as const;
type SortKey = keyof typeof SORT_KEYS;

const sortedCache = new WeakMap<Account, { rev: number; byKey: Partial<Record<SortKey, UiPathGroup[]>> }>();

/** The groups with a rule, ascending by the key (ties by id), cached until the account changes. */
function sortedRules(account: Account, key: SortKey): UiPathGroup[] {
  let entry = sortedCache.get(account);
  if (!entry || entry.rev !== account.rev) {
    entry = { rev: account.rev, byKey: {} };
    sortedCache.set(account, entry);
  }
  let list = entry.byKey[key];
  if (!list) {
    const withRule = [...account.groups.values()].filter((g) => g.allocation !== null);
    const lower = (g: UiPathGroup) => (key === 'name' ? g.name : g.id).toLowerCase();
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    list = withRule.sort((a, b) => cmp(lower(a), lower(b)) || cmp(a.id.toLowerCase(), b.id.toLowerCase()));
    entry.byKey[key] = list;
  }
  return list;
}

function sortParams(ctx: Ctx): { key: SortKey; descending: boolean } {
  const by = queryParam(ctx, 'sortBy');
  // Property names compare case-insensitively (Name, name), as ASP.NET binds them.
  const key = by === undefined ? 'name' : (Object.keys(SORT_KEYS) as SortKey[]).find((k) => k === by.toLowerCase());
  if (!key) throw badRequest(`query parameter sortBy must be name or id, got ${JSON.stringify(by)}`);
  const order = queryParam(ctx, 'sortOrder');
  if (order !== undefined && order !== '0' && order !== '1') {
    throw badRequest(`query parameter sortOrder must be 0 (ascending) or 1 (descending), got ${JSON.stringify(order)}`);
  }
  return { key, descending: order === '1' };
}

export function uipathGroupRoutes(svc: Services): Route[] {
  const base = [':org', 'lease_', 'api', 'account', ':accountId', 'user-license'];
  return [
    {
      pattern: base,
      handlers: {
        GET: (ctx) => {
          authorize(svc, ctx, UIPATH_SCOPES.read);
          return { status: 200, body: orgLicenses(lookupAccount(svc, ctx)) };
        },
      },
    },
    {
      pattern: [...base, 'group', 'page'],
      handlers: {
        GET: (ctx) => {
          authorize(svc, ctx, UIPATH_SCOPES.read);
          const account = lookupAccount(svc, ctx);
          const top = intParam(ctx, 'top', PAGE_TOP_DEFAULT, 1, PAGE_TOP_MAX);
          const skip = intParam(ctx, 'skip', 0, 0, Number.MAX_SAFE_INTEGER);
          const { key, descending } = sortParams(ctx);
          // Several codes: a group matches when it holds any of them.
          const codes = new Set(ctx.query.getAll('userBundleLicenseCodes').filter((c) => c !== ''));
          let list = sortedRules(account, key);
          if (codes.size > 0) list = list.filter((g) => g.allocation!.userBundleCodes.some((c) => codes.has(c)));
          const n = list.length;
          const results = [];
          for (let i = skip; i < Math.min(n, skip + top); i++) results.push(ruleObject(list[descending ? n - 1 - i : i]!));
          return { status: 200, body: { totalCount: n, results } };
        },
      },
    },
    {
      pattern: [...base, 'group'],
      handlers: {
        // A read (PM.License.Read). Ids that are unknown or whose group has no rule are left out of
        // the answer (no error): the caller learns "no rule" from the absence, as the page would show.
        // Ids repeated answer once, in the order first named.
        POST: (ctx) => {
          authorize(svc, ctx, UIPATH_SCOPES.read);
          const account = lookupAccount(svc, ctx);
          const body = jsonObject(ctx);
          const extra = Object.keys(body).filter((k) => k !== 'groupIds');
          if (extra.length > 0) throw badRequest(`unexpected key${extra.length > 1 ? 's' : ''} ${extra.join(', ')}: the body is {"groupIds": [...]}`);
          const ids = body.groupIds;
          if (!Array.isArray(ids)) throw badRequest('groupIds is required (an array of group ids)');
          if (ids.length > BATCH_MAX_IDS) throw badRequest(`groupIds has ${ids.length} ids; at most ${BATCH_MAX_IDS} per request`);
          ids.forEach((id, i) => {
            if (typeof id !== 'string' || id === '') throw badRequest(`groupIds[${i}] must be a non-empty string, got ${JSON.stringify(id)}`);
          });
          const seen = new Set<string>();
          const answer = [];
          for (const id of ids as string[]) {
            const group = findUiPathGroup(account, id);
            if (!group || group.allocation === null || seen.has(group.id)) continue;
            seen.add(group.id);
            answer.push(ruleObject(group));
          }
          return { status: 200, body: answer };
        },
      },
    },
    {
      pattern: [...base, 'group', ':groupId', 'allocation'],
      handlers: {
        GET: (ctx) => {
          authorize(svc, ctx, UIPATH_SCOPES.read);
          const { group } = lookupGroup(svc, ctx);
          // No rule, nothing allocated to describe: 404 (the group itself exists; the message says so).
          if (group.allocation === null) throw notFound(`group ${group.id} has no license rule`);
          return { status: 200, body: ruleObject(group) };
        },
      },
    },
  ];
}
