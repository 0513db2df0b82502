// What bulk allocate, `group undo` and `group apply` share around many groups' rules: reading them
// in batches (POST .../user-license/group, up to BATCH_READ_SIZE ids, a read the client may resend),
// checking codes against what the organization owns, resolving group names once per run, and
// writing one group's rule (PUT, or DELETE when the rule is to have no codes).

import type { HttpClient } from '../../../api/http.js';
import { listIdentityGroups } from '../../../api/identity.js';
import { allocateGroup, type GroupAllocation } from '../../../api/uipath.js';
import { BATCH_READ_SIZE, getAccountLicenses, getGroupRulesPage, readGroupRules, revokeGroupRule, ruleOf, READ_SCOPE, type GroupRule } from '../../../api/uipath-rules.js';
import { ApiError, CliError, failure, usageError } from '../../../errors.js';
import { ExitCode } from '../../../exit-codes.js';
import { runPool, type PoolOptions } from '../../../pool.js';
import { isKnownCode } from '../../../uipath/catalog/codes.js';
import { notOwnedMessage } from '../../../uipath/catalog/suggest.js';
import { GroupDirectory } from '../../../uipath/names.js';
import type { BulkItem } from '../../../uipath/bulk/rows.js';
import { allRulePages } from './rule-pages.js';

/** A group of one organization. */
export interface GroupTarget {
  accountId: string;
  groupId: string;
}

/** The key two targets naming the same group share (ids compared without case). */
export const keyOf = (t: GroupTarget) => `${t.accountId.toLowerCase()}\n${t.groupId.toLowerCase()}`;

export interface RuleReads {
  /** The group's rule (null: none); undefined when its batch could not be read. */
  rule(t: GroupTarget): GroupRule | null | undefined;
  /** Why the group's batch could not be read (after the client's retries). */
  error(t: GroupTarget): CliError | undefined;
  /** A failure every group shares (401/403): the run stops. */
  fatal?: CliError;
}

/**
 * The current rules of `targets`, read BATCH_READ_SIZE at a time, `concurrency` batches in flight.
 * A batch that fails leaves its groups unread (a bulk run reports them failed and writes the rest);
 * an authentication failure stops the reading.
 */
export async function readRules(client: HttpClient, targets: readonly GroupTarget[], concurrency: PoolOptions['concurrency']): Promise<RuleReads> {
  const byAccount = new Map<string, Set<string>>();
  for (const t of targets) {
    const ids = byAccount.get(t.accountId) ?? new Set<string>();
    ids.add(t.groupId);
    byAccount.set(t.accountId, ids);
  }
  const batches: { accountId: string; ids: string[] }[] = [];
  for (const [accountId, ids] of byAccount) {
    const all = [...ids];
    for (let i = 0; i < all.length; i += BATCH_READ_SIZE) batches.push({ accountId, ids: all.slice(i, i + BATCH_READ_SIZE) });
  }
  const rules = new Map<string, GroupRule | null>();
  const errors = new Map<string, CliError>();
  let fatal: CliError | undefined;
  await runPool(batches, { concurrency, stop: () => fatal !== undefined }, async (b) => {
    try {
      const found = await readGroupRules(client, b.accountId, b.ids);
      for (const id of b.ids) rules.set(keyOf({ accountId: b.accountId, groupId: id }), null);
      for (const [id, s] of found) rules.set(keyOf({ accountId: b.accountId, groupId: id }), ruleOf(s.userBundleLicenses, s.useExternalLicense));
    } catch (err) {
      const e = readFailure(err);
      for (const id of b.ids) errors.set(keyOf({ accountId: b.accountId, groupId: id }), e);
      if (e.exitCode === ExitCode.auth || e.code === 'insecure') fatal ??= e;
    }
  });
  const notRead = failure('not read: the run stopped before its turn', 'not_read');
  return {
    rule: (t) => rules.get(keyOf(t)),
    error: (t) => errors.get(keyOf(t)) ?? (rules.has(keyOf(t)) ? undefined : notRead),
    ...(fatal && { fatal }),
  };
}

/** Every rule of `targets`, or the first failure (undo and apply plan on all of them or none). */
export async function readAllRules(client: HttpClient, targets: readonly GroupTarget[], concurrency: PoolOptions['concurrency']): Promise<(t: GroupTarget) => GroupRule | null> {
  const reads = await readRules(client, targets, concurrency);
  if (reads.fatal) throw reads.fatal;
  for (const t of targets) {
    const err = reads.error(t);
    if (err) throw err;
  }
  return (t) => reads.rule(t) ?? null;
}

/** A missing read scope is said plainly: the reads come before any write, so nothing was sent. */
function readFailure(err: unknown): CliError {
  if (err instanceof ApiError && err.status === 403) {
    return new CliError(`every group's rule is read before writing (the report records it, so \`group undo\` can put it back), and the token lacks the scope ${READ_SCOPE} (403): grant it; nothing was sent`, {
      code: 'forbidden',
      exitCode: ExitCode.auth,
      status: 403,
    });
  }
  if (err instanceof CliError) return err;
  return failure(`unexpected error: ${(err as Error)?.message ?? String(err)}`);
}

