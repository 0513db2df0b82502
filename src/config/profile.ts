// What a profile holds. One profile = one base URL and the identity used against it.

import { isJsonObject } from '../json.js';

/** How the stored token was obtained, and what is needed to get a fresh one. */
export interface StoredAuth {
  method: 'token' | 'client_credentials' | 'password' | 'fusion_login';
  token?: string;
  /** Epoch milliseconds; absent when unknown (a pasted token). */
  expiresAt?: number;
  /** Epoch milliseconds when the token was obtained: the lifetime decides how early it is renewed. */
  obtainedAt?: number;
  refreshToken?: string;
  /** The token is a Fusion machine-to-machine token: long-lived, not renewed, not logged out. */
  machine?: boolean;
  clientId?: string;
  clientSecret?: string;
  username?: string;
  scope?: string;
  tokenUrl?: string;
  /** The origin (scheme, host, port) the login was made for; its token is sent nowhere else. */
  origin?: string;
}

/** The profile a command works with, after flags and environment (Context.resolveProfile). */
export interface ResolvedProfile {
  /** Undefined when no profile is chosen (everything from flags and environment). */
  name: string | undefined;
  profile: Profile | undefined;
  baseUrl: string;
}

export interface Profile {
  baseUrl: string;
  account?: string;
  instance?: string;
  group?: string;
  allowInsecureHttp?: boolean;
  auth?: StoredAuth;
  /** Written by `licensectl sandbox --profile`: the one kind of profile a sandbox may replace. */
  sandbox?: boolean;
}

export interface StoreData {
  version: 1;
  current?: string;
  profiles: Record<string, Profile>;
}

export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Why `name` cannot be a new profile's name, or undefined. Names every object has (toString,
 * constructor, __proto__...) are reserved: a store read by any other tool would mistake them.
 */
export function profileNameProblem(name: string): string | undefined {
  if (!PROFILE_NAME.test(name)) return `profile name ${JSON.stringify(name)} must be 1-64 letters, digits, ".", "_" or "-"`;
  if (name in Object.prototype) return `profile name "${name}" is reserved: pick another name`;
  return undefined;
}

/**
 * The profiles as a map with no prototype: `profiles[name]` finds only stored profiles, never
 * `toString` or `constructor` of every object, and `profiles["__proto__"] = ...` stores a profile.
 */
export function profileMap(profiles: Record<string, Profile> = {}): Record<string, Profile> {
  const map = Object.create(null) as Record<string, Profile>;
  for (const [name, profile] of Object.entries(profiles)) map[name] = profile;
  return map;
}

export function emptyStore(): StoreData {
  return { version: 1, profiles: profileMap() };
}

/** Checks a parsed store file; returns a description of the first problem, or undefined. */
export function storeProblem(data: unknown): string | undefined {
  if (!isJsonObject(data)) return 'it is not a JSON object';
  const d = data;
  if (d.version !== undefined && d.version !== 1) return `it has version ${JSON.stringify(d.version)}, this licensectl reads version 1`;
  if (d.current !== undefined && typeof d.current !== 'string') return '"current" is not a string';
  if (d.profiles === undefined) return undefined;
  if (!isJsonObject(d.profiles)) return '"profiles" is not an object';
  for (const [name, p] of Object.entries(d.profiles)) {
    if (!isJsonObject(p)) return `profile "${name}" is not an object`;
    const prof = p;
    if (typeof prof.baseUrl !== 'string') return `profile "${name}" has no baseUrl`;
    for (const k of ['account', 'instance', 'group'] as const) {
      if (prof[k] !== undefined && typeof prof[k] !== 'string') return `profile "${name}": "${k}" is not a string`;
    }
    if (prof.auth !== undefined && (typeof prof.auth !== 'object' || prof.auth === null)) return `profile "${name}": "auth" is not an object`;
  }
  return undefined;
}

const METHODS: readonly string[] = ['token', 'client_credentials', 'password', 'fusion_login'];
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * What is wrong with a stored login (a store edited by hand), or undefined. Checked where a login
 * is used, not when the store is read: `auth login` must still be able to replace it.
 */
export function storedAuthProblem(auth: StoredAuth): string | undefined {
  const a = auth as unknown as Record<string, unknown>;
  if (!METHODS.includes(a.method as string)) return '"method" is not one licensectl knows';
  for (const k of ['token', 'refreshToken', 'clientId', 'clientSecret', 'username', 'scope', 'tokenUrl', 'origin'] as const) {
    if (a[k] !== undefined && typeof a[k] !== 'string') return `"${k}" is not a string`;
  }
  for (const k of ['token', 'refreshToken', 'clientSecret'] as const) {
    if (typeof a[k] === 'string' && CONTROL.test(a[k] as string)) return `"${k}" holds a line break or another control character`;
  }
  for (const k of ['expiresAt', 'obtainedAt'] as const) {
    if (a[k] !== undefined && !isTime(a[k])) return `"${k}" is not a time`;
  }
  if (a.tokenUrl !== undefined && !isHttpUrl(a.tokenUrl as string)) return '"tokenUrl" is not an http(s) URL';
  return undefined;
}

/** Epoch milliseconds a Date can hold. */
function isTime(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= 8.64e15;
}

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
