// What every UiPath group command needs: the organization (--account or the profile's), one HTTP
// client, and group references resolved to IDs (a name through Identity, once per run).

import type { HttpClient, RequestPacer } from '../../../api/http.js';
import { listIdentityGroups } from '../../../api/identity.js';
import type { Context, ResolvedProfile } from '../../../context.js';
import { ApiError, usageError } from '../../../errors.js';
import type { Output } from '../../../output/output.js';
import { refProblem } from '../../../input/ref.js';
import { requireAccount } from './options.js';
import { canonicalGroupId, GroupDirectory } from '../../../uipath/names.js';

export interface AccountOption {
  account?: string;
}

export class UiPathSession {
  readonly resolved: ResolvedProfile;
  readonly accountId: string;
  private clientPromise: Promise<HttpClient> | undefined;
  private directory: GroupDirectory | undefined;

  constructor(
    private readonly ctx: Context,
    opts: AccountOption,
  ) {
    this.resolved = ctx.resolveProfile();
    this.accountId = requireAccount(opts, this.resolved);
  }

  client(opts: { requests?: number; pacer?: RequestPacer } = {}): Promise<HttpClient> {
    this.clientPromise ??= this.ctx.http(this.resolved, opts);
    return this.clientPromise;
  }

  /** A group's ID from its ID (any case, braces allowed) or its name. */
  async groupId(ref: string): Promise<string> {
    const trimmed = ref.trim();
    if (trimmed === '') throw usageError('missing <group>: give the group\'s ID or name');
    const problem = refProblem(trimmed, '<group>');
    if (problem) throw usageError(problem);
    const id = canonicalGroupId(trimmed);
    if (id !== undefined) return id;
    this.directory ??= new GroupDirectory(async () => listIdentityGroups(await this.client(), this.accountId));
    return this.directory.resolve(trimmed);
  }
}

/**
 * The read before a write, for a token that may lack the read scope: UiPath's page tells admins to
 * grant only PM.License.Write. On a 403 a write that can go blind says `blind` and goes on (the
 * read is undefined, "not known"); one that cannot throws `refusal`. Any other error is thrown.
 */
export async function readUnlessForbidden<T>(out: Output, read: () => Promise<T>, onForbidden: { blind: string } | { refusal: (err: ApiError) => Error }): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 403) throw err;
    if ('refusal' in onForbidden) throw onForbidden.refusal(err);
    out.warn(onForbidden.blind);
    return undefined;
  }
}
