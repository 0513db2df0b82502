import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUNDLE_CODES, normalizeCodes } from '../../../src/uipath/catalog/codes.js';
import { parseCsv, plainRecords, sniffDelimiter } from '../../../src/uipath/bulk/csv.js';
import { detectFormat, parseGroups } from '../../../src/uipath/bulk/input.js';
import { parseJsonl } from '../../../src/uipath/bulk/jsonl.js';
import type { RawRow } from '../../../src/uipath/bulk/rows.js';

const CODES = BUNDLE_CODES.map((c) => c.code);

describe('parseCsv', () => {
  it('reads groupId,codes with codes separated by ; or spaces, and the line each record starts on', () => {
    const text = 'groupId,codes\ng1,RPADEVPRONU;IDU\n\ng2,"ACNU IDU"\ng3,  idu ; acnu  \n';
    expect(parseCsv(text)).toEqual({
      rows: [
        { line: 2, groupId: 'g1', codes: ['RPADEVPRONU', 'IDU'] },
        { line: 4, groupId: 'g2', codes: ['ACNU', 'IDU'] },
        { line: 5, groupId: 'g3', codes: ['idu', 'acnu'] },
      ],
      problems: [],
    });
  });

  it('handles quotes, commas inside quotes, a quoted field over two lines, CRLF and a BOM', () => {
    const text = '\uFEFFgroupId,codes,account,externalLicense\r\n"a,b","IDU\r\nACNU",acc-1,TRUE\r\n"say ""hi""",IDU,,false\r\nplain,IDU,,\r\n';
    expect(parseCsv(text)).toEqual({
      rows: [
        { line: 2, groupId: 'a,b', codes: ['IDU', 'ACNU'], account: 'acc-1', externalLicense: true },
        { line: 4, groupId: 'say "hi"', codes: ['IDU'], externalLicense: false },
        { line: 5, groupId: 'plain', codes: ['IDU'] },
      ],
      problems: [],
    });
  });

  it('accepts header names in any case and with separators, and semicolon-separated files', () => {
    expect(parseCsv('Group ID;Codes;Account_Id\ng1;IDU ACNU;acc\n').rows).toEqual([{ line: 2, groupId: 'g1', codes: ['IDU', 'ACNU'], account: 'acc' }]);
    expect(parseCsv('codes\tgroupid\nIDU\tg1\n').rows).toEqual([{ line: 2, groupId: 'g1', codes: ['IDU'] }]);
  });

  it.each([
    ['groupId,codes\ng1,IDU\ng2,IDU,extra\n', 3, 'the line has a different number of fields than the header (quote a field that contains the separator)'],
    ['groupId,codes\ng1,IDU\ng2,"IDU\n', 3, 'a quoted field is never closed'],
    ['groupId,codes\ng1,ID"U"\n', 2, 'a quote inside a field (quote the whole field and double the quotes inside it)'],
    ['groupId,codez\ng1,IDU\n', 1, 'unknown column "codez" (the header is groupId (or groupName),codes and optionally add,remove,account,externalLicense)'],
    ['groupId,account\ng1,a\n', 1, 'the header lacks codes (expected groupId,codes[,account,externalLicense])'],
    ['groupId,codes,GroupId\ng1,IDU,g\n', 1, 'column "GroupId" appears twice'],
    ['\n\ngroupId,codes,externalLicense\ng1,IDU,yes\n', 4, 'externalLicense must be true or false, not "yes"'],
  ])('names the line of a problem: %j', (text, line, message) => {
    expect(parseCsv(text).problems).toEqual([{ line, message }]);
  });

  it('an empty file or a header alone has no rows and no problems (validation says "no groups")', () => {
    expect(parseCsv('')).toEqual({ rows: [], problems: [] });
    expect(parseCsv('groupId,codes\n\n')).toEqual({ rows: [], problems: [] });
  });

  // The shortcut for files with nothing to unquote must return exactly what csv-parse returns.
  it('property: the plain-file shortcut reads every file it takes exactly as csv-parse does', () => {
    const piece = fc.constantFrom('g1', 'a-b', 'IDU', 'ACNU', 'true', 'x', '', ' ', '  ', '\t', ',', ';', '"', '""', '\u00a0', '\uFEFF', 'é', '\v', '\r');
    const field = fc.array(piece, { maxLength: 3 }).map((p) => p.join(''));
    const file = fc
      .record({
        delimiter: fc.constantFrom(',', ';', '\t'),
        header: fc.constantFrom(['groupId', 'codes'], ['groupId', 'codes', 'account'], [' codes ', 'groupid', 'externalLicense'], ['groupId'], ['\uFEFFgroupId', 'codes']),
        // Mostly lines of the header's width, some of any width, some blank.
        lines: fc.array(fc.oneof(
          { weight: 6, arbitrary: fc.array(field, { minLength: 2, maxLength: 2 }) },
          { weight: 2, arbitrary: fc.array(field, { maxLength: 4 }) },
          { weight: 1, arbitrary: fc.constantFrom([], ['  '], ['\n']) },
        ), { maxLength: 6 }),
        nl: fc.constantFrom('\n', '\r\n'),
      })
      .map(({ delimiter, header, lines, nl }) => [header, ...lines].map((f) => f.join(delimiter)).join(nl) + nl);
    let shortcut = 0;
    fc.assert(
      fc.property(file, (text) => {
        const normalized = text.replace(/\r\n?/g, '\n');
        if (plainRecords(normalized, sniffDelimiter(normalized)) !== undefined) shortcut++;
        expect(parseCsv(text)).toEqual(parseCsv(text, { fastPath: false }));
      }),
      { numRuns: 1000 },
    );
    // Not vacuous: a good share of the generated files took the shortcut.
    expect(shortcut).toBeGreaterThan(100);
  });

  // Any group ids (with separators, quotes, spaces and newlines inside), written the way a
  // spreadsheet writes CSV, with blank lines in between, read back with the right line numbers.
  it('property: what a CSV writer produces is read back with the right start lines', () => {
    const idChar = fc.constantFrom(...'abcXYZ019-_/,;"\' \n');
    const groupId = fc
      .tuple(fc.constantFrom(...'abcdef0123'), fc.array(idChar, { maxLength: 10 }), fc.constantFrom(...'ghij4567'))
      .map(([a, mid, z]) => a + mid.join('') + z);
    const row = fc.record({
      groupId,
      codes: fc.array(fc.constantFrom(...CODES), { minLength: 1, maxLength: 4 }),
      sep: fc.constantFrom(';', ' ', '; ', '  '),
      account: fc.option(fc.stringMatching(/^[a-f0-9-]{1,12}$/), { nil: undefined }),
      external: fc.option(fc.boolean(), { nil: undefined }),
      blanksBefore: fc.nat(2),
    });
    const spec = fc.record({
      rows: fc.array(row, { maxLength: 8 }),
      withAccount: fc.boolean(),
      withExternal: fc.boolean(),
      order: fc.nat(100),
      crlf: fc.boolean(),
    });
    fc.assert(
      fc.property(spec, ({ rows, withAccount, withExternal, order, crlf }) => {
        const columns = ['groupId', 'codes', ...(withAccount ? ['account'] : []), ...(withExternal ? ['externalLicense'] : [])];
        const rotated = [...columns.slice(order % columns.length), ...columns.slice(0, order % columns.length)];
        const quote = (v: string) => (/[",\n;\t ]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
        const nl = crlf ? '\r\n' : '\n';
        let text = rotated.join(',') + nl;
        let line = 2;
        const expected: RawRow[] = [];
        for (const r of rows) {
          text += nl.repeat(r.blanksBefore);
          line += r.blanksBefore;
          const values: Record<string, string> = {
            groupId: r.groupId,
            codes: r.codes.join(r.sep),
            account: r.account ?? '',
            externalLicense: r.external === undefined ? '' : String(r.external),
          };
          const record = rotated.map((c) => quote(values[c]!)).join(',');
          text += record.replace(/\n/g, nl) + nl;
          const want: RawRow = { line, groupId: r.groupId, codes: r.codes };
          if (withAccount && r.account) want.account = r.account;
          if (withExternal && r.external !== undefined) want.externalLicense = r.external;
          expected.push(want);
          line += 1 + (record.match(/\n/g)?.length ?? 0);
        }
        const parsed = parseCsv(text);
        expect(parsed.problems).toEqual([]);
        expect(parsed.rows.map((r) => ({ ...r, codes: normalizeCodes(r.codes ?? []) }))).toEqual(
          expected.map((r) => ({ ...r, codes: normalizeCodes(r.codes ?? []) })),
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseJsonl', () => {
  it('reads one object per line, skipping blank lines, with line numbers', () => {
    const text = '{"groupId":"g1","codes":["IDU"]}\n\n{"groupId":"g2","codes":["acnu","IDU"],"account":"acc","externalLicense":true}\r\n';
    expect(parseJsonl(text)).toEqual({
      rows: [
        { line: 1, groupId: 'g1', codes: ['IDU'] },
        { line: 3, groupId: 'g2', codes: ['acnu', 'IDU'], account: 'acc', externalLicense: true },
      ],
      problems: [],
    });
  });

  it.each([
    ['{"groupId":"g1","codes":["IDU"]}\n{"groupId":"g2",\n', 2, /^not valid JSON: /],
    ['\n["g1"]\n', 2, /^expected a JSON object like/],
    ['{"groupId":"g1","codes":"IDU"}', 1, /^"codes" must be an array of strings/],
    ['{"groupId":7,"codes":["IDU"]}', 1, /^"groupId" must be a string$/],
    ['{"groupId":"g","codes":["IDU"],"externalLicence":true}', 1, /^unknown key "externalLicence"/],
    ['{"groupId":"g","codes":["IDU"],"externalLicense":"true"}', 1, /^"externalLicense" must be true or false$/],
    ['{"groupId":"g","codes":["IDU"],"account":""}', 1, /^"account" must be a non-empty string$/],
  ])('names the line of a problem: %j', (text, line, message) => {
    const { problems } = parseJsonl(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBe(line);
    expect(problems[0]!.message).toMatch(message);
  });

  it('property: objects written one per line (blank lines between) come back with their line numbers', () => {
    const row = fc.record({
      groupId: fc.string({ minLength: 1, maxLength: 12 }),
      codes: fc.array(fc.constantFrom(...CODES), { maxLength: 4 }),
      account: fc.option(fc.string({ minLength: 1, maxLength: 8 }).filter((s) => s.trim() !== ''), { nil: undefined }),
      externalLicense: fc.option(fc.boolean(), { nil: undefined }),
      blanksBefore: fc.nat(2),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 10 }), fc.constantFrom('\n', '\r\n'), (rows, nl) => {
        let text = '';
        let line = 1;
        const expected: RawRow[] = [];
        for (const { blanksBefore, ...r } of rows) {
          text += nl.repeat(blanksBefore);
          line += blanksBefore;
          const obj = Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));
          text += JSON.stringify(obj) + nl;
          expected.push({ line, ...(obj as Omit<RawRow, 'line'>) });
          line++;
        }
        expect(parseJsonl(text)).toEqual({ rows: expected, problems: [] });
      }),
      { numRuns: 200 },
    );
  });
});

describe('format detection', () => {
  it.each([
    ['groups.csv', '{"x":1}', 'csv'],
    ['groups.JSONL', 'groupId,codes', 'jsonl'],
    ['groups.ndjson', '', 'jsonl'],
    ['-', '  {"groupId":"g","codes":["IDU"]}', 'jsonl'],
    ['groups', 'groupId,codes', 'csv'],
  ] as const)('%s with %j is %s', (file, text, format) => {
    expect(detectFormat(file, text)).toBe(format);
  });

  it('parseGroups dispatches on the format', () => {
    expect(parseGroups('-', '{"groupId":"g","codes":["IDU"]}').rows).toEqual([{ line: 1, groupId: 'g', codes: ['IDU'] }]);
    expect(parseGroups('x.csv', 'groupId,codes\ng,IDU').rows).toEqual([{ line: 2, groupId: 'g', codes: ['IDU'] }]);
  });
});

describe('group names, merge columns and JSON arrays', () => {
  const G = '0b6c6c2e-8f8e-4c52-9a51-3c1a7e0f0a11';
  it('CSV: a `group` column holds IDs (GUIDs) and names; add/remove columns; codes then optional', () => {
    expect(parseCsv(`group,add,remove\n${G},IDU,\nDevelopers,,PMD;ACNU\n`)).toEqual({
      rows: [
        { line: 2, groupId: G, add: ['IDU'] },
        { line: 3, groupId: '', groupName: 'Developers', remove: ['PMD', 'ACNU'] },
      ],
      problems: [],
    });
  });

  it('CSV: groupId and groupName side by side; neither column is a header problem', () => {
    expect(parseCsv('groupId,groupName,codes\ng1,,IDU\n,Ops,PMD\n').rows).toEqual([
      { line: 2, groupId: 'g1', groupName: '', codes: ['IDU'] },
      { line: 3, groupId: '', groupName: 'Ops', codes: ['PMD'] },
    ]);
    expect(parseCsv('codes\nIDU\n').problems[0]!.message).toMatch(/^the header lacks groupId/);
    expect(parseCsv('group,groupId,codes\n').problems[0]!.message).toBe('give the column group or groupId, not both');
  });

  it('JSONL: groupName and add/remove keys; a JSON array is read item by item, problems placed by index', () => {
    expect(parseJsonl('{"groupName":"Ops","add":["IDU"]}').rows).toEqual([{ line: 1, groupId: '', groupName: 'Ops', add: ['IDU'] }]);
    expect(parseGroups('d.json', `[{"group":"${G}","codes":["IDU"]},{"groupId":"g2"}]`)).toEqual({
      rows: [{ line: 1, at: '[0]', groupId: G, codes: ['IDU'] }],
      problems: [{ line: 2, at: '[1]', message: '"codes" must be an array of strings, e.g. ["RPADEVPRONU","IDU"]' }],
    });
  });
});
