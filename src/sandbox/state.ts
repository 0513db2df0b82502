// The sandbox's data model and its seed. Everything a request can look up is indexed (Maps keyed
// by id) so no request costs more than the data it answers with.

import { randomBytes, randomUUID } from 'node:crypto';
import { BUNDLE_CODES } from '../uipath/catalog/codes.js';
import {
  SANDBOX_ACCOUNT_ID,
  SANDBOX_FUSION_EMPTY_GROUP,
  SANDBOX_FUSION_GROUP,
  SANDBOX_FUSION_MORE_GROUPS,
  SANDBOX_INSTANCE,
  SANDBOX_LICENSE_TYPES,
  SANDBOX_ORG,
  SANDBOX_PURCHASED_DEFAULT,
  SANDBOX_SCARCE_CODES,
  SANDBOX_UIPATH_GROUPS,
  SANDBOX_UIPATH_MORE_GROUPS,
  SANDBOX_UNOWNED_STATUS,
} from './identities.js';

export interface Allocation {
  userBundleCodes: string[];
  useExternalLicense: boolean;
}

export interface UiPathGroup {
  id: string;
  name: string;
  /** The group's license rule; null when it has none (a PUT creates one, a DELETE removes it). */
  allocation: Allocation | null;
  /** Identity's group type: 0 built-in, 1 local. */
  type: number;
  /** ISO 8601, as Identity answers it. */
  creationTime: string;
  /** Deleted in Identity: only its (orphan) rule is left, and it goes with the rule. */
  deleted?: boolean;
}

export interface Account {
  id: string;
  org: string;
  purchased: Record<string, number>;
  /** Keyed by the lower-cased group id (GUIDs compare case-insensitively). */
  groups: Map<string, UiPathGroup>;
  /** Derived: how many groups hold each code. Kept up to date by `setAllocation`. */
  used: Map<string, number>;
  /** Bumped by every change of groups or rules, so sorted views can be cached until the next one. */
  rev: number;
}

export interface LicenseType {
  id: number;
  name: string;
  description: string;
  sku: string;
}

export interface FusionGroup {
  uuid: string;
  name: string;
  /** Insertion order is id order, so an unsorted list needs no sort. */
  licenseTypes: Map<number, LicenseType>;
  /** Derived: sku -> id, to refuse duplicate skus in O(1). */
  skus: Map<string, number>;
}

export interface FusionInstance {
  name: string;
  groups: Map<string, FusionGroup>;
}

export interface TokenRecord {
  subject: string;
  scopes: string[];
  roles: string[];
  /** Epoch milliseconds; null never expires (the admin token). */
  expiresAt: number | null;
}

export interface RefreshRecord {
  clientId: string;
  subject: string;
  scopes: string[];
}

export interface SandboxState {
  orgs: string[];
  /** Keyed by the lower-cased account id. */
  accounts: Map<string, Account>;
  instances: Map<string, FusionInstance>;
  nextLicenseTypeId: number;
  tokens: Map<string, TokenRecord>;
  refreshTokens: Map<string, RefreshRecord>;
  adminToken: string;
}

