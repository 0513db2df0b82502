// The format of a bulk file (`--from-file groups.csv|groups.jsonl`): by extension, else by its first character (`{` is JSONL).

import { parseCsv } from './csv.js';
import { parseJsonl } from './jsonl.js';
import type { Parsed } from './rows.js';

export type Format = 'csv' | 'jsonl';

export function detectFormat(file: string, text: string): Format {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) return 'jsonl';
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

export function parseGroups(file: string, text: string): Parsed {
  return detectFormat(file, text) === 'jsonl' ? parseJsonl(text) : parseCsv(text);
}
