// UiPath License Management (docs/api.md §1): one group's license rule (GET, PUT, DELETE). The
// organization-wide reads (totals, the page of rules, the batch read) live in uipath-groups.ts.

import { isKnownCode } from '../uipath/catalog/codes.js';
import { ApiError, badRequest, jsonObject, notFound, type Ctx, type Reply } from './http.js';
import { UIPATH_SCOPES } from './identities.js';
import type { Route, Services } from './router.js';
import { overAllocated, removeRule, setAllocation, type Account, type Allocation, type UiPathGroup } from './state.js';
import { uipathGroupRoutes } from './uipath-groups.js';
import { authorize, lookupGroup, orgLicenses } from './uipath-shared.js';

const PUT_KEYS = new Set(['userBundleCodes', 'useExternalLicense']);

/** The PUT body as an allocation: codes known to the catalog, each once, in the order sent. */
function parseAllocation(ctx: Ctx): Allocation {
  const body = jsonObject(ctx);
  // The body allows no other keys; the older `userBundleLicenses` is refused by name, so a client
  // still sending it learns what to send instead.
  if ('userBundleLicenses' in body) throw badRequest('userBundleLicenses is deprecated: send userBundleCodes');
  const extra = Object.keys(body).filter((k) => !PUT_KEYS.has(k));
  if (extra.length > 0) throw badRequest(`unexpected key${extra.length > 1 ? 's' : ''} ${extra.join(', ')}: the body is {"userBundleCodes": [...], "useExternalLicense": bool}`);
  const codes = body.userBundleCodes;
  if (codes === undefined) throw badRequest('userBundleCodes is required (an array of user bundle codes)');
  if (!Array.isArray(codes)) throw badRequest('userBundleCodes must be an array of strings');
  codes.forEach((c, i) => {
    if (typeof c !== 'string') throw badRequest(`userBundleCodes[${i}] must be a string, got ${JSON.stringify(c)}`);
    if (c === '') throw badRequest(`userBundleCodes[${i}] is an empty string`);
  });
  const unique = [...new Set(codes as string[])];
  // Codes outside the catalog stay a 400 (the CLI's --allow-unknown-codes path is tested on it);
  // catalog codes the organization does not own are a 409 below, as docs/api.md describes.
  const unknown = unique.filter((c) => !isKnownCode(c));
  if (unknown.length > 0) throw badRequest(`unknown user bundle code${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`);
  const external = body.useExternalLicense;
  if (external !== undefined && typeof external !== 'boolean') {
    throw badRequest(`useExternalLicense must be a boolean, got ${JSON.stringify(external)}`);
  }
  return { userBundleCodes: unique, useExternalLicense: external ?? false };
}

/** The PUT's answer: the rule as now stored. */
function putAnswer(account: Account, group: UiPathGroup): Reply {
  const { userBundleCodes, useExternalLicense } = group.allocation!;
  return {
    status: 200,
    body: { groupId: group.id, organizationId: account.id, useExternalLicense, userBundleCodes: [...userBundleCodes] },
  };
}

export function uipathRoutes(svc: Services): Route[] {
  return [
    // First: its literal `page` segment would otherwise be taken for a group id.
    ...uipathGroupRoutes(svc),
    {
      pattern: [':org', 'lease_', 'api', 'account', ':accountId', 'user-license', 'group', ':groupId'],
      handlers: {
        GET: (ctx) => {
          authorize(svc, ctx, UIPATH_SCOPES.read);
          const { account, group } = lookupGroup(svc, ctx);
          const a = group.allocation;
          // A group without a rule: allocatedUserBundles null (docs/api.md: null or []).
          const body = {
            allocatedUserBundles: a ? [...a.userBundleCodes] : null,
            availableUserBundles: orgLicenses(account),
            useExternalLicense: a?.useExternalLicense ?? false,
          };
          return { status: 200, body };
        },
        PUT: (ctx) => {
          authorize(svc, ctx, UIPATH_SCOPES.write);
          const { account, group } = lookupGroup(svc, ctx);
          // A group deleted in Identity can lose its orphan rule but not be given a new one.
          if (group.deleted) throw notFound(`group ${group.id} was deleted; only its orphan rule can be removed`);
          const allocation = parseAllocation(ctx);
          const over = overAllocated(account, group, allocation.userBundleCodes);
          if (over.length > 0) {
            const detail = over.map((c) =>
              c in account.purchased ? `${c} (purchased ${account.purchased[c]}, in use ${account.used.get(c) ?? 0})` : `${c} (not owned by the organization)`,
            );
            throw new ApiError(409, 'conflict', `the allocation exceeds the licenses purchased: ${detail.join(', ')}`, {}, { codes: over });
          }
          setAllocation(account, group.id, allocation);
          svc.changed();
          return putAnswer(account, group);
        },
        // Removing a rule the group does not have answers 200 too (idempotent, like removing an
        // absent key): a retried DELETE whose first answer was lost must not look like a failure.
        // An unknown group stays a 404, as on GET and PUT.
        DELETE: (ctx) => {
          authorize(svc, ctx, UIPATH_SCOPES.write);
          const { account, group } = lookupGroup(svc, ctx);
          if (group.allocation !== null) {
            removeRule(account, group);
            svc.changed();
          }
          return { status: 200, text: '' }; // no body documented: an empty one, Content-Length 0
        },
      },
    },
  ];
}
