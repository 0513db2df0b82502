// UiPath License Management (docs/api.md §1): one typed function per documented operation.
// The vendor page's curl example says POST; the contract is PUT (it replaces the group's codes).

import { failure } from '../errors.js';
import { isJsonObject } from '../json.js';
import { canonicalGroupId } from '../uipath/names.js';
import type { HttpClient, RequestSpec } from './http.js';
import { organizationNotFound, uipathGroupNotFound } from './not-found.js';

/** What PUT sends: both keys always, `useExternalLicense` true only when asked. */
export interface AllocationBody {
  userBundleCodes: string[];
  useExternalLicense: boolean;
}

/** The group's allocation as the server now stores it (the 200 answer). */
export interface GroupAllocation {
  groupId: string;
  organizationId: string;
  useExternalLicense: boolean;
  userBundleCodes: string[];
}

export interface AllocateTarget {
  accountId: string;
  groupId: string;
}

export const WRITE_SCOPE = 'PM.License.Write';

/** The 403 message of a request that needs `scope`. */
export const scopeForbidden = (scope: string): string => `the token lacks the scope ${scope} (403): log in with a client or user that has it`;

/** The service's path for an organization's user licenses (the `lease_` service). */
export const userLicensePath = (accountId: string) => ['lease_', 'api', 'account', accountId, 'user-license'] as const;

/** The request that sets a group's user licenses; also what `--dry-run` shows. */
export function allocateRequest(target: AllocateTarget, body: AllocationBody): RequestSpec {
  const { accountId, groupId } = target;
  return {
    method: 'PUT',
    path: [...userLicensePath(accountId), 'group', groupId],
    json: { userBundleCodes: body.userBundleCodes, useExternalLicense: body.useExternalLicense },
    messages: {
      400: `the server rejected the allocation for group ${groupId} (400)`,
      403: scopeForbidden(WRITE_SCOPE),
      409: `the organization has not purchased enough licenses for this allocation of group ${groupId} (409)`,
    },
    // The API's 404: "no account license is allocated for that organization (or unknown group)".
    notFound: [uipathGroupNotFound(accountId, groupId), organizationNotFound(accountId, 'has no user licenses allocated, or is unknown')],
  };
}

export interface AllocateResult {
  /** The server's answer as sent (what --json prints), already checked to be an allocation. */
  allocation: GroupAllocation;
  status: number;
  attempts: number;
}

/** PUT the group's bundle codes; the answer is checked to be the documented allocation. */
export async function allocateGroup(client: HttpClient, target: AllocateTarget, body: AllocationBody): Promise<AllocateResult> {
  const res = await client.request<unknown>(allocateRequest(target, body));
  return { allocation: parseAllocation(res.data, target.groupId), status: res.status, attempts: res.attempts };
}

/** The 200 answer, or a failure (exit 1) naming what is wrong with it. */
export function parseAllocation(data: unknown, groupId: string): GroupAllocation {
  const problem = allocationProblem(data);
  if (problem) throw failure(`the server accepted the allocation of group ${groupId} but its answer is not a group allocation: ${problem}`, 'bad_response');
  const answered = (data as GroupAllocation).groupId;
  // An answer about another group says nothing of ours: the write's outcome is unknown, not a success.
  if (!sameGroupId(answered, groupId)) {
    throw failure(
      `the server accepted the allocation of group ${groupId} but its answer is about group ${JSON.stringify(answered)}: the outcome is unknown; check it with \`licensectl group show ${groupId}\``,
      'bad_response',
    );
  }
  return data as GroupAllocation;
}

/** GUIDs compare without case or braces; anything else only as the very same string. */
function sameGroupId(a: string, b: string): boolean {
  if (a === b) return true;
  const ca = canonicalGroupId(a);
  return ca !== undefined && ca === canonicalGroupId(b);
}

function allocationProblem(data: unknown): string | undefined {
  if (!isJsonObject(data)) return data === undefined ? 'the body is empty' : 'it is not a JSON object';
  const d = data;
  if (typeof d.groupId !== 'string') return '"groupId" is not a string';
  if (typeof d.organizationId !== 'string') return '"organizationId" is not a string';
  if (typeof d.useExternalLicense !== 'boolean') return '"useExternalLicense" is not a boolean';
  if (!Array.isArray(d.userBundleCodes) || !d.userBundleCodes.every((c) => typeof c === 'string')) {
    return '"userBundleCodes" is not an array of strings';
  }
  return undefined;
}