export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(24).toString('base64url')}`;
}

/** A state holding only the default organization (what `seed: false` starts from). */
export function emptyState(): SandboxState {
  return {
    orgs: [SANDBOX_ORG],
    accounts: new Map(),
    instances: new Map(),
    nextLicenseTypeId: 1,
    tokens: new Map(),
    refreshTokens: new Map(),
    adminToken: '',
  };
}

export function seededState(): SandboxState {
  const state = emptyState();
  const account = addAccount(state, SANDBOX_ORG, SANDBOX_ACCOUNT_ID);
  for (const g of [...SANDBOX_UIPATH_GROUPS, ...SANDBOX_UIPATH_MORE_GROUPS]) {
    const group = addUiPathGroup(account, g.id, g.name, { type: g.type, creationTime: SEED_CREATION_TIME });
    if (g.userBundleCodes) setAllocation(account, g.id, { userBundleCodes: [...g.userBundleCodes], useExternalLicense: g.useExternalLicense ?? false });
    if (g.deleted) group.deleted = true;
  }
  const group = ensureFusionGroup(state, SANDBOX_INSTANCE, SANDBOX_FUSION_GROUP.uuid, SANDBOX_FUSION_GROUP.name);
  for (const lt of SANDBOX_LICENSE_TYPES) addLicenseType(state, group, lt);
  ensureFusionGroup(state, SANDBOX_INSTANCE, SANDBOX_FUSION_EMPTY_GROUP.uuid, SANDBOX_FUSION_EMPTY_GROUP.name);
  for (const g of SANDBOX_FUSION_MORE_GROUPS) ensureFusionGroup(state, SANDBOX_INSTANCE, g.uuid, g.name);
  return state;
}

/** Fixed, so seeded groups answer the same creationTime on every start. */
const SEED_CREATION_TIME = '2024-01-15T09:30:00Z';

/** Every current catalog code, none of the legacy ones (GET user-license lists what is owned). */
export function defaultPurchased(): Record<string, number> {
  const purchased: Record<string, number> = {};
  for (const { code, status } of BUNDLE_CODES) {
    if (status !== SANDBOX_UNOWNED_STATUS) purchased[code] = SANDBOX_SCARCE_CODES[code] ?? SANDBOX_PURCHASED_DEFAULT;
  }
  return purchased;
}

export function addAccount(state: SandboxState, org: string, id: string, purchased = defaultPurchased()): Account {
  if (!state.orgs.some((o) => o.toLowerCase() === org.toLowerCase())) state.orgs.push(org);
  const account: Account = { id, org, purchased, groups: new Map(), used: new Map(), rev: 0 };
  state.accounts.set(id.toLowerCase(), account);
  return account;
}

export function findOrg(state: SandboxState, org: string): string | undefined {
  const lower = org.toLowerCase();
  return state.orgs.find((o) => o.toLowerCase() === lower);
}

export function findUiPathGroup(account: Account, groupId: string): UiPathGroup | undefined {
  return account.groups.get(groupId.toLowerCase());
}

/** A new group without a rule (local, created now, unless told otherwise). */
export function addUiPathGroup(account: Account, id: string, name: string, opts: { type?: number; creationTime?: string } = {}): UiPathGroup {
  const group: UiPathGroup = { id, name, allocation: null, type: opts.type ?? 1, creationTime: opts.creationTime ?? new Date().toISOString() };
  account.groups.set(id.toLowerCase(), group);
  account.rev++;
  return group;
}

/** Codes that a new allocation of `group` would take beyond what the account purchased. */
export function overAllocated(account: Account, group: UiPathGroup, codes: readonly string[]): string[] {
  const held = new Set(group.allocation?.userBundleCodes);
  return codes.filter((c) => !held.has(c) && (account.used.get(c) ?? 0) + 1 > (account.purchased[c] ?? 0));
}

/** Replaces the group's allocation (never adds to it), freeing the units of its old codes. */
export function setAllocation(account: Account, groupId: string, allocation: Allocation): UiPathGroup {
  const group = findUiPathGroup(account, groupId);
  if (!group) throw new Error(`unknown group ${groupId}`);
  for (const c of group.allocation?.userBundleCodes ?? []) account.used.set(c, (account.used.get(c) ?? 1) - 1);
  for (const c of allocation.userBundleCodes) account.used.set(c, (account.used.get(c) ?? 0) + 1);
  group.allocation = allocation;
  account.rev++;
  return group;
}

/** Removes the group's rule, freeing its units; a group deleted in Identity goes with its rule. */
export function removeRule(account: Account, group: UiPathGroup): void {
  for (const c of group.allocation?.userBundleCodes ?? []) account.used.set(c, (account.used.get(c) ?? 1) - 1);
  group.allocation = null;
  if (group.deleted) account.groups.delete(group.id.toLowerCase());
  account.rev++;
}

/** Users leasing `code` in the group: small, fixed numbers derived from the ids (no users are modelled). */
export function leaseCount(groupId: string, code: string): number {
  let h = 0;
  for (const ch of groupId.toLowerCase() + code) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % 6;
}

export function ensureFusionGroup(state: SandboxState, instance: string, uuid: string, name: string): FusionGroup {
  let inst = state.instances.get(instance);
  if (!inst) {
    inst = { name: instance, groups: new Map() };
    state.instances.set(instance, inst);
  }
  let group = inst.groups.get(uuid.toLowerCase());
  if (!group) {
    group = { uuid, name, licenseTypes: new Map(), skus: new Map() };
    inst.groups.set(uuid.toLowerCase(), group);
  }
  return group;
}

export function findFusionGroup(state: SandboxState, instance: string, uuid: string): FusionGroup | undefined {
  return state.instances.get(instance)?.groups.get(uuid.toLowerCase());
}

export function addLicenseType(
  state: SandboxState,
  group: FusionGroup,
  fields: { name: string; sku: string; description: string },
  id = state.nextLicenseTypeId,
): LicenseType {
  const lt: LicenseType = { id, name: fields.name, description: fields.description, sku: fields.sku };
  group.licenseTypes.set(id, lt);
  group.skus.set(lt.sku, id);
  state.nextLicenseTypeId = Math.max(state.nextLicenseTypeId, id + 1);
  return lt;
}

export function replaceLicenseType(group: FusionGroup, lt: LicenseType, fields: Omit<LicenseType, 'id'>): void {
  group.skus.delete(lt.sku);
  lt.name = fields.name;
  lt.description = fields.description;
  lt.sku = fields.sku;
  group.skus.set(lt.sku, lt.id);
}

export function deleteLicenseType(group: FusionGroup, id: number): boolean {
  const lt = group.licenseTypes.get(id);
  if (!lt) return false;
  group.licenseTypes.delete(id);
  group.skus.delete(lt.sku);
  return true;
}

// --- bulk seeding (Sandbox.seedLicenseTypes / seedGroups and POST /_sandbox/seed) ---

export function seedLicenseTypes(state: SandboxState, instance: string, groupUuid: string, count: number): number[] {
  const group = ensureFusionGroup(state, instance, groupUuid, `Seeded group ${groupUuid.slice(0, 8)}`);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const id = state.nextLicenseTypeId;
    const n = String(id).padStart(6, '0');
    addLicenseType(state, group, { name: `Seeded license ${n}`, sku: `SEED-${n}`, description: `Seeded license type ${id}` });
    ids.push(id);
  }
  return ids;
}

/**
 * Adds `count` UiPath groups to the account (created, with default purchases, if missing). Ids are
 * random GUIDs, or `${prefix}${n}` (n counting from 1, skipping ids already taken) when a prefix is given.
 */
export function seedGroups(state: SandboxState, accountId: string, count: number, prefix?: string): string[] {
  const account = state.accounts.get(accountId.toLowerCase()) ?? addAccount(state, SANDBOX_ORG, accountId);
  const ids: string[] = [];
  let n = 0;
  while (ids.length < count) {
    const id = prefix === undefined ? randomUUID() : `${prefix}${++n}`;
    if (findUiPathGroup(account, id)) continue;
    addUiPathGroup(account, id, prefix === undefined ? `Seeded group ${account.groups.size + 1}` : id);
    ids.push(id);
  }
  return ids;
}

/** Codes `seedNamedGroups` hands out in turn (plentiful ones: never PMD, whose 2 units tests count). */
const NAMED_SEED_CODES: readonly string[][] = [['IDU'], ['ACNU', 'IDU'], ['ATTUNU'], ['TSTNU']];

/**
 * `sandbox --groups <n>`: n local groups named group-0001.. with fixed GUID-shaped ids
 * (00000000-0000-4000-8000-000000000001..), every other one (the odd numbers) with a rule. Names or
 * ids already taken are skipped, so a restart on a data file adds nothing twice.
 */
export function seedNamedGroups(state: SandboxState, accountId: string, count: number): UiPathGroup[] {
  const account = state.accounts.get(accountId.toLowerCase()) ?? addAccount(state, SANDBOX_ORG, accountId);
  const names = new Set<string>();
  for (const g of account.groups.values()) names.add(g.name.toLowerCase());
  const added: UiPathGroup[] = [];
  for (let n = 1; n <= count; n++) {
    const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const name = `group-${String(n).padStart(4, '0')}`; // fixed width: the same name whatever n was
    if (findUiPathGroup(account, id) || names.has(name)) continue;
    const group = addUiPathGroup(account, id, name, { creationTime: SEED_CREATION_TIME });
    if (n % 2 === 1) setAllocation(account, id, { userBundleCodes: [...NAMED_SEED_CODES[(n >> 1) % NAMED_SEED_CODES.length]!], useExternalLicense: false });
    added.push(group);
  }
  return added;
}
