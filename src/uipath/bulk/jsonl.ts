// JSONL bulk files: one object per line, {"groupId"|"groupName"|"group", "codes":[...] | "add"/"remove",
// "account"?, "externalLicense"?}; and, for `group apply`, the same objects as one JSON array.
// Blank lines are skipped; unknown keys are refused so a typo cannot silently change a default.

import { isJsonObject } from '../../json.js';
import { canonicalGroupId } from '../names.js';
import type { Parsed, Problem, RawRow } from './rows.js';

const KEYS = new Set(['groupId', 'groupName', 'group', 'codes', 'add', 'remove', 'account', 'externalLicense']);

export function parseJsonl(text: string): Parsed {
  const rows: RawRow[] = [];
  const problems: Problem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((source, i) => {
    const line = i + 1;
    if (source.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (err) {
      problems.push({ line, message: `not valid JSON: ${(err as Error).message}` });
      return;
    }
    const result = rowOf(value, line);
    if ('message' in result) problems.push(result);
    else rows.push(result);
  });
  return { rows, problems };
}

/** A JSON array of the same objects; a problem is placed by the item's index (`[3]`). */
export function parseJsonArray(text: string): Parsed {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { rows: [], problems: [{ line: 0, message: `is not valid JSON: ${(err as Error).message}` }] };
  }
  if (!Array.isArray(doc)) return { rows: [], problems: [{ line: 0, message: 'must hold a JSON array of {"groupId"|"groupName","codes":[...]}' }] };
  const rows: RawRow[] = [];
  const problems: Problem[] = [];
  doc.forEach((value, i) => {
    const result = rowOf(value, i + 1, `[${i}]`);
    if ('message' in result) problems.push(result);
    else rows.push(result);
  });
  return { rows, problems };
}

function rowOf(value: unknown, line: number, at?: string): RawRow | Problem {
  const problem = (message: string): Problem => (at === undefined ? { line, message } : { line, message, at });
  if (!isJsonObject(value)) return problem('expected a JSON object like {"groupId":"...","codes":["RPADEVPRONU"]}');
  const o = value;
  const extra = Object.keys(o).find((k) => !KEYS.has(k));
  if (extra !== undefined) return problem(`unknown key "${extra}" (keys: groupId or groupName, codes or add/remove, account, externalLicense)`);
  for (const key of ['groupId', 'groupName', 'group'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'string') return problem(`"${key}" must be a string`);
  }
  const row: RawRow = { line, groupId: (o.groupId as string | undefined) ?? '' };
  if (at !== undefined) row.at = at;
  if (o.groupName !== undefined) row.groupName = o.groupName as string;
  const group = o.group as string | undefined;
  if (group !== undefined && group.trim() !== '') {
    if (canonicalGroupId(group) !== undefined) row.groupId = group;
    else row.groupName = group;
  }
  if (o.groupId === undefined && o.groupName === undefined && o.group === undefined) return problem('"groupId" must be a string');
  for (const key of ['codes', 'add', 'remove'] as const) {
    const v = o[key];
    if (v === undefined) continue;
    if (!Array.isArray(v) || !v.every((c) => typeof c === 'string')) return problem(`"${key}" must be an array of strings, e.g. ["RPADEVPRONU","IDU"]`);
    row[key] = v as string[];
  }
  if (o.codes === undefined && o.add === undefined && o.remove === undefined) return problem('"codes" must be an array of strings, e.g. ["RPADEVPRONU","IDU"]');
  if (o.account !== undefined) {
    if (typeof o.account !== 'string' || o.account.trim() === '') return problem('"account" must be a non-empty string');
    row.account = o.account;
  }
  if (o.externalLicense !== undefined) {
    if (typeof o.externalLicense !== 'boolean') return problem('"externalLicense" must be true or false');
    row.externalLicense = o.externalLicense;
  }
  return row;
}
