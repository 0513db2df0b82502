// The sandbox's data model and its seed. Everything a request can look up is indexed (Maps keyed
// by id) so no request costs more than the data it answers with.

import { randomBytes, randomUUID } from 'node:crypto';
import { BUNDLE_CODES } from '../uipath/catalog/codes.js';
import {
  SANDBOX_ACCOUNT_ID,
  SANDBOX_FUSION_EMPTY_GROUP,
  SANDBOX_FUSION_GROUP,
  SANDBOX_INSTANCE,
  SANDBOX_LICENSE_TYPES,
  SANDBOX_ORG,
  SANDBOX_PURCHASED_DEFAULT,
  SANDBOX_SCARCE_CODES,
  SANDBOX_UIPATH_GROUPS,
} from './identities.js';

export interface Allocation {
  userBundleCodes: string[];
  useExternalLicense: boolean;
}

export interface UiPathGroup {
  id: string;
  name: string;
  allocation: Allocation;
}

export interface Account {
  id: string;
  org: string;
  purchased: Record<string, number>;
  /** Keyed by the lower-cased group id (GUIDs compare case-insensitively). */
  groups: Map<string, UiPathGroup>;
  /** Derived: how many groups hold each code. Kept up to date by `setAllocation`. */
  used: Map<string, number>;
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
  for (const g of SANDBOX_UIPATH_GROUPS) {
    addUiPathGroup(account, g.id, g.name);
    setAllocation(account, g.id, { userBundleCodes: [...g.userBundleCodes], useExternalLicense: false });
  }
  const group = ensureFusionGroup(state, SANDBOX_INSTANCE, SANDBOX_FUSION_GROUP.uuid, SANDBOX_FUSION_GROUP.name);
  for (const lt of SANDBOX_LICENSE_TYPES) addLicenseType(state, group, lt);
  ensureFusionGroup(state, SANDBOX_INSTANCE, SANDBOX_FUSION_EMPTY_GROUP.uuid, SANDBOX_FUSION_EMPTY_GROUP.name);
  return state;
}

export function defaultPurchased(): Record<string, number> {
  const purchased: Record<string, number> = {};
  for (const { code } of BUNDLE_CODES) purchased[code] = SANDBOX_SCARCE_CODES[code] ?? SANDBOX_PURCHASED_DEFAULT;
  return purchased;
}

export function addAccount(state: SandboxState, org: string, id: string, purchased = defaultPurchased()): Account {
  if (!state.orgs.some((o) => o.toLowerCase() === org.toLowerCase())) state.orgs.push(org);
  const account: Account = { id, org, purchased, groups: new Map(), used: new Map() };
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

export function addUiPathGroup(account: Account, id: string, name: string): UiPathGroup {
  const group: UiPathGroup = { id, name, allocation: { userBundleCodes: [], useExternalLicense: false } };
  account.groups.set(id.toLowerCase(), group);
  return group;
}

/** Codes that a new allocation of `group` would take beyond what the account purchased. */
export function overAllocated(account: Account, group: UiPathGroup, codes: readonly string[]): string[] {
  const held = new Set(group.allocation.userBundleCodes);
  return codes.filter((c) => !held.has(c) && (account.used.get(c) ?? 0) + 1 > (account.purchased[c] ?? 0));
}

/** Replaces the group's allocation (never adds to it), freeing the units of its old codes. */
export function setAllocation(account: Account, groupId: string, allocation: Allocation): UiPathGroup {
  const group = findUiPathGroup(account, groupId);
  if (!group) throw new Error(`unknown group ${groupId}`);
  for (const c of group.allocation.userBundleCodes) account.used.set(c, (account.used.get(c) ?? 1) - 1);
  for (const c of allocation.userBundleCodes) account.used.set(c, (account.used.get(c) ?? 0) + 1);
  group.allocation = allocation;
  return group;
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
