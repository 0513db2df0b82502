// Netaxis Fusion license types (docs/api.md §2): one function per documented operation, and the
// streaming of a whole list page by page. Answers are checked in fusion-parse.ts; the group list
// is fusion-groups.ts.
import { CliError } from '../errors.js';
import { runPool, type PoolOptions } from '../pool.js';
import { SeenIds } from './seen-ids.js';
import { isJsonObject } from '../json.js';
import { checkLicenseType, checkPage, describe, idProblem, MAX_PAGES, send, undocumented } from './fusion-parse.js';
import type { HttpClient } from './http.js';
import type { NotFoundSuspect } from './not-found.js';

/** Which group of which DRaaS instance a request is about. */
export interface FusionTarget {
  instance: string;
  group: string;
}

/**
 * A license type as the server sent it. `name` is typed "object" by the vendor, so nothing but
 * `id` is trusted to have a type: renderers go through `cell()`. Extra fields are kept.
 */
export interface LicenseType {
  id: number;
  name?: unknown;
  sku?: unknown;
  description?: unknown;
  [field: string]: unknown;
}

/** The body of create and update: all three fields are required by the API. */
export interface LicenseTypeFields {
  name: unknown;
  sku: unknown;
  description: unknown;
}

/** Query parameters of list, named exactly as the API names them. */
export interface ListQuery {
  search?: string;
  sort?: string;
  dir?: 'asc' | 'desc';
  page_size?: number;
  page?: number;
}

export interface LicenseTypePage {
  license_types: LicenseType[];
  page: number;
  pages: number;
  results: number;
}

export const ROLES = {
  list: 'groups.instance.license_types.list',
  read: 'groups.instance.license_types.read',
  create: 'groups.instance.license_types.create',
  update: 'groups.instance.license_types.instance.update',
  delete: 'groups.instance.license_types.instance.delete',
} as const;

/** Page size used to read a whole group (the sandbox and the vendor accept up to 1000). */
export const ALL_PAGE_SIZE = 1000;
/** Pages fetched at once by listAll. */
export const PAGE_CONCURRENCY = 8;

function basePath(t: FusionTarget): (string | number)[] {
  return ['api', 'v01', 'draas', t.instance, 'groups', t.group, 'license_types'];
}

/** A 404 about the group (or its DRaaS instance). */
function groupNotFound(t: FusionTarget): NotFoundSuspect {
  return {
    ids: [t.group, t.instance],
    cause: `group ${t.group} not found in DRaaS instance ${t.instance}`,
    next: 'check --group and --instance (the profile\'s defaults: `licensectl profile show`)',
  };
}

/** A 404 about one license type; the group is the other suspect. */
function typeNotFound(t: FusionTarget, id: number): NotFoundSuspect[] {
  return [
    { ids: [id], cause: `license type ${id} not found in group ${t.group}`, next: 'see the group\'s license types with `licensectl license-type list`' },
    groupNotFound(t),
  ];
}

/** GET .../license_types: one page. */
export async function listLicenseTypes(http: HttpClient, t: FusionTarget, query: ListQuery = {}): Promise<LicenseTypePage> {
  const data = await send(http, {
    method: 'GET',
    path: basePath(t),
    query: { ...query },
    messages: { 400: 'the server rejected the list request (400)' },
    notFound: [groupNotFound(t)],
  }, ROLES.list);
  return checkPage(data, `GET license_types${query.page ? ` page ${query.page}` : ''}`);
}

/** Where `list --all` stands after its last page. */
export interface ListSummary {
  pages: number;
  /** What the first page says the whole list holds. */
  results: number;
  /** Types handed to `onPage` (a type seen twice is handed over once). */
  received: number;
}

/**
 * Every page, handed to `onPage` in page order as soon as it and those before it have arrived, so
 * a caller can write them out without holding the whole list: the first answer says how many pages
 * there are, the rest are fetched `concurrency` at a time (a number, or `--concurrency auto`'s
 * limit, src/pool-adaptive.ts). A type seen twice (the list shifted while it was read) is kept once.
 * The first error wins: no new page starts after it, and it is thrown once those in flight end.
 */
