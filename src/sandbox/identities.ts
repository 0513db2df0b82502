// The sandbox's fixed, seeded identities and ids: the one place the CLI's demo, the docs and the
// tests take them from. They are public on purpose (a local emulator has no secrets).

/** Scopes of the UiPath License Management API (docs/api.md §1). */
export const UIPATH_SCOPES = {
  write: 'PM.License.Write',
  read: 'PM.License.Read',
} as const;
/** Scopes of UiPath Identity's group list (either one is enough). */
export const IDENTITY_GROUP_SCOPES = { read: 'PM.Group.Read', all: 'PM.Group' } as const;
/** What the demo client, the admin token and tokens issued without scopes hold. */
export const ALL_UIPATH_SCOPES: readonly string[] = [UIPATH_SCOPES.write, UIPATH_SCOPES.read, IDENTITY_GROUP_SCOPES.read];

/** Roles of the Netaxis Fusion API (docs/api.md §2). */
export const FUSION_ROLES = {
  groupsList: 'groups.list',
  list: 'groups.instance.license_types.list',
  read: 'groups.instance.license_types.read',
  create: 'groups.instance.license_types.create',
  update: 'groups.instance.license_types.instance.update',
  delete: 'groups.instance.license_types.instance.delete',
} as const;
export const ALL_FUSION_ROLES: readonly string[] = Object.values(FUSION_ROLES);

export const SANDBOX_ORG = 'acme';
/** The organization's account id (partitionGlobalId) used in lease_ URLs. */
export const SANDBOX_ACCOUNT_ID = 'a1c3e5f7-0b2d-4f6a-8c1e-3d5f7a9b1c2e';

