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
}

export interface StoreData {
  version: 1;
  current?: string;
  profiles: Record<string, Profile>;
}

export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function emptyStore(): StoreData {
  return { version: 1, profiles: {} };
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
