// UiPath License Management: reading and removing group rules, and the organization's licenses
// (the `lease_` service's read endpoints; docs/api.md). One function per documented operation;
// each answer is checked against the documented shape, and a mismatch names the field (exit 1).
// Field names are the vendor's, exactly: the GET of one group answers `allocatedUserBundles`,
// the paged list and the batch read answer `userBundleLicenses`.

import { failure } from '../errors.js';
import { isJsonObject } from '../json.js';
import type { HttpClient, RequestSpec } from './http.js';
import { scopeForbidden, userLicensePath, WRITE_SCOPE, type AllocateTarget } from './uipath.js';
import { organizationNotFound, uipathGroupNotFound } from './not-found.js';

export const READ_SCOPE = 'PM.License.Read';

/** A group's rule as licensectl compares and records it (a bulk report's `before` and `after`). */
export interface GroupRule {
  userBundleCodes: string[];
  useExternalLicense: boolean;
}

/** One code the organization owns: how many are allocated to groups, and how many it has. */
export interface LicenseCount {
  code: string;
  allocated: number;
  total: number;
}

/** `GET .../user-license/group/{id}`: the group's rule (null without one) and the organization's counts. */
export interface GroupRuleView {
  groupId: string;
  rule: GroupRule | null;
  useExternalLicense: boolean;
  available: LicenseCount[];
}

/** A group that has a rule, as the paged list and the batch read describe it. */
export interface GroupRuleSummary {
  id: string;
  name: string;
  userBundleLicenses: string[];
  /** Users holding a lease, per code. */
  userBundleLeases: Record<string, number>;
  useExternalLicense: boolean;
  /** The group was deleted in Identity; the rule remains. */
  orphan: boolean;
}

export interface GroupRulesPage {
  totalCount: number;
  results: GroupRuleSummary[];
}

export interface PageQuery {
  top: number;
  skip: number;
  sortBy?: string;
  /** 0 ascending, 1 descending (the service's own numbers). */
  sortOrder?: 0 | 1;
  codes?: readonly string[];
}

/** The most group ids one batch read asks for. */
export const BATCH_READ_SIZE = 100;

const readForbidden = scopeForbidden(READ_SCOPE);

export function groupRuleRequest(target: AllocateTarget): RequestSpec {
  const { accountId, groupId } = target;
  return {
    method: 'GET',
    path: [...userLicensePath(accountId), 'group', groupId],
    messages: {
      403: readForbidden,
    },
    notFound: [uipathGroupNotFound(accountId, groupId), organizationNotFound(accountId)],
  };
}

export function revokeRequest(target: AllocateTarget): RequestSpec {
  const { accountId, groupId } = target;
  return {
    method: 'DELETE',
    path: [...userLicensePath(accountId), 'group', groupId],
    messages: {
      403: scopeForbidden(WRITE_SCOPE),
    },
    notFound: [
      { ids: [groupId], cause: `group ${groupId} has no license rule in organization ${accountId}`, next: '`licensectl group list` shows the groups that have one' },
      organizationNotFound(accountId),
    ],
  };
}

export function accountLicensesRequest(accountId: string): RequestSpec {
  return {
    method: 'GET',
    path: [...userLicensePath(accountId)],
    messages: { 403: readForbidden },
    notFound: [organizationNotFound(accountId, 'has no user licenses, or is unknown')],
  };
}

export function groupRulesPageRequest(accountId: string, q: PageQuery): RequestSpec {
  return {
    method: 'GET',
    path: [...userLicensePath(accountId), 'group', 'page'],
    query: { top: q.top, skip: q.skip, sortBy: q.sortBy, sortOrder: q.sortOrder, userBundleLicenseCodes: q.codes ?? [] },
    messages: { 403: readForbidden },
    notFound: [organizationNotFound(accountId)],
  };
}

export function groupRulesBatchRequest(accountId: string, groupIds: readonly string[]): RequestSpec {
  return {
    method: 'POST',
    // A read: the body only names the groups, so resending it changes nothing.
    idempotent: true,
    path: [...userLicensePath(accountId), 'group'],
    json: { groupIds },
    messages: { 403: readForbidden },
    notFound: [organizationNotFound(accountId)],
  };
}

export async function getGroupRule(client: HttpClient, target: AllocateTarget): Promise<GroupRuleView> {
  const res = await client.request<unknown>(groupRuleRequest(target));
  return parseGroupRuleView(res.data, target.groupId);
}

/** DELETE the group's rule. The answer has no documented body, so none is read. */
export async function revokeGroupRule(client: HttpClient, target: AllocateTarget): Promise<void> {
  await client.request<unknown>(revokeRequest(target));
}

export async function getAccountLicenses(client: HttpClient, accountId: string): Promise<LicenseCount[]> {
  const res = await client.request<unknown>(accountLicensesRequest(accountId));
  const where = `the organization's user licenses (GET .../user-license)`;
  if (!Array.isArray(res.data)) throw badAnswer(where, 'it is not a JSON array');
  return res.data.map((item, i) => licenseCount(item, where, `[${i}]`));
}

