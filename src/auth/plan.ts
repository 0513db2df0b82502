// Which login `auth login` performs, decided from its flags and the profile before anything is
// read or sent (a bad combination is a usage error, exit 2):
//
//   (no flags) | --with-token                     a bearer token read from stdin
//   --client-id <id> --client-secret-stdin         UiPath Identity, OAuth client credentials; no
//                                                  scope is asked for unless --scope says which
//   --username <u> --password-stdin --client-id <id> [--client-secret-stdin]
//                                                  UiPath Identity, OAuth password grant; with
//                                                  --client-secret-stdin stdin holds the password
//                                                  on line 1 and the client secret on line 2
//   --username <u> --password-stdin [--otp <code>] Netaxis Fusion login (POST {base}/api/v01/auth/login),
//                                                  --otp answering its second factor
//
// --username without --password-stdin means "ask for the password": the command allows it only
// when it can prompt (a terminal); the plan just records it (`promptPassword`).
//
// The UiPath password grant always needs a client ID, so its presence is what tells the two
// password logins apart. A profile set up for UiPath only (an account, no Fusion instance or
// group) asked for a password login without --client-id gets a usage error instead of a Fusion
// login that could only fail.

import type { Profile } from '../config/profile.js';
import { usageError } from '../errors.js';
import { DEFAULT_SCOPE, defaultTokenUrl } from './uipath-identity.js';

export interface LoginOptions {
  withToken?: boolean;
  clientId?: string;
  clientSecretStdin?: boolean;
  username?: string;
  passwordStdin?: boolean;
  scope?: string;
  tokenUrl?: string;
  otp?: string;
}

export type LoginPlan =
  | { kind: 'token'; flagged: boolean }
  | { kind: 'client_credentials'; clientId: string; scope?: string; tokenUrl: string }
  | { kind: 'password'; clientId: string; withClientSecret: boolean; username: string; scope: string; tokenUrl: string; promptPassword: boolean }
  | { kind: 'fusion_login'; username: string; otp?: string; promptPassword: boolean };

export function planLogin(opts: LoginOptions, profile: Profile, baseUrl: string): LoginPlan {
  const password = opts.username !== undefined || opts.passwordStdin;
  if (opts.withToken && (opts.clientId !== undefined || password || opts.clientSecretStdin || opts.otp !== undefined)) {
    throw usageError('--with-token cannot be combined with --client-id, --client-secret-stdin, --username, --password-stdin or --otp');
  }
  if (opts.passwordStdin && opts.username === undefined) throw usageError('--password-stdin needs --username <user>');
  if (opts.clientSecretStdin && opts.clientId === undefined) throw usageError('--client-secret-stdin needs --client-id <id>');

  if (opts.clientId !== undefined) {
    const tokenUrl = checkTokenUrl(opts.tokenUrl) ?? defaultTokenUrl(baseUrl);
    if (opts.otp !== undefined) throw usageError('--otp answers the second factor of the Fusion login (--username without --client-id)');
    const promptPassword = !opts.passwordStdin;
    if (password) return { kind: 'password', clientId: opts.clientId, withClientSecret: Boolean(opts.clientSecretStdin), username: opts.username!, scope: opts.scope ?? DEFAULT_SCOPE, tokenUrl, promptPassword };
    if (!opts.clientSecretStdin) throw usageError('--client-id needs --client-secret-stdin (client credentials) or --username with --password-stdin (password grant)');
    // An application is granted its scopes by an admin; asking for one it lacks fails the whole request.
    return { kind: 'client_credentials', clientId: opts.clientId, ...(opts.scope !== undefined && { scope: opts.scope }), tokenUrl };
  }
  if (opts.scope !== undefined || opts.tokenUrl !== undefined) {
    throw usageError('--scope and --token-url belong to the UiPath logins, which need --client-id <id>');
  }
  if (password) {
    if (profile.account && !profile.instance && !profile.group) {
      throw usageError('this profile is set up for UiPath (it has an account): the UiPath password grant needs --client-id <id> (and --client-secret-stdin if the client has a secret)');
    }
    return { kind: 'fusion_login', username: opts.username!, ...(opts.otp !== undefined && { otp: opts.otp }), promptPassword: !opts.passwordStdin };
  }
  if (opts.otp !== undefined) throw usageError('--otp answers the second factor of the Fusion login: use it with --username <user>');
  return { kind: 'token', flagged: Boolean(opts.withToken) };
}

function checkTokenUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`--token-url: "${value}" is not a URL (expected e.g. https://example.com/identity_/connect/token)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw usageError(`--token-url: "${value}" must start with https:// or http://`);
  if (url.username || url.password) throw usageError('--token-url must not carry credentials');
  return url.toString();
}
