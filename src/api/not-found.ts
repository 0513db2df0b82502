// What a 404 means, said once: which thing was not found (or that the base URL is probably wrong)
// and one next step. The server's own words are used to tell the candidates apart, not repeated:
// they usually restate the ids the message already names.

/** One thing a 404 may be about, most specific first in a request's list. */
export interface NotFoundSuspect {
  /** Ids whose mention in the server's words points at this thing. */
  ids: readonly (string | number)[];
  /** The cause, e.g. "license type 7 not found in group G (DRaaS instance d)". */
  cause: string;
  /** The one next step, e.g. "see the group's types with `licensectl license-type list`". */
  next: string;
}

const BASE_URL_NEXT = 'check the base URL with `licensectl profile show` (or --base-url / LICENSECTL_BASE_URL)';

/**
 * The message for a 404. `body` is the raw answer, `said` the server's words drawn from it.
 * - Words that name one of the suspects' ids (outside a quoted path) pick that suspect.
 * - An answer that is not the API's (an HTML or text page), or words about an organization, a
 *   route or a path that name none of the ids, point at the base URL rather than at a group.
 * - Otherwise (no words, or words that say nothing about which): the most specific suspect.
 */
export function notFoundMessage(suspects: readonly NotFoundSuspect[], body: string, said: string | undefined, base: string): string {
  const words = said ? said.replace(/\S*\/\S*/g, ' ') : '';
  const named = suspects.find((s) => s.ids.some((id) => mentions(words, String(id))));
  if (named) return `${named.cause} (404): ${named.next}`;
  if (said && (!isJson(body) || /organi[sz]ation|route|path|endpoint|url/i.test(said))) {
    return `${base} answered 404 (${said}), not as the API does: the base URL is probably wrong; ${BASE_URL_NEXT}`;
  }
  const first = suspects[0]!;
  return `${first.cause} (404): ${first.next}`;
}

function mentions(text: string, id: string): boolean {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w-])${escaped}($|[^\\w-])`, 'i').test(text);
}

function isJson(body: string): boolean {
  const t = body.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/** A UiPath organization (account) that the server does not know. */
export function organizationNotFound(accountId: string, what = 'not found'): NotFoundSuspect {
  return { ids: [accountId], cause: `organization ${accountId} ${what}`, next: 'check --account, the organization\'s ID (the profile\'s default: `licensectl profile show`)' };
}

/** A UiPath group that the organization does not have. */
export function uipathGroupNotFound(accountId: string, groupId: string): NotFoundSuspect {
  return { ids: [groupId], cause: `group ${groupId} not found in organization ${accountId}`, next: 'check the group\'s ID or name (`licensectl group list` shows the groups that have a license rule)' };
}
