// The groups of a bulk or apply file, as parsed (with the line each came from) and as validated
// (ready to send). The whole file is checked before anything is sent: a bad line means nothing was
// sent. A row either replaces the group's codes (`codes`) or merges (`add`/`remove`, keeping the
// rest); it names its group by `groupId` (opaque, GUIDs compared without case or braces) or by
// `groupName` (resolved through Identity later, once per run).

import { segmentProblem } from '../../api/url.js';
import { normalizeCodes } from '../catalog/codes.js';
import { unknownCodeMessage, unknownCodes } from '../catalog/suggest.js';
import { messageText } from '../../output/format.js';
import { canonicalGroupId } from '../names.js';
import type { RuleEdit } from '../rules.js';
import { refProblem } from './ids.js';

/** One group as the file states it; `line` is where its record starts (1-based). */
export interface RawRow {
  line: number;
  /** Where a JSON array's item is (`[3]`), instead of a line. */
  at?: string;
  groupId: string;
  groupName?: string;
  /** Absent: the file has no codes for this row (a merge row, or a mistake). */
  codes?: string[];
  add?: string[];
  remove?: string[];
  account?: string;
  externalLicense?: boolean;
}

/** `line` 0 is about the file as a whole; `at` replaces "line N" (a JSON array's `[i]`). */
export interface Problem {
  line: number;
  message: string;
  at?: string;
}

export interface Parsed {
  rows: RawRow[];
  problems: Problem[];
}

/**
 * A group ready to send. A replace row has `userBundleCodes` and `useExternalLicense`; a merge row
 * `add`/`remove` and `useExternalLicense` only when the row or --[no-]external-license says.
 * A row naming its group has `groupName` and an empty `groupId` until the name is resolved.
 */
export interface BulkItem {
  line: number;
  groupId: string;
  groupName?: string;
  accountId: string;
  userBundleCodes?: string[];
  add?: string[];
  remove?: string[];
  useExternalLicense?: boolean;
}

export interface RowDefaults {
  /** --account, else the profile's account. */
  account: string | undefined;
  /** --[no-]external-license, for rows that do not say (undefined: replace rows false, merge rows as stored). */
  externalLicense: boolean | undefined;
  allowUnknownCodes: boolean;
  /**
   * `group apply`: every row states its codes; add/remove are refused; a row that does not say
   * externalLicense leaves the flag as stored (a desired state names only what it decides).
   */
  replaceOnly?: boolean;
}

/** The edit a validated row asks for. */
export function editOf(item: BulkItem): RuleEdit {
  if (item.userBundleCodes) return { codes: item.userBundleCodes, external: item.useExternalLicense };
  return { add: item.add ?? [], remove: item.remove ?? [], external: item.useExternalLicense };
}

/** The key two rows naming the same group share: a GUID's canonical form, else the id as written. */
export function groupKey(groupId: string): string {
  return canonicalGroupId(groupId) ?? groupId;
}

export function validateRows(parsed: Parsed, defaults: RowDefaults): { items: BulkItem[]; problems: Problem[] } {
  const problems = [...parsed.problems];
  const items: BulkItem[] = [];
  const seen = new Map<string, number>();
  for (const row of parsed.rows) {
    const fail = (message: string) => problems.push(row.at === undefined ? { line: row.line, message } : { line: row.line, message, at: row.at });
    const item = validateRow(row, defaults, fail);
    if (!item) continue;
    const key = item.groupName === undefined ? item.groupId : `name:${item.groupName.toLowerCase()}`;
    const first = seen.get(key);
    if (first !== undefined) {
      fail(`group ${item.groupName ?? item.groupId} already appears on ${row.at === undefined ? 'line' : 'item'} ${first} (one line per group)`);
      continue;
    }
    seen.set(key, row.line);
    items.push(item);
  }
  if (parsed.rows.length === 0 && problems.length === 0) {
    problems.push({ line: 0, message: 'has no groups (expected a header groupId,codes and one line per group, or one JSON object per line)' });
  }
  problems.sort((a, b) => a.line - b.line);
  return { items, problems };
}

function validateRow(row: RawRow, defaults: RowDefaults, fail: (message: string) => void): BulkItem | undefined {
  const ref = groupRef(row, fail);
  if (!ref) return undefined;
  const label = ref.groupName ?? ref.groupId;
  const codes = row.codes === undefined ? [] : normalizeCodes(row.codes);
  const add = normalizeCodes(row.add ?? []);
  const remove = normalizeCodes(row.remove ?? []);
  const merging = add.length > 0 || remove.length > 0;
  if (merging && defaults.replaceOnly) return void fail('add/remove do not belong in a desired-state file: give each group all its codes');
  if (merging && codes.length > 0) return void fail(`group ${label} has codes (replace) and add/remove (merge): give one or the other`);
  if (!merging && codes.length === 0) return void fail(`no bundle codes for group ${label}`);
  const both = add.find((c) => remove.includes(c));
  if (both) return void fail(`${both} is in both add and remove for group ${label}`);
  const unknown = defaults.allowUnknownCodes ? [] : unknownCodes([...codes, ...add]);
  if (unknown.length > 0) return void fail(unknownCodeMessage(unknown[0]!));
  const accountId = row.account?.trim() || defaults.account;
  if (!accountId) {
    return void fail(`no account for group ${label}: add an account column, pass --account <accountId>, or store one with \`licensectl profile set <name> --account <id>\``);
  }
  const badAccount = segmentProblem(accountId) ?? refProblem('account', accountId);
  if (badAccount) return void fail(badAccount.startsWith('account') ? badAccount : `account ${badAccount}`);
  const external = row.externalLicense ?? defaults.externalLicense;
  const item: BulkItem = { line: row.line, ...ref, accountId };
  if (merging) {
    item.add = add;
    item.remove = remove;
    if (external !== undefined) item.useExternalLicense = external;
  } else {
    item.userBundleCodes = codes;
    if (external !== undefined || !defaults.replaceOnly) item.useExternalLicense = external ?? false;
  }
  return item;
}

/** The row's group: an id (GUIDs canonical, others as written) or a name, checked to be sendable. */
function groupRef(row: RawRow, fail: (message: string) => void): { groupId: string; groupName?: string } | undefined {
  const id = row.groupId.trim();
  const name = row.groupName?.trim();
  if (id !== '' && name !== undefined && name !== '') return void fail('give groupId or groupName, not both');
  if (name !== undefined && name !== '') {
    const bad = refProblem('groupName', name);
    if (bad) return void fail(bad);
    return { groupId: '', groupName: name };
  }
  if (id === '') return void fail(name === undefined ? 'groupId is empty' : 'groupId and groupName are empty');
  const bad = refProblem('groupId', id);
  if (bad) return void fail(bad);
  const badSegment = segmentProblem(id);
  if (badSegment) return void fail(`groupId ${badSegment}`);
  return { groupId: groupKey(id) };
}

/** "groups.csv line 7: ..." */
export function describeProblem(file: string, problem: Problem): string {
  // A problem quotes the file's own text: it is printed as one clean line, like every error.
  const message = messageText(problem.message);
  if (problem.at !== undefined) return `${file} ${problem.at}: ${message}`;
  return problem.line > 0 ? `${file} line ${problem.line}: ${message}` : `${file} ${message}`;
}