/**
 * Refuses (exit 5, naming the code and the line) a code the organization does not own, before
 * anything is written. Without the read scope for the organization's licenses (403) the catalog
 * check already done on the rows is all there is (and so after any other failure to read it, with a warning).
 */
export async function checkOwnedCodes(client: HttpClient, items: readonly BulkItem[], file: string, warn: (message: string) => void): Promise<void> {
  const accounts = [...new Set(items.map((i) => i.accountId))];
  for (const accountId of accounts) {
    let owned: string[];
    try {
      owned = (await getAccountLicenses(client, accountId)).filter((l) => l.total > 0).map((l) => l.code);
    } catch (err) {
      // A failed read of the list is not a reason to stop: the server still refuses what it does not own.
      if (!(err instanceof ApiError && err.status === 403)) warn(`cannot read the organization's licenses (${err instanceof CliError ? err.message : String(err)}): codes are checked against the catalog only`);
      continue;
    }
    for (const item of items) {
      if (item.accountId !== accountId) continue;
      const problem = notOwnedMessage([...(item.userBundleCodes ?? []), ...(item.add ?? [])], owned);
      if (problem) throw new CliError(`${file} line ${item.line}: ${problem}; nothing was sent`, { code: 'not_owned', exitCode: ExitCode.rejected });
    }
  }
}

/** With --allow-unknown-codes, codes outside the catalog are sent as asked, unchecked. */
export function knownOnly(item: BulkItem): BulkItem {
  const known = (codes?: string[]) => codes?.filter(isKnownCode);
  return { ...item, userBundleCodes: known(item.userBundleCodes), add: known(item.add) };
}

/**
 * Fills in the id of each row that names its group (one Identity list per organization), then
 * refuses two rows that turn out to be the same group. An unknown name is exit 3, ambiguous exit 2,
 * each naming the line.
 */
export async function resolveNames(client: HttpClient, items: BulkItem[], file: string): Promise<void> {
  const directories = new Map<string, GroupDirectory>();
  for (const item of items) {
    if (item.groupName === undefined) continue;
    let dir = directories.get(item.accountId);
    if (!dir) {
      const accountId = item.accountId;
      dir = new GroupDirectory(() => listIdentityGroups(client, accountId));
      directories.set(accountId, dir);
    }
    try {
      item.groupId = (await dir.byName(item.groupName)).id.toLowerCase();
    } catch (err) {
      if (err instanceof CliError && (err.code === 'not_found' || err.code === 'usage')) {
        throw new CliError(`${file} line ${item.line}: ${err.message}; nothing was sent`, { code: err.code, exitCode: err.exitCode });
      }
      throw err;
    }
  }
  if (directories.size === 0) return;
  const seen = new Map<string, number>();
  for (const item of items) {
    const key = keyOf(item);
    const first = seen.get(key);
    if (first !== undefined) throw usageError(`${file} line ${item.line}: group ${item.groupName ?? item.groupId} is the group of line ${first} too (one line per group); nothing was sent`);
    seen.set(key, item.line);
  }
}

export interface WriteResult {
  /** What the group now holds: the PUT's answer, or null after a DELETE. */
  after: GroupRule | null;
  httpStatus: number;
  attempts: number;
  /** The PUT's answer as the server sent it. */
  allocation?: GroupAllocation;
}

/** Sets the group's rule: PUT it, or DELETE the rule when it is to have no codes. */
export async function writeRule(client: HttpClient, target: GroupTarget, rule: GroupRule | null): Promise<WriteResult> {
  if (rule === null || rule.userBundleCodes.length === 0) {
    await revokeGroupRule(client, target);
    return { after: null, httpStatus: 200, attempts: 1 };
  }
  const res = await allocateGroup(client, target, rule);
  return { after: ruleOf(res.allocation.userBundleCodes, res.allocation.useExternalLicense), httpStatus: res.status, attempts: res.attempts, allocation: res.allocation };
}

/** Rules a page of `listRules` (the service's largest page). */
const PAGE_SIZE = 1000;

/** Every group of the organization that holds a rule, through the paged list (pages `concurrency` at a time). */
export async function listRules(client: HttpClient, accountId: string, concurrency: PoolOptions['concurrency']): Promise<{ groupId: string; name: string; rule: GroupRule }[]> {
  const base = { top: PAGE_SIZE };
  const first = await getGroupRulesPage(client, accountId, { ...base, skip: 0 });
  const found: { groupId: string; name: string; rule: GroupRule }[] = [];
  for (const r of await allRulePages(client, accountId, base, first, { concurrency })) {
    const rule = ruleOf(r.userBundleLicenses, r.useExternalLicense);
    if (rule) found.push({ groupId: r.id.toLowerCase(), name: r.name, rule });
  }
  return found;
}
