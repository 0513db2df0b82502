// Netaxis Fusion (docs/api.md §2): the group list and a group's license types. The login, 2FA,
// renewal and logout routes live in fusion-auth.ts.

import { ApiError, badRequest, enumParam, intParam, jsonObject, notFound, queryParam, type Ctx, type Reply } from './http.js';
import { FUSION_ROLES } from './identities.js';
import { withOrgPrefix, type Route, type Services } from './router.js';
import {
  addLicenseType,
  deleteLicenseType,
  findFusionGroup,
  replaceLicenseType,
  type FusionGroup,
  type LicenseType,
} from './state.js';
import { requireRole } from './tokens.js';

const MAX_PAGE_SIZE = 1000;
const LT_SORT = ['id', 'name', 'sku', 'description'] as const;

function page<T>(items: T[], ctx: Ctx, pageNumber: number): { slice: T[]; page: number; pages: number; results: number } {
  const size = intParam(ctx, 'page_size', 10, 1, MAX_PAGE_SIZE);
  const start = (pageNumber - 1) * size;
  return { slice: items.slice(start, start + size), page: pageNumber, pages: Math.ceil(items.length / size), results: items.length };
}

/** Sorts by a string field, case-insensitively, ties broken by `tie`; then applies `dir`. */
function sortBy<T>(items: T[], key: ((t: T) => string) | undefined, tie: (t: T) => number | string, dir: 'asc' | 'desc' | undefined): T[] {
  if (key) {
    const keyed = items.map((t) => ({ t, k: key(t).toLowerCase(), tie: tie(t) }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0));
    items = keyed.map((x) => x.t);
  }
  return dir === 'desc' ? items.reverse() : items;
}

function nonEmptyString(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (typeof v !== 'string' || v.trim() === '') throw badRequest(`${key} is required and must be a non-empty string`);
  return v;
}

function licenseTypeFields(body: Record<string, unknown>, descriptionRequired: boolean): Omit<LicenseType, 'id'> {
  const name = nonEmptyString(body, 'name');
  const sku = nonEmptyString(body, 'sku');
  const description = body.description ?? (descriptionRequired ? undefined : '');
  if (typeof description !== 'string') throw badRequest('description is required and must be a string (it may be empty)');
  return { name, sku, description };
}

function refuseDuplicateSku(group: FusionGroup, sku: string, self?: number): void {
  const holder = group.skus.get(sku);
  if (holder !== undefined && holder !== self) {
    throw new ApiError(400, 'duplicate_sku', `a license type with sku ${sku} already exists in this group (id ${holder})`);
  }
}

