// The desired state of `license-type apply`: a JSON array of {sku, name, description?}, or
// {"license_types": [...]}. Checked completely before any request, and every problem is named by
// its jq path so it can be found in a long file.
import { usageError } from '../../../errors.js';
import { isJsonObject } from '../../../json.js';
import { readInputFile, type Stdin } from '../../../input/read.js';

export interface DesiredLicenseType {
  sku: string;
  name: string;
  /** Absent: the group's description is left as it is (a new type gets ""). */
  description?: string;
}

const MAX_FILE_BYTES = 64 * 1024 * 1024;
const KEYS = new Set(['sku', 'name', 'description']);
const SHOWN_PROBLEMS = 5;

/** Reads `--file` (`-` is stdin). Any problem is a usage error: nothing has been sent yet. */
export async function readDesired(file: string, stdin: Stdin): Promise<DesiredLicenseType[]> {
  return parseDesired(await readInputFile(file, stdin, MAX_FILE_BYTES), file === '-' ? 'stdin' : file);
}

export function parseDesired(text: string, source: string): DesiredLicenseType[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw usageError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  let items: unknown[];
  let prefix: string;
  if (Array.isArray(doc)) {
    items = doc;
    prefix = '';
  } else if (isJsonObject(doc) && Array.isArray(doc.license_types)) {
    const extra = Object.keys(doc).filter((k) => k !== 'license_types');
    if (extra.length > 0) throw usageError(`${source}: unknown top-level key ${JSON.stringify(extra[0])} (expected only "license_types")`);
    items = doc.license_types;
    prefix = '.license_types';
  } else {
    throw usageError(`${source} must hold a JSON array of {"sku","name","description"} or {"license_types": [...]}`);
  }

  const problems: string[] = [];
  const firstBySku = new Map<string, number>();
  const desired: DesiredLicenseType[] = [];
  items.forEach((item, i) => {
    const at = `${prefix}[${i}]`;
    const found = itemProblems(item);
    if (found.length > 0) {
      problems.push(`${at}: ${found.join(', ')}`);
      return;
    }
    const d = item as unknown as DesiredLicenseType;
    const earlier = firstBySku.get(d.sku);
    if (earlier !== undefined) {
      problems.push(`${at}: duplicate sku ${JSON.stringify(d.sku)} (also ${prefix}[${earlier}])`);
      return;
    }
    firstBySku.set(d.sku, i);
    desired.push(d.description === undefined ? { sku: d.sku, name: d.name } : { sku: d.sku, name: d.name, description: d.description });
  });
  if (problems.length > 0) {
    const more = problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : '';
    const head = problems.length === 1 ? '' : `${problems.length} problems: `;
    throw usageError(`${source}: ${head}${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more}`);
  }
  return desired;
}

function itemProblems(item: unknown): string[] {
  if (!isJsonObject(item)) return [`expected an object {"sku","name","description"}, got ${kind(item)}`];
  const problems: string[] = [];
  for (const key of Object.keys(item)) {
    if (KEYS.has(key)) continue;
    const hint = key === 'id' ? ' (apply matches license types by sku; drop ids, e.g. with jq \'map(del(.id))\')' : '';
    problems.push(`unknown key ${JSON.stringify(key)}${hint}`);
  }
  for (const key of ['sku', 'name'] as const) {
    const v = item[key];
    if (v === undefined) problems.push(`"${key}" is missing`);
    else if (typeof v !== 'string') problems.push(`"${key}" must be a string, not ${kind(v)}`);
    else if (v.trim() === '') problems.push(`"${key}" is empty`);
  }
  const description = item.description;
  if (description !== undefined && typeof description !== 'string') problems.push(`"description" must be a string, not ${kind(description)}`);
  return problems;
}

function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return 'a string';
  return `${typeof v === 'number' ? 'a number' : typeof v} ${JSON.stringify(v)}`;
}
