// UiPath Identity: the organization's groups, to find a group by its name (docs/api.md). The
// service answers every local and built-in group in one array: no filter, no paging.

import { failure } from '../errors.js';
import { isJsonObject } from '../json.js';
import type { HttpClient, RequestSpec } from './http.js';
import { organizationNotFound } from './not-found.js';

export const GROUP_READ_SCOPE = 'PM.Group.Read';

export interface IdentityGroup {
  id: string;
  name: string;
  displayName?: string;
  type?: string;
}

export function identityGroupsRequest(accountId: string): RequestSpec {
  return {
    method: 'GET',
    path: ['identity_', 'api', 'Group', accountId],
    messages: {
      403: `the token lacks the scope ${GROUP_READ_SCOPE} needed to look groups up by name (403): grant it, or give the group's ID`,
    },
    notFound: [organizationNotFound(accountId)],
  };
}

export async function listIdentityGroups(client: HttpClient, accountId: string): Promise<IdentityGroup[]> {
  const res = await client.request<unknown>(identityGroupsRequest(accountId));
  const bad = (problem: string) => failure(`the server's answer for the organization's groups (GET identity_/api/Group) is not what the API documents: ${problem}`, 'bad_response');
  if (!Array.isArray(res.data)) throw bad('it is not a JSON array');
  return res.data.map((g, i) => {
    if (!isJsonObject(g)) throw bad(`[${i}] is not a JSON object`);
    if (typeof g.id !== 'string' || g.id === '') throw bad(`[${i}].id is not a string`);
    if (typeof g.name !== 'string') throw bad(`[${i}].name is not a string`);
    const group: IdentityGroup = { id: g.id, name: g.name };
    if (typeof g.displayName === 'string') group.displayName = g.displayName;
    if (typeof g.type === 'string') group.type = g.type;
    return group;
  });
}
