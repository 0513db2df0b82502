import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUNDLE_CODES, isKnownCode, normalizeCodes, parseCodeList } from '../../../src/uipath/catalog/codes.js';
import { editDistance, nearestCode, unknownCodeMessage, unknownCodes } from '../../../src/uipath/catalog/suggest.js';

const CODES = BUNDLE_CODES.map((c) => c.code);

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['IDU', 'IDU', 0],
    ['RPADEVPRONO', 'RPADEVPRONU', 1],
    ['PBMU', 'PMBU', 1],
    ['ACN', 'ACNU', 1],
    ['XACNU', 'ACNU', 1],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
  ])('%s → %s is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });

  it('is a metric-like function: zero only for equal strings, symmetric, bounded by the longer length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        expect(d).toBe(editDistance(b, a));
        expect(d === 0).toBe(a === b);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });
});

describe('nearestCode', () => {
  it.each([
    ['RPADEVPRONO', 'RPADEVPRONU'],
    ['rpadevprono', 'RPADEVPRONU'],
    ['ATTUN', 'ATTUNU'],
    ['CTZDEVNUU', 'CTZDEVNU'],
    ['TSTDEVPRONI', 'TSTDEVPRONU'],
    ['IDX', 'IDU'],
  ])('%s → %s', (typed, expected) => {
    expect(nearestCode(typed)).toBe(expected);
  });

  it.each(['HELLO', 'X', '', 'ZZZZZZZZZZZ'])('offers nothing for %j', (typed) => {
    expect(nearestCode(typed)).toBeUndefined();
  });

  it('finds the code itself, and any code one typo away from a catalog code is within one edit', () => {
    for (const code of CODES) expect(nearestCode(code)).toBe(code);
    const typo = fc
      .tuple(fc.constantFrom(...CODES), fc.nat(), fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'))
      .map(([code, at, ch]) => {
        const i = at % code.length;
        return code.slice(0, i) + ch + code.slice(i + 1);
      });
    fc.assert(
      fc.property(typo, (typed) => {
        const guess = nearestCode(typed);
        expect(guess).toBeDefined();
        expect(editDistance(typed, guess!)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('unknownCodeMessage', () => {
  it('suggests the nearest code and the ways out', () => {
    expect(unknownCodeMessage('RPADEVPRONO')).toBe(
      'unknown bundle code RPADEVPRONO: did you mean RPADEVPRONU? (see `licensectl group codes`; --allow-unknown-codes sends it anyway)',
    );
  });
  it('says so when nothing is close', () => {
    expect(unknownCodeMessage('NEWCODE2030')).toBe('unknown bundle code NEWCODE2030 (see `licensectl group codes`; --allow-unknown-codes sends it anyway)');
  });
  it('lists the unknown ones', () => {
    expect(unknownCodes(['IDU', 'FOO', 'ACNU', 'BAR'])).toEqual(['FOO', 'BAR']);
  });
});

describe('parseCodeList / normalizeCodes', () => {
  it('splits on commas, semicolons and spaces, upper-cases, drops empties, keeps each code once in order', () => {
    expect(parseCodeList('rpadevpronu, IDU;;idu  acnu,')).toEqual(['RPADEVPRONU', 'IDU', 'ACNU']);
    expect(parseCodeList('')).toEqual([]);
    expect(parseCodeList(' , ; ')).toEqual([]);
    expect(normalizeCodes([' idu ', 'IDU', ''])).toEqual(['IDU']);
  });

  it('normalizeCodes agrees with the Set-based definition on random lists, short and long', () => {
    const reference = (codes: string[]) => [...new Set(codes.map((c) => c.trim().toUpperCase()).filter((c) => c !== ''))];
    const parts = ['idu', 'IDU', ' Idu ', '', ' ', 'acnu', 'ACNU\t', 'pmd', 'x', 'X'];
    let x = 5;
    const next = (n: number) => (x = (x * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 2_000; i++) {
      const list = Array.from({ length: next(3) === 0 ? 33 + next(20) : next(8) }, () => parts[next(parts.length)]!);
      expect(normalizeCodes(list)).toEqual(reference(list));
    }
  });

  it('every catalog code is upper-case, so upper-casing input never hides a known code', () => {
    for (const code of CODES) {
      expect(code).toBe(code.toUpperCase());
      expect(isKnownCode(parseCodeList(code.toLowerCase())[0]!)).toBe(true);
    }
  });

  it('round-trips any list of catalog codes in any case and separator', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...CODES), fc.boolean()), { maxLength: 10 }),
        fc.constantFrom(',', ';', ' ', ', ', '\t'),
        (picked, sep) => {
          const text = picked.map(([c, lower]) => (lower ? c.toLowerCase() : c)).join(sep);
          expect(parseCodeList(text)).toEqual([...new Set(picked.map(([c]) => c))]);
        },
      ),
    );
  });
});
