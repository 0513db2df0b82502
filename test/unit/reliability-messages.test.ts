// Every message that quotes a file or a server is one line without control characters: an error
// (reportError) and each problem of a bulk file listed on stderr (describeProblem), whatever bytes
// the file holds. A file from someone else must not be able to rewrite the admin's terminal.
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/uipath/bulk/csv.js';
import { parseJsonl } from '../../src/uipath/bulk/jsonl.js';
import { describeProblem, validateRows, type Parsed } from '../../src/uipath/bulk/rows.js';
import { ApiError, CliError, usageError } from '../../src/errors.js';
import { reportError } from '../../src/output/errors.js';
import { cell, safeText, tsvField } from '../../src/output/format.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;
const ESC = '\u001b';

function report(err: unknown, json = false): { code: number; text: string } {
  let text = '';
  const code = reportError(err, { stderr: { write: (t: string) => (text += t) }, json, verbose: false, redact: (t) => t });
  return { code, text };
}

describe('reportError', () => {
  it('prints one line without control characters, whatever the message holds', () => {
    const r = report(usageError(`desired.json is not valid JSON: Unexpected token '${ESC}', "\n${ESC}]0;pwned\u0007x" is not valid JSON`));
    expect(r.code).toBe(2);
    expect(r.text).toBe('licensectl: desired.json is not valid JSON: Unexpected token \'\', " ]0;pwnedx" is not valid JSON\n');
  });

  it('--json: one JSON object, the message cleaned the same way', () => {
    const r = report(new ApiError(`failed: ${ESC}[2Jgone\r\nsecond`, 500), true);
    expect(r.code).toBe(1);
    expect(r.text.endsWith('\n')).toBe(true);
    expect(JSON.parse(r.text)).toEqual({ error: { code: 'server_error', status: 500, message: 'failed: [2Jgone second' } });
  });

  it('an error that is not a CliError is one line too, exit 1', () => {
    const r = report(new RangeError(`Maximum call stack size exceeded\n    at x (file.js:1:1)`));
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/^licensectl: unexpected error: Maximum call stack size exceeded at x \(file\.js:1:1\) \(please report it; --verbose shows details\)\n$/);
    expect(r.text.slice(0, -1)).not.toMatch(CONTROL);
  });
});

describe('output cells', () => {
  it('drops bidi overrides and isolates from text for the terminal, and keeps right-to-left text', () => {
    // After U+202E a terminal shows the rest reversed: "gold\u202Eevil" would read "goldlive".
    expect(safeText('gold\u202Eevil\u202C')).toBe('goldevil');
    expect(safeText('a\u2066b\u2067c\u2068d\u2069e\u202Af\u202Bg\u202Dh')).toBe('abcdefgh');
    expect(safeText('\u05E9\u05DC\u05D5\u05DD \u200Fok\u200E \u0627\u061C')).toBe('\u05E9\u05DC\u05D5\u05DD \u200Fok\u200E \u0627\u061C');
    const r = report(new ApiError('license type \u202Egnp.exe\u202C not found', 404));
    expect(r.text).toBe('licensectl: license type gnp.exe not found\n');
  });


  it('escapes every control character in a TSV field, and never throws on a value too deep to print', () => {
    expect(tsvField(`a${ESC}[31mb\u0007c\u009bd\u0000`)).toBe('a\\x1b[31mb\\x07c\\x9bd\\x00');
    let deep: unknown = [];
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expect(cell(deep)).toBe('[…]');
    expect(tsvField({ a: deep })).toBe('{…}');
  });
});

/** The lines a bulk run lists on stderr for a file's problems. */
function problemLines(file: string, parsed: Parsed): string[] {
  const { problems } = validateRows(parsed, { account: 'acc', externalLicense: false, allowUnknownCodes: false });
  expect(problems.length).toBeGreaterThan(0);
  return problems.map((p) => describeProblem(file, p));
}

// These name src/bulk (group allocate --from-file): a problem other than the first is printed by
// bulk.ts as a note, not through reportError, so it must be clean when it is made.
describe('bulk file problems are one clean line each', () => {
  const cases: [string, () => Parsed][] = [
    ['a CSV header naming a column with a line break in it', () => parseCsv('groupId,codes,"col\numn"\ng1,IDU,x\n')],
    ['a CSV header naming a column with escape sequences', () => parseCsv(`groupId,codes,${ESC}]0;pwned\u0007\ng1,IDU,x\n`)],
    ['a CSV externalLicense holding escape sequences', () => parseCsv(`groupId,codes,externalLicense\ng1,IDU,${ESC}[2J\n`)],
    ['a CSV code holding escape sequences', () => parseCsv(`groupId,codes\ng1,IDU;${ESC}[2J\n`)],
    ['a JSONL line that is not JSON and holds escape sequences', () => parseJsonl(`{"groupId":"g1","codes":["IDU"]}\n${ESC}[2J{\n`)],
    ['a JSONL code holding escape sequences', () => parseJsonl(`{"groupId":"g1","codes":["IDU","\\u001b[2J"]}\n`)],
    ['a JSONL group id with a line break, seen twice', () => parseJsonl('{"groupId":"g\\n1","codes":["IDU"]}\n{"groupId":"g\\n1","codes":["IDU"]}\n')],
  ];
  for (const [what, parse] of cases) {
    it(what, () => {
      for (const line of problemLines('groups.txt', parse())) {
        expect(line.startsWith('groups.txt')).toBe(true);
        expect(line).not.toMatch(CONTROL);
      }
    });
  }
});

describe('CliError carries what reportError needs', () => {
  it('keeps code, exit code and status', () => {
    const e = new CliError('x', { code: 'bad_response', exitCode: 1 });
    expect([e.code, e.exitCode, e.status]).toEqual(['bad_response', 1, undefined]);
  });
});