export interface SeedUiPathGroup {
  id: string;
  name: string;
  /** null: the group has no license rule. */
  userBundleCodes: string[] | null;
  useExternalLicense?: boolean;
  /** 0: built-in Identity group, 1: local group (the sandbox's reading of Identity's `type`). */
  type?: number;
  /** Deleted in Identity while its rule stayed: an orphan rule. */
  deleted?: boolean;
}
/** The three groups the CLI's demo and docs name (SANDBOX_DEFAULTS.uipathGroups). */
export const SANDBOX_UIPATH_GROUPS: readonly SeedUiPathGroup[] = [
  { id: 'b2d4f6a8-1c3e-4a5b-9d7f-2e4a6c8e0f13', name: 'Finance Automation', userBundleCodes: ['ATTUNU', 'RPADEVPRONU'] },
  { id: 'c3e5a7b9-2d4f-4b6c-8e0a-3f5b7d9f1a24', name: 'HR Onboarding', userBundleCodes: null },
  { id: 'd4f6b8ca-3e5a-4c7d-9f1b-4a6c8e0a2b35', name: 'Citizen Developers', userBundleCodes: null },
];
/** More seeded groups: built-ins, one more rule, and an orphan rule (its group is gone from Identity). */
export const SANDBOX_UIPATH_MORE_GROUPS: readonly SeedUiPathGroup[] = [
  { id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c01', name: 'Administrators', userBundleCodes: null, type: 0 },
  { id: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c02', name: 'Everyone', userBundleCodes: null, type: 0 },
  { id: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a68', name: 'Process Analysts', userBundleCodes: ['PMBU', 'IDU'], useExternalLicense: true },
  { id: 'f2a3b4c5-d6e7-4f8a-9b0c-1d2e3f4a5b79', name: 'Former Contractors', userBundleCodes: ['ATTUNU'], deleted: true },
];

/** Purchased quantity per bundle code: plenty of everything except PMD, so a 409 is easy to show. */
export const SANDBOX_PURCHASED_DEFAULT = 100_000;
export const SANDBOX_SCARCE_CODES: Readonly<Record<string, number>> = { PMD: 2 };
/** Catalog codes the organization does not own (legacy ones): a PUT naming one gets 409. */
export const SANDBOX_UNOWNED_STATUS = 'legacy';

export interface SeedClient {
  clientId: string;
  clientSecret: string;
  /** What the client was granted; asking for any other scope is refused (invalid_scope). */
  scopes: readonly string[];
}
export const SANDBOX_CLIENTS: readonly SeedClient[] = [
  { clientId: 'licensectl-demo', clientSecret: 'demo-secret', scopes: ALL_UIPATH_SCOPES },
  { clientId: 'reader', clientSecret: 'reader-secret', scopes: [UIPATH_SCOPES.read] },
  // What UiPath's page tells admins to grant: only the write scope.
  { clientId: 'licensectl-writeonly', clientSecret: 'writeonly-secret', scopes: [UIPATH_SCOPES.write] },
  // Holds only the group list scope's full form, so both accepted spellings are exercised.
  { clientId: 'group-reader', clientSecret: 'group-reader-secret', scopes: [IDENTITY_GROUP_SCOPES.all] },
];

/** Users of the UiPath password grant and of the legacy `api/account/authenticate` call. */
export const SANDBOX_UIPATH_USERS: readonly { username: string; password: string }[] = [
  { username: 'admin', password: 'admin' },
];
/** Tenancy names the legacy authenticate call accepts (besides the organization's name). */
export const SANDBOX_TENANCY = 'Default';

/** The base32 secret of the `totp` user's authenticator (RFC 6238: SHA-1, 30 s, 6 digits). */
export const SANDBOX_TOTP_SECRET = 'LICENSECTLSANDBOXTOTPSECRET23456';
/** The machine-to-machine token of the `robot` user: never expires, never revoked by logout. */
export const SANDBOX_M2M_TOKEN = 'sbx_m2m_robot_7d3f9a2c5e1b4086a9c2';

export interface SeedFusionUser {
  username: string;
  password: string;
  roles: readonly string[];
  /** The device is not trusted: login answers only a `2fa_payload` and how the code comes. */
  twoFactor?: 'email' | 'totp';
  /** Returned as `token` by every login of this user. */
  m2mToken?: string;
}
export const SANDBOX_FUSION_USERS: readonly SeedFusionUser[] = [
  { username: 'admin', password: 'admin', roles: ALL_FUSION_ROLES },
  { username: 'viewer', password: 'viewer', roles: [FUSION_ROLES.list, FUSION_ROLES.read] },
  { username: 'twofactor', password: 'twofactor', roles: ALL_FUSION_ROLES, twoFactor: 'email' },
  { username: 'totp', password: 'totp', roles: ALL_FUSION_ROLES, twoFactor: 'totp' },
  { username: 'robot', password: 'robot', roles: ALL_FUSION_ROLES, m2mToken: SANDBOX_M2M_TOKEN },
];

export const SANDBOX_INSTANCE = 'draas1';
export const SANDBOX_FUSION_GROUP = { uuid: 'e5a7c9db-4f6b-4d8e-8a2c-5b7d9f1b3c46', name: 'Acme HQ' } as const;
export const SANDBOX_FUSION_EMPTY_GROUP = { uuid: 'f6b8daec-5a7c-4e9f-9b3d-6c8e0a2c4d57', name: 'Acme Branch' } as const;
/** More empty groups, for the group list and name lookups ("acme" matches three groups). */
export const SANDBOX_FUSION_MORE_GROUPS: readonly { uuid: string; name: string }[] = [
  { uuid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'Acme Support' },
  { uuid: '1b2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e', name: 'Globex Sales' },
  { uuid: '2c3d4e5f-6a7b-4c8d-ae9f-1a2b3c4d5e6f', name: 'Initech Labs' },
];

/** Seeded into SANDBOX_FUSION_GROUP with ids 1..5, in this order. */
export const SANDBOX_LICENSE_TYPES: readonly { name: string; sku: string; description: string }[] = [
  { name: 'Teams Phone Standard', sku: 'MCOEV', description: 'Microsoft Teams Phone System per-user license' },
  { name: 'Teams Phone Resource Account', sku: 'PHONESYSTEM_VIRTUALUSER', description: 'Auto attendants and call queues' },
  { name: 'Teams Shared Devices', sku: 'MCOCAP', description: 'Common area phones' },
  { name: 'Teams Rooms Pro', sku: 'Microsoft_Teams_Rooms_Pro', description: 'Meeting room devices' },
  { name: 'Microsoft 365 E5', sku: 'SPE_E5', description: 'Includes Teams Phone' },
];

export interface SandboxDefaults {
  org: string;
  accountId: string;
  instance: string;
  group: string;
  uipathGroups: string[];
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

export const SANDBOX_DEFAULTS: SandboxDefaults = {
  org: SANDBOX_ORG,
  accountId: SANDBOX_ACCOUNT_ID,
  instance: SANDBOX_INSTANCE,
  group: SANDBOX_FUSION_GROUP.uuid,
  uipathGroups: SANDBOX_UIPATH_GROUPS.map((g) => g.id),
  clientId: 'licensectl-demo',
  clientSecret: 'demo-secret',
  username: 'admin',
  password: 'admin',
};
