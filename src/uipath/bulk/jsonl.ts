// JSONL bulk files: one object per line, {"groupId","codes":[...],"account"?,"externalLicense"?}.
// Blank lines are skipped; unknown keys are refused so a typo cannot silently change a default.

import { isJsonObject } from '../../json.js';
import type { Parsed, Problem, RawRow } from './rows.js';

const KEYS = new Set(['groupId', 'codes', 'account', 'externalLicense']);

export function parseJsonl(text: string): Parsed {
  const rows: RawRow[] = [];
  const problems: Problem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((source, i) => {
    const line = i + 1;
    if (source.trim() === '') return;
    const result = parseLine(source, line);
    if ('message' in result) problems.push(result);
    else rows.push(result);
  });
  return { rows, problems };
}

function parseLine(source: string, line: number): RawRow | Problem {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    return { line, message: `not valid JSON: ${(err as Error).message}` };
  }
  if (!isJsonObject(value)) {
    return { line, message: 'expected a JSON object like {"groupId":"...","codes":["RPADEVPRONU"]}' };
  }
  const o = value;
  const extra = Object.keys(o).find((k) => !KEYS.has(k));
  if (extra !== undefined) return { line, message: `unknown key "${extra}" (keys: groupId, codes, account, externalLicense)` };
  if (typeof o.groupId !== 'string') return { line, message: '"groupId" must be a string' };
  if (!Array.isArray(o.codes) || !o.codes.every((c) => typeof c === 'string')) {
    return { line, message: '"codes" must be an array of strings, e.g. ["RPADEVPRONU","IDU"]' };
  }
  const row: RawRow = { line, groupId: o.groupId, codes: o.codes as string[] };
  if (o.account !== undefined) {
    if (typeof o.account !== 'string' || o.account.trim() === '') return { line, message: '"account" must be a non-empty string' };
    row.account = o.account;
  }
  if (o.externalLicense !== undefined) {
    if (typeof o.externalLicense !== 'boolean') return { line, message: '"externalLicense" must be true or false' };
    row.externalLicense = o.externalLicense;
  }
  return row;
}
