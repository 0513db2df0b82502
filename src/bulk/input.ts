// Reading a bulk file (`--from-file groups.csv|groups.jsonl`, or `-` for stdin) and choosing its
// format: by extension, else by its first character (`{` is JSONL).

import { readFile } from 'node:fs/promises';
import { usageError } from '../errors.js';
import { parseCsv } from './csv.js';
import { parseJsonl } from './jsonl.js';
import type { Parsed } from './rows.js';

export type Format = 'csv' | 'jsonl';

/** The file's text; an unreadable file is a usage error (exit 2), nothing sent. */
export async function readGroupsFile(file: string, stdin: NodeJS.ReadableStream): Promise<string> {
  try {
    if (file === '-') {
      let text = '';
      for await (const chunk of stdin) text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
      return text;
    }
    return await readFile(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a folder' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw usageError(`cannot read ${file}: ${why}`);
  }
}

export function detectFormat(file: string, text: string): Format {
  const lower = file.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.txt')) return 'csv';
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || lower.endsWith('.json')) return 'jsonl';
  return text.replace(/^\uFEFF/, '').trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

export function parseGroups(file: string, text: string): Parsed {
  return detectFormat(file, text) === 'jsonl' ? parseJsonl(text) : parseCsv(text);
}