export async function eachLicenseTypePage(
  http: HttpClient,
  t: FusionTarget,
  query: Omit<ListQuery, 'page'>,
  concurrency: PoolOptions['concurrency'],
  onPage: (types: readonly LicenseType[]) => void,
): Promise<ListSummary> {
  const q = { ...query, page_size: query.page_size ?? ALL_PAGE_SIZE };
  const first = await listLicenseTypes(http, t, { ...q, page: 1 });
  if (first.pages > MAX_PAGES) throw undocumented('GET license_types', `"pages" is ${first.pages}, more than ${MAX_PAGES}`);
  const seen = new SeenIds();
  let received = 0;
  const deliver = (types: LicenseType[]): void => {
    const fresh = seen.fresh(types);
    received += fresh.length;
    onPage(fresh);
  };
  deliver(first.license_types);
  // Pages that arrived before an earlier one: held until it comes.
  const early = new Map<number, LicenseType[]>();
  let next = 0;
  let failure: { error: unknown } | undefined;
  // "pages" is the server's word: an empty page means the list ended there, whatever it claimed;
  // no page starts after it (those in flight are kept).
  let ended = false;
  const rest = Array.from({ length: Math.max(0, first.pages - 1) }, (_, i) => i + 2);
  await runPool(rest, { concurrency, stop: () => failure !== undefined || ended }, async (page, i) => {
    try {
      const types = (await listLicenseTypes(http, t, { ...q, page })).license_types;
      if (types.length === 0) ended = true;
      early.set(i, types);
    } catch (error) {
      failure ??= { error };
    }
    for (let types = early.get(next); types !== undefined && failure === undefined; types = early.get(next)) {
      early.delete(next++);
      deliver(types);
    }
  });
  if (failure) throw failure.error;
  return { pages: first.pages, results: first.results, received };
}

/** Every page, joined (eachLicenseTypePage). */
export async function listAllLicenseTypes(
  http: HttpClient,
  t: FusionTarget,
  query: Omit<ListQuery, 'page'> = {},
  concurrency: PoolOptions['concurrency'] = PAGE_CONCURRENCY,
): Promise<LicenseTypePage> {
  const all: LicenseType[] = [];
  const summary = await eachLicenseTypePage(http, t, query, concurrency, (types) => {
    for (const lt of types) all.push(lt);
  });
  return { license_types: all, page: 1, pages: summary.pages, results: summary.results };
}

/** GET .../license_types/{id}. */
export async function getLicenseType(http: HttpClient, t: FusionTarget, id: number): Promise<LicenseType> {
  const what = `GET license_types/${id}`;
  const data = await send(http, {
    method: 'GET',
    path: [...basePath(t), id],
    notFound: typeNotFound(t, id),
  }, ROLES.read);
  if (data === undefined) throw undocumented(what, 'the body is empty, expected the license type');
  const lt = checkLicenseType(data, what, 'the license type');
  // Another type's fields would be shown as this one's, or merged into it by update: refuse.
  if (lt.id !== id) throw undocumented(what, `it describes license type ${lt.id}, not ${id}`);
  return lt;
}

/** POST .../license_types: 201 with the new type and its id. Never resent (HttpClient). */
export async function createLicenseType(http: HttpClient, t: FusionTarget, fields: LicenseTypeFields): Promise<LicenseType> {
  const hint = ` (the license type was probably created: look for sku ${JSON.stringify(fields.sku)} with \`licensectl license-type list --search\`)`;
  let data: unknown;
  try {
    data = await send(http, {
      method: 'POST',
      path: basePath(t),
      json: body(fields),
      messages: { 400: `the server rejected the license type (400)` },
      notFound: [groupNotFound(t)],
    }, ROLES.create);
  } catch (err) {
    // A success status whose body could not be read (not JSON, too big, a redirect): it may well exist now.
    if (err instanceof CliError && err.code === 'bad_response') err.message += hint;
    throw err;
  }
  const what = 'POST license_types';
  if (!isJsonObject(data)) throw undocumented(what, `expected the created license type, got ${data === undefined ? 'an empty body' : describe(data)}${hint}`);
  const problem = idProblem(data.id);
  if (problem) throw undocumented(what, `the created license type has ${problem}${hint}`);
  return data as LicenseType;
}

/**
 * PUT .../license_types/{id} with all three fields. The documented answer has no id; an empty
 * answer is taken as "stored as sent".
 */
export async function updateLicenseType(http: HttpClient, t: FusionTarget, id: number, fields: LicenseTypeFields): Promise<Record<string, unknown>> {
  const data = await send(http, {
    method: 'PUT',
    path: [...basePath(t), id],
    json: body(fields),
    messages: { 400: `the server rejected the change to license type ${id} (400)` },
    notFound: typeNotFound(t, id),
  }, ROLES.update);
  if (data === undefined) return {};
  if (!isJsonObject(data)) throw undocumented(`PUT license_types/${id}`, `expected the stored fields, got ${describe(data)}`);
  return data;
}

/** DELETE .../license_types/{id}: 204, also when it did not exist. */
export async function deleteLicenseType(http: HttpClient, t: FusionTarget, id: number): Promise<void> {
  await send(http, {
    method: 'DELETE',
    path: [...basePath(t), id],
    notFound: [groupNotFound(t)],
  }, ROLES.delete);
}

function body(f: LicenseTypeFields): LicenseTypeFields {
  return { description: f.description, name: f.name, sku: f.sku };
}
