// Property-based tests of everything that parses user input: option values, ids, groups and DRaaS
// instances, bundle code lists, the apply desired-file and the bulk CSV/JSONL files. Whatever the
// input, a parser returns a value that satisfies its contract or throws a usage error; it never
// crashes, and line numbers point at the right line.
import { InvalidArgumentError } from 'commander';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildUrl } from '../../src/api/url.js';
import { BUNDLE_CODES, parseCodeList } from '../../src/uipath/catalog/codes.js';
import { fraction, intInRange, nonEmpty, nonNegativeNumber, positiveInt } from '../../src/commands/define.js';
import { parseDesired } from '../../src/commands/license-type/shared/apply-file.js';
import { checkTarget } from '../../src/commands/license-type/shared/target.js';
import type { Context } from '../../src/context.js';
import { parseCsv } from '../../src/uipath/bulk/csv.js';
import { parseGroups } from '../../src/uipath/bulk/input.js';
import { parseJsonl } from '../../src/uipath/bulk/jsonl.js';
import { describeProblem, validateRows } from '../../src/uipath/bulk/rows.js';
import { CliError } from '../../src/errors.js';

const RUNS = { numRuns: 300 };
/** Any text: ASCII-heavy strings, full Unicode (lone surrogates included), and strings built from the characters parsers care about. */
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('0', '1', '9', '-', '+', '.', 'e', 'x', ' ', '\t', '\n', ',', ';', '"', '{', '}', '[', ']', '/', '\\', '\u0000', '\u001b') }),
);

/** Runs `fn`; a thrown error must be commander's InvalidArgumentError (commander turns it into exit 2). */
function parsed<T>(fn: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return { ok: false };
  }
}

/** Runs `fn`; a thrown error must be a usage CliError (exit 2) with a message on one line. */
function usage<T>(fn: () => T): { ok: true; value: T } | { ok: false; message: string } {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).code).toBe('usage');
    expect((err as CliError).exitCode).toBe(2);
    return { ok: false, message: (err as CliError).message };
  }
}

describe('option value parsers (define.ts)', () => {
  it('positiveInt: a decimal safe integer >= 1, or a usage error', () => {
    fc.assert(fc.property(anyText, (s) => {
      const r = parsed(() => positiveInt(s));
      if (r.ok) {
        expect(s).toMatch(/^\d+$/);
        expect(Number.isSafeInteger(r.value) && r.value >= 1).toBe(true);
        expect(r.value).toBe(Number(s));
      } else {
        expect(/^\d+$/.test(s) && Number(s) >= 1 && Number.isSafeInteger(Number(s))).toBe(false);
      }
    }), RUNS);
    fc.assert(fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (n) => {
      expect(positiveInt(String(n))).toBe(n);
    }), RUNS);
  });

  it('intInRange: only decimal integers within the range', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), anyText, (a, b, s) => {
      const [min, max] = a <= b ? [a, b] : [b, a];
      const r = parsed(() => intInRange(min, max)(s));
      if (r.ok) {
        expect(s).toMatch(/^\d+$/);
        expect(r.value >= min && r.value <= max && Number.isInteger(r.value)).toBe(true);
      }
      const inside = min + Math.floor((max - min) / 2);
      expect(intInRange(min, max)(String(inside))).toBe(inside);
    }), RUNS);
  });

  it('fraction and nonNegativeNumber: a finite number in range, or a usage error', () => {
    fc.assert(fc.property(fc.oneof(anyText, fc.double().map(String)), (s) => {
      const f = parsed(() => fraction(s));
      if (f.ok) expect(Number.isFinite(f.value) && f.value >= 0 && f.value <= 1).toBe(true);
      const n = parsed(() => nonNegativeNumber(s));
      if (n.ok) expect(Number.isFinite(n.value) && n.value >= 0).toBe(true);
    }), RUNS);
  });

  it('nonEmpty: the value itself when it has a non-space character', () => {
    fc.assert(fc.property(anyText, (s) => {
      const r = parsed(() => nonEmpty(s));
      expect(r.ok).toBe(s.trim() !== '');
      if (r.ok) expect(r.value).toBe(s);
    }), RUNS);
  });
});