function parseId(ctx: Ctx): number {
  const raw = ctx.params.id!;
  if (!/^-?[0-9]+$/.test(raw)) throw badRequest(`license type id must be an integer, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

function decodeNext(raw: string): number {
  const m = /^page:([1-9][0-9]*)$/.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!m) throw badRequest('query parameter next is not a token this server issued');
  return Number(m[1]);
}

function listGroups(ctx: Ctx, svc: Services): Reply {
  const instance = svc.state.instances.get(ctx.params.instance!);
  if (!instance) throw notFound(`unknown DRaaS instance ${ctx.params.instance}`);
  const search = queryParam(ctx, 'search')?.toLowerCase();
  const sort = enumParam(ctx, 'sort', ['uuid', 'name'] as const);
  const dir = enumParam(ctx, 'dir', ['asc', 'desc'] as const, 'asc');
  const next = queryParam(ctx, 'next');
  const pageNumber = next === undefined ? intParam(ctx, 'page', 1, 1, Number.MAX_SAFE_INTEGER) : decodeNext(next);
  let groups = [...instance.groups.values()];
  if (search) groups = groups.filter((g) => g.name.toLowerCase().includes(search) || g.uuid.toLowerCase().includes(search));
  groups = sortBy(groups, sort && ((g) => g[sort]), (g) => g.uuid, dir);
  const p = page(groups, ctx, pageNumber);
  return {
    status: 200,
    body: {
      groups: p.slice.map((g) => ({ uuid: g.uuid, name: g.name })),
      results: p.results,
      pages: p.pages,
      page: p.page,
      next: p.page < p.pages ? Buffer.from(`page:${p.page + 1}`).toString('base64url') : null,
    },
  };
}

function listLicenseTypes(ctx: Ctx, group: FusionGroup): Reply {
  const search = queryParam(ctx, 'search')?.toLowerCase();
  const sort = enumParam(ctx, 'sort', LT_SORT);
  const dir = enumParam(ctx, 'dir', ['asc', 'desc'] as const, 'asc');
  const pageNumber = intParam(ctx, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  let items = [...group.licenseTypes.values()];
  if (search) {
    items = items.filter((lt) => [lt.name, lt.description, lt.sku].some((f) => f.toLowerCase().includes(search)));
  }
  items = sortBy(items, sort && sort !== 'id' ? (lt) => lt[sort] : undefined, (lt) => lt.id, dir);
  const p = page(items, ctx, pageNumber);
  return { status: 200, body: { license_types: p.slice, page: p.page, pages: p.pages, results: p.results } };
}

export function fusionRoutes(svc: Services): Route[] {
  const { state } = svc;
  /** 401/403 first, then the group (404), then the operation. */
  const inGroup = (role: string, op: (ctx: Ctx, group: FusionGroup) => Reply) => (ctx: Ctx): Reply => {
    requireRole(svc.tokens.authenticate(ctx), role);
    const { instance, uuid } = ctx.params as { instance: string; uuid: string };
    if (!state.instances.has(instance)) throw notFound(`unknown DRaaS instance ${instance}`);
    const group = findFusionGroup(state, instance, uuid);
    if (!group) throw notFound(`group ${uuid} does not exist in DRaaS instance ${instance}`);
    return op(ctx, group);
  };
  const existing = (group: FusionGroup, id: number): LicenseType => {
    const lt = group.licenseTypes.get(id);
    if (!lt) throw notFound(`license type ${id} does not exist in this group`);
    return lt;
  };
  const base = ['api', 'v01', 'draas', ':instance', 'groups', ':uuid', 'license_types'];

  return withOrgPrefix(state, [
    {
      pattern: ['api', 'v01', 'draas', ':instance', 'groups'],
      handlers: {
        GET: (ctx) => {
          requireRole(svc.tokens.authenticate(ctx), FUSION_ROLES.groupsList);
          return listGroups(ctx, svc);
        },
      },
    },
    {
      pattern: base,
      handlers: {
        GET: inGroup(FUSION_ROLES.list, listLicenseTypes),
        POST: inGroup(FUSION_ROLES.create, (ctx, group) => {
          const fields = licenseTypeFields(jsonObject(ctx), false);
          refuseDuplicateSku(group, fields.sku);
          const lt = addLicenseType(state, group, fields);
          svc.changed();
          return { status: 201, body: { ...lt } };
        }),
      },
    },
    {
      pattern: [...base, ':id'],
      handlers: {
        GET: inGroup(FUSION_ROLES.read, (ctx, group) => ({ status: 200, body: { ...existing(group, parseId(ctx)) } })),
        PUT: inGroup(FUSION_ROLES.update, (ctx, group) => {
          const lt = existing(group, parseId(ctx));
          const fields = licenseTypeFields(jsonObject(ctx), true);
          refuseDuplicateSku(group, fields.sku, lt.id);
          replaceLicenseType(group, lt, fields);
          svc.changed();
          return { status: 200, body: { description: lt.description, name: lt.name, sku: lt.sku } };
        }),
        DELETE: inGroup(FUSION_ROLES.delete, (ctx, group) => {
          if (deleteLicenseType(group, parseId(ctx))) svc.changed();
          return { status: 204 };
        }),
      },
    },
  ]);
}
