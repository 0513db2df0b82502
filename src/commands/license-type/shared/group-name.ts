// A Fusion group named by its name rather than its UUID (license-type --group, profile set --group):
// looked up with the group list, names compared case-insensitively. No match is "not found" (exit 3)
// with the nearest names; several are a usage error (exit 2) listing them, since only a UUID can say which.
import { listAllGroups } from '../../../api/fusion-groups.js';
import type { HttpClient } from '../../../api/http.js';
import { ApiError, CliError, failure, usageError } from '../../../errors.js';
import { ExitCode } from '../../../exit-codes.js';
import { nearestNames } from '../../../uipath/names.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID names a group by itself; anything else is a name to look up. */
export function isGroupUuid(value: string): boolean {
  return UUID.test(value);
}

/** The UUID of the group called `name` in `instance`. */
export async function groupUuidByName(http: HttpClient, instance: string, name: string): Promise<string> {
  const want = name.trim().toLowerCase();
  const named = (g: { name?: unknown }) => typeof g.name === 'string' && g.name.trim().toLowerCase() === want;
  const candidates = await withHint(() => listAllGroups(http, instance, { search: name.trim() }), name);
  const matches = candidates.groups.filter(named);
  if (matches.length === 1) {
    // It goes into request paths from here on: only what the API documents, a UUID.
    if (!isGroupUuid(matches[0]!.uuid)) throw failure(`the server's answer is not what the API documents: group "${name}" has the uuid ${JSON.stringify(matches[0]!.uuid.slice(0, 60))}`, 'bad_response');
    return matches[0]!.uuid;
  }
  if (matches.length > 1) {
    const listed = matches.slice(0, 10).map((g) => `${g.uuid} (${String(g.name)})`).join(', ');
    throw usageError(`${matches.length} groups are named "${name}" in DRaaS instance ${instance}: ${listed}; give the group's UUID instead`);
  }
  // The server's search may match differently from a name: the nearest names come from the whole list.
  const all = await withHint(() => listAllGroups(http, instance), name);
  const near = nearestNames(name, all.groups.flatMap((g) => (typeof g.name === 'string' ? [g.name] : [])));
  const hint = near.length > 0 ? `; nearest: ${near.join(', ')}` : '';
  throw new CliError(`no group named "${name}" in DRaaS instance ${instance}${hint} (see \`licensectl fusion-group list\`)`, {
    code: 'not_found',
    exitCode: ExitCode.notFound,
  });
}

async function withHint<T>(list: () => Promise<T>, name: string): Promise<T> {
  try {
    return await list();
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) {
      throw new ApiError(`${err.message}; it is needed to look the group "${name}" up by name: give the group's UUID instead`, 403, err.apiMessage);
    }
    throw err;
  }
}
