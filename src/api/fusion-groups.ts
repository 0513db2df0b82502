// The Netaxis Fusion group list (docs/api.md §2): pages that each name the token of the next.
import { isJsonObject } from '../json.js';
import { ALL_PAGE_SIZE } from './fusion.js';
import { count, describe, MAX_PAGES, send, undocumented } from './fusion-parse.js';
import type { HttpClient } from './http.js';

/** A Fusion group as the group list names it. */
export interface FusionGroup {
  uuid: string;
  name?: unknown;
  [field: string]: unknown;
}

/** Query parameters of the group list, named exactly as the API names them (`page_size`, not `size`). */
export interface GroupQuery {
  search?: string;
  sort?: string;
  dir?: 'asc' | 'desc';
  page_size?: number;
  next?: string;
}

export interface GroupPage {
  groups: FusionGroup[];
  results: number;
  pages: number;
  page: number;
  /** The token of the following page; undefined on the last. */
  next?: string;
}

export const GROUPS_LIST_ROLE = 'groups.list';

/** GET /api/v01/draas/{instance}/groups: one page (role groups.list, system administrators only). */
export async function listGroups(http: HttpClient, instance: string, query: GroupQuery = {}): Promise<GroupPage> {
  const what = 'GET groups';
  const data = await send(http, {
    method: 'GET',
    path: ['api', 'v01', 'draas', instance, 'groups'],
    query: { ...query },
    messages: { 400: 'the server rejected the group list request (400)' },
    notFound: [{ ids: [instance], cause: `DRaaS instance ${instance} not found`, next: 'check --instance (the profile\'s default: `licensectl profile show`)' }],
  }, GROUPS_LIST_ROLE);
  if (!isJsonObject(data)) throw undocumented(what, `expected an object with "groups", got ${data === undefined ? 'an empty body' : describe(data)}`);
  const items = data.groups;
  if (!Array.isArray(items)) throw undocumented(what, `"groups" is ${describe(items)}, not an array`);
  const groups = items.map((g, i) => {
    if (!isJsonObject(g) || typeof g.uuid !== 'string' || g.uuid === '') throw undocumented(what, `groups[${i}] has no "uuid" string`);
    return g as FusionGroup;
  });
  const next = data.next;
  if (next !== undefined && next !== null && (typeof next !== 'string')) throw undocumented(what, `"next" is ${describe(next)}, not a token`);
  return {
    groups,
    results: count(data, 'results', what),
    pages: count(data, 'pages', what),
    page: count(data, 'page', what),
    ...(typeof next === 'string' && next !== '' && { next }),
  };
}

/** Every page, following `next` (one at a time: each page names the next). A group seen twice is kept once. */
export async function listAllGroups(http: HttpClient, instance: string, query: Omit<GroupQuery, 'next'> = {}): Promise<GroupPage> {
  const q = { ...query, page_size: query.page_size ?? ALL_PAGE_SIZE };
  const seen = new Set<string>();
  const tokens = new Set<string>();
  const groups: FusionGroup[] = [];
  let page = await listGroups(http, instance, q);
  const first = page;
  for (let n = 1; ; n++) {
    for (const g of page.groups) {
      if (seen.has(g.uuid)) continue;
      seen.add(g.uuid);
      groups.push(g);
    }
    if (page.next === undefined || page.groups.length === 0) break;
    // A token seen before would loop for ever: the server is not telling the truth.
    if (tokens.has(page.next) || n >= MAX_PAGES) throw undocumented('GET groups', 'its "next" tokens go round in a circle');
    tokens.add(page.next);
    page = await listGroups(http, instance, { ...q, next: page.next });
  }
  return { groups, results: first.results, pages: first.pages, page: 1 };
}