/** A Context with no profile: the flags are all there is. */
function fakeContext(): Context {
  return { resolveProfile: () => ({ name: undefined, profile: undefined, baseUrl: 'https://fusion.example.com/base' }) } as unknown as Context;
}

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('license-type --instance and --group (target.ts)', () => {
  const instanceText = fc.oneof(anyText, fc.constantFrom('.', '..', 'a/b', '%2e%2e', '..\\x', ' x', 'x ', 'draas1', 'DR-aaS_2', 'x?y', 'x#y', '%'));
  const groupText = fc.oneof(anyText, fc.uuid(), fc.uuid().map((u) => u.toUpperCase()), fc.uuid().map((u) => `${u}/..`), fc.uuid().map((u) => ` ${u}`));

  it('accepts a group UUID or a name to look up, and an instance only when it stays one path segment', () => {
    fc.assert(fc.property(instanceText, groupText, (instance, group) => {
      const r = usage(() => checkTarget(fakeContext(), { instance, group }));
      if (!r.ok) return;
      expect(r.value.group).toBe(group);
      // A name is only ever sent as a query parameter; the UUID it stands for goes into the path.
      if (!UUID_SHAPE.test(group)) {
        expect(group.trim()).not.toBe('');
        return;
      }
      // Whatever was accepted, the URL has exactly the API's segments: nothing climbs out of the path.
      const url = buildUrl('https://fusion.example.com/base', ['api', 'v01', 'draas', instance, 'groups', group, 'license_types', 7]);
      expect(url.origin).toBe('https://fusion.example.com');
      expect(url.search).toBe('');
      expect(url.hash).toBe('');
      const segments = url.pathname.split('/').slice(1).map(decodeURIComponent);
      expect(segments).toEqual(['base', 'api', 'v01', 'draas', instance, 'groups', group, 'license_types', '7']);
    }), RUNS);
  });

  it('accepts every UUID, in either case, with a plain instance name', () => {
    fc.assert(fc.property(fc.uuid(), fc.boolean(), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,30}$/), (uuid, upper, instance) => {
      fc.pre(instance !== '.' && instance !== '..');
      const group = upper ? uuid.toUpperCase() : uuid;
      expect(checkTarget(fakeContext(), { instance, group })).toMatchObject({ instance, group });
    }), RUNS);
  });

  it('names the missing flag when neither the flag nor a profile gives it', () => {
    expect(usage(() => checkTarget(fakeContext(), { group: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' }))).toMatchObject({ ok: false, message: expect.stringContaining('--instance <name>') });
    expect(usage(() => checkTarget(fakeContext(), { instance: 'd' }))).toMatchObject({ ok: false, message: expect.stringContaining('--group <uuid>') });
  });
});

describe('bundle code lists (group allocate --codes)', () => {
  it('any text gives upper-case codes, each once, without separators, and parsing again changes nothing', () => {
    fc.assert(fc.property(anyText, (text) => {
      const codes = parseCodeList(text);
      expect(new Set(codes).size).toBe(codes.length);
      for (const code of codes) {
        expect(code).not.toBe('');
        expect(code).not.toMatch(/[\s,;]/);
        expect(code).toBe(code.toUpperCase());
      }
      expect(parseCodeList(codes.join(','))).toEqual(codes);
    }), RUNS);
  });

  it('catalog codes in any case, with any separators, come out as typed first, upper-cased', () => {
    const catalog = BUNDLE_CODES.map((c) => c.code);
    const sep = fc.constantFrom(',', ';', ' ', ', ', ' ;\t', ',,', '\n');
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...catalog), fc.boolean(), sep), { maxLength: 12 }), fc.constantFrom('', ' ', ','), (parts, lead) => {
      const text = lead + parts.map(([c, lower, s]) => (lower ? c.toLowerCase() : c) + s).join('');
      expect(parseCodeList(text)).toEqual([...new Set(parts.map(([c]) => c))]);
    }), RUNS);
  });
});

describe('the apply desired-file (apply-file.ts)', () => {
  /** Checks what parseDesired promises for one text. */
  function check(text: string): void {
    const r = usage(() => parseDesired(text, 'desired.json'));
    if (!r.ok) {
      expect(r.message.startsWith('desired.json')).toBe(true);
      return;
    }
    const skus = new Set<string>();
    for (const d of r.value) {
      expect(Object.keys(d).every((k) => ['sku', 'name', 'description'].includes(k))).toBe(true);
      expect(typeof d.sku === 'string' && d.sku.trim() !== '').toBe(true);
      expect(typeof d.name === 'string' && d.name.trim() !== '').toBe(true);
      if ('description' in d) expect(typeof d.description).toBe('string');
      expect(skus.has(d.sku)).toBe(false);
      skus.add(d.sku);
    }
  }

  it('any JSON value: a valid desired list or a usage error', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => check(JSON.stringify(v))), RUNS);
  });

  it('any text, JSON or not: a valid desired list or a usage error', () => {
    fc.assert(fc.property(anyText, check), RUNS);
  });

  it('near-valid files (every kind of wrong key and value): a valid desired list or a usage error', () => {
    const value = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('', ' ', 'gold'), fc.jsonValue({ maxDepth: 2 }));
    const item = fc.oneof(
      fc.record({ sku: value, name: value, description: value, id: value, extra: value }, { requiredKeys: [] }),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const doc = fc.oneof(fc.array(item, { maxLength: 8 }), fc.record({ license_types: fc.array(item, { maxLength: 8 }), other: value }, { requiredKeys: ['license_types'] }));
    fc.assert(fc.property(doc, (d) => check(JSON.stringify(d))), RUNS);
  });

  it('a valid file comes back as written (description kept only when given)', () => {
    const entry = fc.record({ name: fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''), description: fc.option(fc.string(), { nil: undefined }) });
    fc.assert(fc.property(fc.uniqueArray(fc.string({ minLength: 1 }).filter((s) => s.trim() !== ''), { maxLength: 10 }), fc.array(entry, { minLength: 10, maxLength: 10 }), fc.boolean(), (skus, entries, wrapped) => {
      const desired = skus.map((sku, i) => (entries[i]!.description === undefined ? { sku, name: entries[i]!.name } : { sku, name: entries[i]!.name, description: entries[i]!.description }));
      expect(parseDesired(JSON.stringify(wrapped ? { license_types: desired } : desired), 'f')).toEqual(desired);
    }), RUNS);
  });
});

