// What the lease_ routes share: finding the account and group of a URL, and the objects the
// License Accountant answers with (field names as UiPath's published description spells them).

import { notFound, type Ctx } from './http.js';
import { requireOrg, type Services } from './router.js';
import { findUiPathGroup, leaseCount, type Account, type UiPathGroup } from './state.js';
import { requireScope } from './tokens.js';

/** 404 for an unknown organization, 401 without a valid token, 403 without the scope. */
export function authorize(svc: Services, ctx: Ctx, scope: string): void {
  requireOrg(svc.state, ctx.params.org!);
  requireScope(svc.tokens.authenticate(ctx), scope);
}

/** The account of the URL; 404 when unknown or not the URL's organization's. */
export function lookupAccount(svc: Services, ctx: Ctx): Account {
  const { org, accountId } = ctx.params as { org: string; accountId: string };
  const account = svc.state.accounts.get(accountId.toLowerCase());
  if (!account || account.org.toLowerCase() !== org.toLowerCase()) {
    throw notFound(`no account license is allocated for account ${accountId} in organization ${org}`);
  }
  return account;
}

/** The account and group of the URL. A group deleted in Identity is still found while its rule lives. */
export function lookupGroup(svc: Services, ctx: Ctx): { account: Account; group: UiPathGroup } {
  const account = lookupAccount(svc, ctx);
  const groupId = ctx.params.groupId!;
  const group = findUiPathGroup(account, groupId);
  if (!group) throw notFound(`group ${groupId} does not exist in account ${ctx.params.accountId}`);
  return { account, group };
}

/** `{code, allocated, total}` for each code the organization owns, in catalog order. */
export function orgLicenses(account: Account): { code: string; allocated: number; total: number }[] {
  return Object.entries(account.purchased)
    .filter(([, total]) => total > 0)
    .map(([code, total]) => ({ code, allocated: account.used.get(code) ?? 0, total }));
}

export interface RuleObject {
  id: string;
  name: string;
  userBundleLicenses: string[];
  userBundleLeases: Record<string, number>;
  useExternalLicense: boolean;
  orphan: boolean;
}

/** A group's rule as the page, the batch read and the allocation endpoint answer it (the group must have one). */
export function ruleObject(group: UiPathGroup): RuleObject {
  const allocation = group.allocation!;
  const userBundleLeases: Record<string, number> = {};
  for (const c of allocation.userBundleCodes) userBundleLeases[c] = leaseCount(group.id, c);
  return {
    id: group.id,
    name: group.name,
    userBundleLicenses: [...allocation.userBundleCodes],
    userBundleLeases,
    useExternalLicense: allocation.useExternalLicense,
    orphan: group.deleted === true,
  };
}
