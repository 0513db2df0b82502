// CSV bulk files: a header `groupId,codes` with optional `account` and `externalLicense` columns;
// codes separated by `;` or spaces inside their field. Parsed by csv-parse (quotes, embedded
// commas and newlines, BOM) rather than by splitting lines.

import { CsvError, parse } from 'csv-parse/sync';
import { canonicalGroupId } from '../names.js';
import type { Parsed, Problem, RawRow } from './rows.js';

type Field = 'groupId' | 'groupName' | 'group' | 'codes' | 'add' | 'remove' | 'account' | 'externalLicense';

/** Header names, compared without case, spaces, dashes or underscores. */
const COLUMN_NAMES: Record<string, Field> = {
  groupid: 'groupId',
  groupname: 'groupName',
  group: 'group',
  add: 'add',
  remove: 'remove',
  codes: 'codes',
  userbundlecodes: 'codes',
  account: 'account',
  accountid: 'account',
  externallicense: 'externalLicense',
  useexternallicense: 'externalLicense',
};

/** A record's fields and the line it starts on. */
interface CsvRecord {
  fields: string[];
  line: number;
}

/** `fastPath: false` always uses csv-parse (the tests compare the two). */
export function parseCsv(input: string, opts: { fastPath?: boolean } = {}): Parsed {
  // csv-parse miscounts lines when \r\n and \n are mixed; codes never contain a carriage return.
  const text = input.replace(/\r\n?/g, '\n');
  const delimiter = sniffDelimiter(text);
  let records = opts.fastPath === false ? undefined : plainRecords(text, delimiter);
  if (!records) {
    try {
      records = csvParseRecords(text, delimiter);
    } catch (err) {
      if (err instanceof CsvError) return { rows: [], problems: [csvProblem(err)] };
      throw err;
    }
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [] };
  const columns = readHeader(header.fields, header.line);
  if ('problem' in columns) return { rows: [], problems: [columns.problem] };

  const rows: RawRow[] = [];
  const problems: Problem[] = [];
  for (const rec of body) {
    const line = rec.line;
    const get = (f: Field) => (columns.index[f] === undefined ? undefined : rec.fields[columns.index[f]!]);
    const row: RawRow = { line, groupId: get('groupId') ?? '' };
    const name = get('groupName');
    if (name !== undefined) row.groupName = name;
    const group = get('group');
    // One `group` column holds IDs (GUIDs) and names alike, as `<group>` on the command line does.
    if (group !== undefined && group !== '') {
      if (canonicalGroupId(group) !== undefined) row.groupId = group;
      else row.groupName = group;
    }
    const codes = get('codes');
    if (codes !== undefined && codes !== '') row.codes = codes.split(/[\s,;]+/);
    const add = get('add');
    if (add) row.add = add.split(/[\s,;]+/);
    const remove = get('remove');
    if (remove) row.remove = remove.split(/[\s,;]+/);
    const account = get('account');
    if (account) row.account = account;
    const external = get('externalLicense');
    if (external) {
      const flag = parseBool(external);
      if (flag === undefined) problems.push({ line, message: `externalLicense must be true or false, not "${external}"` });
      else row.externalLicense = flag;
    }
    rows.push(row);
  }
  return { rows, problems };
}

function csvParseRecords(text: string, delimiter: string): CsvRecord[] {
  const records = parse(text, { bom: true, delimiter, info: true, raw: true, skip_empty_lines: true, trim: true }) as unknown as {
    record: string[];
    info: { lines: number };
    raw: string;
  }[];
  return records.map((rec) => ({ fields: rec.record, line: startLine(rec) }));
}

/**
 * The records of a file that has nothing for csv-parse to do, or undefined: printable ASCII without
 * quotes, no line of blanks only, and every other line as many fields as the header. Then a record
 * is a line, a field what lies between separators, and what csv-parse would return is known
 * (test/uipath/bulk/parse.test.ts compares the two on generated files). Typical group files are of this
 * kind: over 1,000 of their lines, in a fresh process, csv-parse takes about 10 ms and this about 1.
 */
export function plainRecords(text: string, delimiter: string): CsvRecord[] | undefined {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (!/^[\t\n\x20\x21\x23-\x7e]*$/.test(body)) return undefined;
  const records: CsvRecord[] = [];
  let width = -1;
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    if (line.trim() === '') return undefined;
    const fields = line.split(delimiter);
    if (width === -1) width = fields.length;
    if (fields.length !== width) return undefined;
    for (let f = 0; f < fields.length; f++) fields[f] = fields[f]!.trim();
    records.push({ fields, line: i + 1 });
  }
  return records;
}

/** A header of `groupId;codes` or with tabs is taken as a semicolon- or tab-separated file (spreadsheet exports). */
export function sniffDelimiter(text: string): string {
  const first = text.replace(/^\uFEFF/, '').split('\n', 1)[0] ?? '';
  if (first.includes(',')) return ',';
  if (first.includes('\t')) return '\t';
  if (first.includes(';')) return ';';
  return ',';
}

function readHeader(names: string[], line: number): { index: Partial<Record<Field, number>> } | { problem: Problem } {
  const index: Partial<Record<Field, number>> = {};
  for (const [i, name] of names.entries()) {
    const field = COLUMN_NAMES[name.toLowerCase().replace(/[\s_-]/g, '')];
    if (!field) {
      return { problem: { line, message: `unknown column "${name}" (the header is groupId (or groupName),codes and optionally add,remove,account,externalLicense)` } };
    }
    if (index[field] !== undefined) return { problem: { line, message: `column "${name}" appears twice` } };
    index[field] = i;
  }
  const ids = (['groupId', 'groupName', 'group'] as const).filter((f) => index[f] !== undefined);
  // groupId and groupName side by side are fine (each row fills one); `group` already holds either.
  if (index.group !== undefined && ids.length > 1) return { problem: { line, message: `give the column group or ${ids.filter((f) => f !== 'group').join(' and ')}, not both` } };
  const missing = [...(ids.length === 0 ? ['groupId'] : []), ...(index.codes === undefined && index.add === undefined && index.remove === undefined ? ['codes'] : [])];
  if (missing.length > 0) {
    return { problem: { line, message: `the header lacks ${missing.join(' and ')} (expected groupId,codes[,account,externalLicense])` } };
  }
  return { index };
}

/** csv-parse reports the line a record ends on; a quoted field may span lines, so count back. */
function startLine(rec: { info: { lines: number }; raw: string }): number {
  const own = rec.raw.replace(/^(?:[ \t]*\n)+/, '').replace(/\n$/, '');
  return rec.info.lines - (own.match(/\n/g)?.length ?? 0);
}

function parseBool(value: string): boolean | undefined {
  const v = value.toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

function csvProblem(err: CsvError): Problem {
  const e = err as CsvError & { lines?: number; record?: unknown[]; columns?: unknown };
  const line = typeof e.lines === 'number' ? e.lines : 0;
  switch (err.code) {
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return { line, message: 'the line has a different number of fields than the header (quote a field that contains the separator)' };
    case 'CSV_QUOTE_NOT_CLOSED':
      return { line, message: 'a quoted field is never closed' };
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_CLOSING_QUOTE':
      return { line, message: 'a quote inside a field (quote the whole field and double the quotes inside it)' };
    default:
      return { line, message: `not valid CSV: ${err.message.replace(/\s+(?:at|on) line \d+.*$/, '')}` };
  }
}