describe('bulk files (src/bulk)', () => {
  const lineCount = (text: string) => text.split(/\r\n|\r|\n/).length;

  it('any text, as CSV or JSONL: rows and problems, never a crash, every line number inside the file', () => {
    fc.assert(fc.property(anyText, fc.constantFrom('g.csv', 'g.jsonl', '-'), (text, file) => {
      const parsed = parseGroups(file, text);
      const lines = lineCount(text);
      for (const p of parsed.problems) expect(p.line >= 0 && p.line <= lines).toBe(true);
      let previous = 0;
      for (const row of parsed.rows) {
        expect(row.line > previous && row.line <= lines).toBe(true);
        previous = row.line;
      }
      const { items, problems } = validateRows(parsed, { account: 'acc', externalLicense: false, allowUnknownCodes: false });
      for (const p of problems) expect(describeProblem(file, p)).not.toContain('\n');
      for (const item of items) expect(item.groupId.trim() !== '' && item.userBundleCodes!.length > 0).toBe(true);
    }), RUNS);
  });

  const groupId = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,11}$/);
  const codes = fc.uniqueArray(fc.constantFrom(...BUNDLE_CODES.map((c) => c.code)), { minLength: 1, maxLength: 4 });

  it('CSV: each row carries the line its record starts on, with blank lines, CRLF and quoted multi-line fields', () => {
    const record = fc.record({ groupId, codes, quoted: fc.boolean(), blanksBefore: fc.integer({ min: 0, max: 2 }), external: fc.option(fc.boolean(), { nil: undefined }) });
    fc.assert(fc.property(fc.uniqueArray(record, { minLength: 1, maxLength: 8, selector: (r) => r.groupId }), fc.boolean(), (records, crlf) => {
      const lines: string[] = ['groupId,codes,externalLicense'];
      const expected: { line: number; groupId: string; codes: string[]; externalLicense?: boolean }[] = [];
      for (const r of records) {
        for (let i = 0; i < r.blanksBefore; i++) lines.push('');
        const field = r.quoted ? `"${r.codes.join('\n')}"` : r.codes.join(';');
        expected.push({ line: lines.length + 1, groupId: r.groupId, codes: r.codes, ...(r.external === undefined ? {} : { externalLicense: r.external }) });
        lines.push(...`${r.groupId},${field},${r.external ?? ''}`.split('\n'));
      }
      const parsed = parseCsv(lines.join(crlf ? '\r\n' : '\n') + '\n');
      expect(parsed.problems).toEqual([]);
      expect(parsed.rows.map((r) => ({ line: r.line, groupId: r.groupId, codes: (r.codes ?? []).filter((c) => c !== ''), ...(r.externalLicense === undefined ? {} : { externalLicense: r.externalLicense }) }))).toEqual(expected);
    }), RUNS);
  });

  it('CSV: a bad externalLicense is reported on its own line', () => {
    fc.assert(fc.property(fc.uniqueArray(groupId, { minLength: 2, maxLength: 8 }), fc.nat(), fc.integer({ min: 0, max: 3 }), (ids, pick, blanks) => {
      const bad = pick % ids.length;
      const lines = ['groupId,codes,externalLicense', ...Array<string>(blanks).fill('')];
      let badLine = 0;
      ids.forEach((id, i) => {
        if (i === bad) badLine = lines.length + 1;
        lines.push(`${id},IDU,${i === bad ? 'maybe' : 'false'}`);
      });
      expect(parseCsv(lines.join('\n')).problems).toEqual([{ line: badLine, message: 'externalLicense must be true or false, not "maybe"' }]);
    }), RUNS);
  });

  it('JSONL: each row and each problem carries its own line, blank lines counted', () => {
    const line = fc.oneof(
      fc.record({ groupId, codes }).map((o) => ({ text: JSON.stringify(o), row: o as { groupId: string; codes: string[] } | undefined })),
      fc.constantFrom('', '   ').map((text) => ({ text, row: undefined, blank: true })),
      fc.constantFrom('{', '[1]', '{"groupId": 1, "codes": []}', 'null', '{"groupId":"x","codes":["IDU"],"colour":1}').map((text) => ({ text, row: undefined })),
    );
    fc.assert(fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), fc.boolean(), (entries, crlf) => {
      const parsed = parseJsonl(entries.map((e) => e.text).join(crlf ? '\r\n' : '\n'));
      const rows = entries.flatMap((e, i) => (e.row ? [{ line: i + 1, groupId: e.row.groupId, codes: e.row.codes }] : []));
      const bad = entries.flatMap((e, i) => (!e.row && !('blank' in e) ? [i + 1] : []));
      expect(parsed.rows).toEqual(rows);
      expect(parsed.problems.map((p) => p.line)).toEqual(bad);
    }), RUNS);
  });
});
