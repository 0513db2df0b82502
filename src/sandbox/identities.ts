// The sandbox's fixed, seeded identities and ids: the one place the CLI's demo, the docs and the
// tests take them from. They are public on purpose (a local emulator has no secrets).

/** Scopes of the UiPath License Management API (API.md §1). */
export const UIPATH_SCOPES = {
  write: 'PM.License.Write',
  read: 'PM.License.Read',
} as const;
export const ALL_UIPATH_SCOPES: readonly string[] = [UIPATH_SCOPES.write, UIPATH_SCOPES.read];

/** Roles of the Netaxis Fusion API (API.md §2). */
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
  userBundleCodes: string[];
}
export const SANDBOX_UIPATH_GROUPS: readonly SeedUiPathGroup[] = [
  { id: 'b2d4f6a8-1c3e-4a5b-9d7f-2e4a6c8e0f13', name: 'Finance Automation', userBundleCodes: ['ATTUNU', 'RPADEVPRONU'] },
  { id: 'c3e5a7b9-2d4f-4b6c-8e0a-3f5b7d9f1a24', name: 'HR Onboarding', userBundleCodes: [] },
  { id: 'd4f6b8ca-3e5a-4c7d-9f1b-4a6c8e0a2b35', name: 'Citizen Developers', userBundleCodes: [] },
];

/** Purchased quantity per bundle code: plenty of everything except PMD, so a 409 is easy to show. */
export const SANDBOX_PURCHASED_DEFAULT = 100_000;
export const SANDBOX_SCARCE_CODES: Readonly<Record<string, number>> = { PMD: 2 };

export interface SeedClient {
  clientId: string;
  clientSecret: string;
  scopes: readonly string[];
}
export const SANDBOX_CLIENTS: readonly SeedClient[] = [
  { clientId: 'licensectl-demo', clientSecret: 'demo-secret', scopes: ALL_UIPATH_SCOPES },
  { clientId: 'reader', clientSecret: 'reader-secret', scopes: [UIPATH_SCOPES.read] },
];

/** Users of the UiPath password grant and of the legacy `api/account/authenticate` call. */
export const SANDBOX_UIPATH_USERS: readonly { username: string; password: string }[] = [
  { username: 'admin', password: 'admin' },
];
/** Tenancy names the legacy authenticate call accepts (besides the organization's name). */
export const SANDBOX_TENANCY = 'Default';

export interface SeedFusionUser {
  username: string;
  password: string;
  roles: readonly string[];
  /** The device is not trusted: login answers only a `2fa_payload`. */
  twoFactor: boolean;
}
export const SANDBOX_FUSION_USERS: readonly SeedFusionUser[] = [
  { username: 'admin', password: 'admin', roles: ALL_FUSION_ROLES, twoFactor: false },
  { username: 'viewer', password: 'viewer', roles: [FUSION_ROLES.list, FUSION_ROLES.read], twoFactor: false },
  { username: 'twofactor', password: 'twofactor', roles: ALL_FUSION_ROLES, twoFactor: true },
];

export const SANDBOX_INSTANCE = 'draas1';
export const SANDBOX_FUSION_GROUP = { uuid: 'e5a7c9db-4f6b-4d8e-8a2c-5b7d9f1b3c46', name: 'Acme HQ' } as const;
export const SANDBOX_FUSION_EMPTY_GROUP = { uuid: 'f6b8daec-5a7c-4e9f-9b3d-6c8e0a2c4d57', name: 'Acme Branch' } as const;

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
