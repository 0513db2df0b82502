import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/errors.js';
import { canonicalGroupId, GroupDirectory, nearestNames } from '../../src/uipath/names.js';
import { applyEdit, diffRules, formatDiff, sameRule } from '../../src/uipath/rules.js';

const rule = (codes: string[], ext = false) => ({ userBundleCodes: codes, useExternalLicense: ext });

describe('applyEdit', () => {
  it('--add keeps the other codes and the stored external flag', () => {
    expect(applyEdit(rule(['IDU'], true), { add: ['PMD', 'IDU'] })).toEqual(rule(['IDU', 'PMD'], true));
  });
  it('--remove drops codes; --add and --remove together', () => {
    expect(applyEdit(rule(['IDU', 'PMD', 'ACNU']), { add: ['TSTNU'], remove: ['PMD'] })).toEqual(rule(['IDU', 'ACNU', 'TSTNU']));
  });
  it('--codes replaces; the flag is kept unless given', () => {
    expect(applyEdit(rule(['IDU'], true), { codes: ['PMD'] })).toEqual(rule(['PMD'], true));
    expect(applyEdit(rule(['IDU'], true), { codes: ['PMD'], external: false })).toEqual(rule(['PMD'], false));
  });
  it('no rule starts empty, external false', () => {
    expect(applyEdit(null, { add: ['IDU'] })).toEqual(rule(['IDU'], false));
  });
});

describe('diffRules and formatDiff', () => {
  it('lists added, removed and kept', () => {
    const d = diffRules(rule(['IDU', 'PMD']), rule(['IDU', 'ACNU']));
    expect(d).toEqual({ added: ['ACNU'], removed: ['PMD'], kept: ['IDU'], changed: true });
    expect(formatDiff(d)).toBe('+ACNU -PMD =IDU');
  });
  it('order does not matter; no rule equals a rule without codes', () => {
    expect(sameRule(rule(['A', 'B']), rule(['B', 'A']))).toBe(true);
    expect(sameRule(null, rule([]))).toBe(true);
    expect(sameRule(null, rule(['A']))).toBe(false);
  });
  it('sameRule says what !diffRules().changed says, on random rules (duplicates, long lists, no rule, either flag)', () => {
    let x = 99;
    const next = (n: number) => (x = (x * 1103515245 + 12345) % 2 ** 31) % n;
    const codes = () => Array.from({ length: next(4) === 0 ? 30 + next(10) : next(5) }, () => `C${next(8)}`);
    const maybeRule = () => (next(6) === 0 ? null : rule(codes(), next(2) === 1));
    for (let i = 0; i < 5_000; i++) {
      const a = maybeRule();
      // Half the time a reordered copy, so equal states come up often.
      const b = next(2) === 0 && a ? rule([...a.userBundleCodes].reverse(), next(3) === 0 ? !a.useExternalLicense : a.useExternalLicense) : maybeRule();
      expect(sameRule(a, b), JSON.stringify([a, b])).toBe(!diffRules(a, b).changed);
    }
  });
  it('a changed external flag is a change', () => {
    const d = diffRules(rule(['IDU'], false), rule(['IDU'], true));
    expect(d.changed).toBe(true);
    expect(formatDiff(d)).toBe('=IDU external: no → yes');
    expect(formatDiff(diffRules(rule(['IDU']), rule(['IDU'])))).toBe('no change (=IDU)');
  });
});

describe('group names', () => {
  const groups = [
    { id: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Developers' },
    { id: 'aaaaaaaa-0000-4000-8000-000000000002', name: 'Testers', displayName: 'QA' },
    { id: 'aaaaaaaa-0000-4000-8000-000000000003', name: 'Admins', displayName: 'qa' },
  ];
  it('a GUID in any case or braces is canonical and needs no lookup', async () => {
    let loads = 0;
    const dir = new GroupDirectory(async () => { loads++; return groups; });
    expect(await dir.resolve('{AAAAAAAA-0000-4000-8000-000000000009}')).toBe('aaaaaaaa-0000-4000-8000-000000000009');
    expect(loads).toBe(0);
    expect(canonicalGroupId('not-a-guid')).toBeUndefined();
  });
  it('a name resolves case-insensitively, loading the list once', async () => {
    let loads = 0;
    const dir = new GroupDirectory(async () => { loads++; return groups; });
    expect(await dir.resolve('developers')).toBe(groups[0]!.id);
    expect(await dir.resolve('TESTERS')).toBe(groups[1]!.id);
    expect(loads).toBe(1);
  });
  it('no match is exit 3 with the nearest names; several are exit 2 listing them', async () => {
    const dir = new GroupDirectory(async () => groups);
    const none = (await dir.resolve('Developer').catch((e: unknown) => e)) as CliError;
    expect(none.exitCode).toBe(3);
    expect(none.message).toBe('no group named "Developer" in the organization; nearest: Developers');
    const many = (await dir.resolve('QA').catch((e: unknown) => e)) as CliError;
    expect(many.exitCode).toBe(2);
    expect(many.message).toContain('2 groups are named "QA"');
    expect(many.message).toContain(groups[2]!.id);
  });
  it('nearestNames puts the closest first', () => {
    expect(nearestNames('tester', ['Admins', 'Testers', 'Tasters'])).toEqual(['Testers', 'Tasters']);
  });
});
