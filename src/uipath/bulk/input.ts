// The format of a bulk file (`--from-file groups.csv|groups.jsonl`): by extension, else by its first character (`{` is JSONL, `[` a JSON array).

import { parseCsv } from './csv.js';
import { parseJsonArray, parseJsonl } from './jsonl.js';
import type { Parsed } from './rows.js';

export type Format = 'csv' | 'jsonl';

export function detectFormat(file: string, text: string): Format {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) return 'jsonl';
  return /^[{[]/.test(text.replace(/^\uFEFF/, '').trimStart()) ? 'jsonl' : 'csv';
}

export function parseGroups(file: string, text: string): Parsed {
  if (detectFormat(file, text) === 'csv') return parseCsv(text);
  // A JSON array (`group apply`'s desired.json) rather than one object per line.
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('[') ? parseJsonArray(text) : parseJsonl(text);
}
