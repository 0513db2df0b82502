import type { ResolvedProfile } from '../../../context.js';
import { usageError } from '../../../errors.js';

/** The options of `group allocate` as commander hands them over (see index.ts). */
export interface AllocateOptions {
  codes?: string;
  add?: string;
  remove?: string;
  account?: string;
  externalLicense?: boolean;
  allowUnknownCodes?: boolean;
  fromFile?: string;
  /** `auto` (src/pool-adaptive.ts) or a fixed number of requests in flight. */
  concurrency: number | 'auto';
  report?: string;
  resume?: boolean;
  dryRun?: boolean;
}

/** --account, else the profile's account; missing both is a usage error naming the flag. */
export function requireAccount(opts: { account?: string }, resolved: ResolvedProfile): string {
  const account = opts.account ?? resolved.profile?.account;
  if (!account) {
    throw usageError('no account: pass --account <accountId>, or store one with `licensectl profile set <name> --base-url <url> --account <id>`');
  }
  return account;
}
