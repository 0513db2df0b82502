// UiPath License Management (API.md §1): a group's user license allocation.

import { isKnownCode } from '../uipath/catalog/codes.js';
import { ApiError, badRequest, jsonObject, notFound, type Ctx, type Reply } from './http.js';
import { UIPATH_SCOPES } from './identities.js';
import { requireOrg, type Route, type Services } from './router.js';
import { findUiPathGroup, overAllocated, setAllocation, type Account, type Allocation, type UiPathGroup } from './state.js';
import { requireScope } from './tokens.js';

function lookup(svc: Services, ctx: Ctx): { account: Account; group: UiPathGroup } {
  const { org, accountId, groupId } = ctx.params as { org: string; accountId: string; groupId: string };
  const account = svc.state.accounts.get(accountId.toLowerCase());
  if (!account || account.org.toLowerCase() !== org.toLowerCase()) {
    throw notFound(`no account license is allocated for account ${accountId} in organization ${org}`);
  }
  const group = findUiPathGroup(account, groupId);
  if (!group) throw notFound(`group ${groupId} does not exist in account ${accountId}`);
  return { account, group };
}

/** The PUT body as an allocation: codes known to the catalog, each once, in the order sent. */
function parseAllocation(ctx: Ctx): Allocation {
  const body = jsonObject(ctx);
  const codes = body.userBundleCodes;
  if (codes === undefined) throw badRequest('userBundleCodes is required (an array of user bundle codes)');
  if (!Array.isArray(codes)) throw badRequest('userBundleCodes must be an array of strings');
  codes.forEach((c, i) => {
    if (typeof c !== 'string') throw badRequest(`userBundleCodes[${i}] must be a string, got ${JSON.stringify(c)}`);
    if (c === '') throw badRequest(`userBundleCodes[${i}] is an empty string`);
  });
  const unique = [...new Set(codes as string[])];
  const unknown = unique.filter((c) => !isKnownCode(c));
  if (unknown.length > 0) throw badRequest(`unknown user bundle code${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  const external = body.useExternalLicense;
  if (external !== undefined && typeof external !== 'boolean') {
    throw badRequest(`useExternalLicense must be a boolean, got ${JSON.stringify(external)}`);
  }
  return { userBundleCodes: unique, useExternalLicense: external ?? false };
}

function answer(account: Account, group: UiPathGroup): Reply {
  const { userBundleCodes, useExternalLicense } = group.allocation;
  return {
    status: 200,
    body: { groupId: group.id, organizationId: account.id, useExternalLicense, userBundleCodes: [...userBundleCodes] },
  };
}

export function uipathRoutes(svc: Services): Route[] {
  const authorize = (ctx: Ctx, scope: string): void => {
    requireOrg(svc.state, ctx.params.org!);
    requireScope(svc.tokens.authenticate(ctx), scope);
  };
  return [
    {
      pattern: [':org', 'lease_', 'api', 'account', ':accountId', 'user-license', 'group', ':groupId'],
      handlers: {
        GET: (ctx) => {
          authorize(ctx, UIPATH_SCOPES.read);
          const { account, group } = lookup(svc, ctx);
          return answer(account, group);
        },
        PUT: (ctx) => {
          authorize(ctx, UIPATH_SCOPES.write);
          const { account, group } = lookup(svc, ctx);
          const allocation = parseAllocation(ctx);
          const over = overAllocated(account, group, allocation.userBundleCodes);
          if (over.length > 0) {
            const detail = over.map((c) => `${c} (purchased ${account.purchased[c] ?? 0}, in use ${account.used.get(c) ?? 0})`);
            throw new ApiError(409, 'conflict', `the allocation exceeds the licenses purchased: ${detail.join(', ')}`, {}, { codes: over });
          }
          setAllocation(account, group.id, allocation);
          svc.changed();
          return answer(account, group);
        },
      },
    },
  ];
}
