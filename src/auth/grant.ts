// What both logins share (docs/api.md §1 and §2): the token they return, the refusal to send credentials over plain http,
// and how long a new token lasts. The logins themselves: uipath-identity.ts and fusion-login.ts.

import { isLoopback } from '../api/url.js';
import { CliError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { isJsonObject } from '../json.js';
import { jwtExpiry } from './expiry.js';

/** A freshly obtained token. */
export interface Grant {
  token: string;
  obtainedAt: number;
  expiresAt?: number;
  refreshToken?: string;
  scope?: string;
  /** A Fusion machine-to-machine token: it does not expire and is not renewed. */
  machine?: boolean;
}

/** Credentials go over https, or plain http to this machine, unless the profile allows otherwise. */
export function refuseInsecure(target: string, allowInsecureHttp: boolean): void {
  const url = new URL(target);
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !allowInsecureHttp) {
    throw new CliError(
      `refusing to send credentials over plain http to ${url.host}: use https, or \`licensectl profile set <name> --allow-insecure-http\` if you really must`,
      { code: 'insecure', exitCode: ExitCode.usage },
    );
  }
}

/** When a new token expires: `expires_in` seconds after it was obtained, else the JWT's own `exp`. */
export function expiry(expiresIn: unknown, token: string, obtainedAt: number): number | undefined {
  const seconds = typeof expiresIn === 'string' ? Number(expiresIn) : expiresIn;
  if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0) return obtainedAt + seconds * 1000;
  return jwtExpiry(token);
}

export function asObject(data: unknown): Record<string, unknown> | undefined {
  return isJsonObject(data) ? data : undefined;
}
