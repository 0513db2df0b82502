// What every UiPath group command needs: the organization (--account or the profile's), one HTTP
// client, and group references resolved to IDs (a name through Identity, once per run).

import type { HttpClient } from '../../../api/http.js';
import { listIdentityGroups } from '../../../api/identity.js';
import type { Context, ResolvedProfile } from '../../../context.js';
import { usageError } from '../../../errors.js';
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

  client(opts: { requests?: number } = {}): Promise<HttpClient> {
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