export async function getGroupRulesPage(client: HttpClient, accountId: string, q: PageQuery): Promise<GroupRulesPage> {
  const res = await client.request<unknown>(groupRulesPageRequest(accountId, q));
  const where = 'the page of group rules (GET .../user-license/group/page)';
  const d = res.data;
  if (!isJsonObject(d)) throw badAnswer(where, 'it is not a JSON object');
  if (!isCount(d.totalCount)) throw badAnswer(where, '"totalCount" is not a non-negative integer');
  if (!Array.isArray(d.results)) throw badAnswer(where, '"results" is not an array');
  return { totalCount: d.totalCount, results: d.results.map((r, i) => ruleSummary(r, where, `results[${i}]`)) };
}

/**
 * The rules of up to BATCH_READ_SIZE groups in one request, keyed by lower-cased group id. A group
 * missing from the answer has no rule.
 */
export async function readGroupRules(client: HttpClient, accountId: string, groupIds: readonly string[]): Promise<Map<string, GroupRuleSummary>> {
  const res = await client.request<unknown>(groupRulesBatchRequest(accountId, groupIds));
  const where = 'the rules of several groups (POST .../user-license/group)';
  if (!Array.isArray(res.data)) throw badAnswer(where, 'it is not a JSON array');
  const rules = new Map<string, GroupRuleSummary>();
  res.data.forEach((r, i) => {
    const summary = ruleSummary(r, where, `[${i}]`);
    rules.set(summary.id.toLowerCase(), summary);
  });
  return rules;
}

/** A rule with no codes is no rule: the service answers null or [] for a group without one. */
export function ruleOf(codes: readonly string[] | null | undefined, useExternalLicense: boolean): GroupRule | null {
  return codes && codes.length > 0 ? { userBundleCodes: [...codes], useExternalLicense } : null;
}

export function parseGroupRuleView(data: unknown, groupId: string): GroupRuleView {
  const where = `the rule of group ${groupId} (GET .../user-license/group/{groupId})`;
  if (!isJsonObject(data)) throw badAnswer(where, data === undefined ? 'the body is empty' : 'it is not a JSON object');
  const codes = data.allocatedUserBundles;
  if (codes !== null && codes !== undefined && !isStringArray(codes)) throw badAnswer(where, '"allocatedUserBundles" is not an array of strings');
  if (typeof data.useExternalLicense !== 'boolean') throw badAnswer(where, '"useExternalLicense" is not a boolean');
  const available = data.availableUserBundles ?? [];
  if (!Array.isArray(available)) throw badAnswer(where, '"availableUserBundles" is not an array');
  return {
    groupId,
    rule: ruleOf(codes as string[] | null | undefined, data.useExternalLicense),
    useExternalLicense: data.useExternalLicense,
    available: available.map((a, i) => licenseCount(a, where, `availableUserBundles[${i}]`)),
  };
}

function ruleSummary(r: unknown, where: string, at: string): GroupRuleSummary {
  if (!isJsonObject(r)) throw badAnswer(where, `${at} is not a JSON object`);
  if (typeof r.id !== 'string' || r.id === '') throw badAnswer(where, `${at}.id is not a string`);
  const name = r.name ?? '';
  if (typeof name !== 'string') throw badAnswer(where, `${at}.name is not a string`);
  const codes = r.userBundleLicenses ?? [];
  if (!isStringArray(codes)) throw badAnswer(where, `${at}.userBundleLicenses is not an array of strings`);
  const leases = r.userBundleLeases ?? {};
  if (!isJsonObject(leases) || !Object.values(leases).every(isCount)) throw badAnswer(where, `${at}.userBundleLeases is not an object of counts`);
  if (typeof r.useExternalLicense !== 'boolean') throw badAnswer(where, `${at}.useExternalLicense is not a boolean`);
  const orphan = r.orphan ?? false;
  if (typeof orphan !== 'boolean') throw badAnswer(where, `${at}.orphan is not a boolean`);
  return { id: r.id, name, userBundleLicenses: codes, userBundleLeases: leases as Record<string, number>, useExternalLicense: r.useExternalLicense, orphan };
}

function licenseCount(item: unknown, where: string, at: string): LicenseCount {
  if (!isJsonObject(item)) throw badAnswer(where, `${at} is not a JSON object`);
  if (typeof item.code !== 'string' || item.code === '') throw badAnswer(where, `${at}.code is not a string`);
  if (!isCount(item.allocated)) throw badAnswer(where, `${at}.allocated is not a non-negative integer`);
  if (!isCount(item.total)) throw badAnswer(where, `${at}.total is not a non-negative integer`);
  return { code: item.code, allocated: item.allocated, total: item.total };
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((c) => typeof c === 'string');
}

function badAnswer(where: string, problem: string) {
  return failure(`the server's answer for ${where} is not what the API documents: ${problem}`, 'bad_response');
}
