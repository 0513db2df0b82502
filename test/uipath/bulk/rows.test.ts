import { describe, expect, it } from 'vitest';
import { describeProblem, validateRows, type Parsed, type RowDefaults } from '../../../src/uipath/bulk/rows.js';

const defaults: RowDefaults = { account: 'acc-default', externalLicense: false, allowUnknownCodes: false };

function rows(...r: Parsed['rows']): Parsed {
  return { rows: r, problems: [] };
}

describe('validateRows', () => {
  it('normalises codes, applies the default account and external-license flag', () => {
    const { items, problems } = validateRows(
      rows(
        { line: 2, groupId: ' g1 ', codes: ['idu', 'IDU', 'acnu'] },
        { line: 3, groupId: 'g2', codes: ['PMD'], account: 'acc-2', externalLicense: true },
      ),
      { ...defaults, externalLicense: true },
    );
    expect(problems).toEqual([]);
    expect(items).toEqual([
      { line: 2, groupId: 'g1', accountId: 'acc-default', userBundleCodes: ['IDU', 'ACNU'], useExternalLicense: true },
      { line: 3, groupId: 'g2', accountId: 'acc-2', userBundleCodes: ['PMD'], useExternalLicense: true },
    ]);
  });

  it('refuses a group or account of . or .., which would climb out of the request path', () => {
    const { items, problems } = validateRows(
      rows({ line: 2, groupId: '..', codes: ['IDU'] }, { line: 3, groupId: 'g1', codes: ['IDU'], account: '.' }, { line: 4, groupId: '...', codes: ['IDU'] }),
      defaults,
    );
    expect(problems.map((p) => describeProblem('groups.csv', p))).toEqual([
      'groups.csv line 2: groupId ".." cannot be sent as a path segment: a URL reads it as a step up or in place',
      'groups.csv line 3: account "." cannot be sent as a path segment: a URL reads it as a step up or in place',
    ]);
    expect(items.map((i) => i.groupId)).toEqual(['...']);
  });

  it('reports every problem with its line, in line order', () => {
    const parsed: Parsed = {
      rows: [
        { line: 2, groupId: 'g1', codes: ['IDU'] },
        { line: 3, groupId: '', codes: ['IDU'] },
        { line: 5, groupId: 'g1', codes: ['ACNU'] },
        { line: 6, groupId: 'g3', codes: [''] },
        { line: 7, groupId: 'g4', codes: ['IDU', 'RPADEVPRONO'] },
      ],
      problems: [{ line: 4, message: 'externalLicense must be true or false, not "x"' }],
    };
    const { problems } = validateRows(parsed, defaults);
    expect(problems.map((p) => describeProblem('groups.csv', p))).toEqual([
      'groups.csv line 3: groupId is empty',
      'groups.csv line 4: externalLicense must be true or false, not "x"',
      'groups.csv line 5: group g1 already appears on line 2 (one line per group)',
      'groups.csv line 6: no bundle codes for group g3',
      'groups.csv line 7: unknown bundle code RPADEVPRONO: did you mean RPADEVPRONU? (see `licensectl group codes`; --allow-unknown-codes sends it anyway)',
    ]);
  });

  it('sends unknown codes with allowUnknownCodes', () => {
    const { items, problems } = validateRows(rows({ line: 2, groupId: 'g', codes: ['NEWCODE'] }), { ...defaults, allowUnknownCodes: true });
    expect(problems).toEqual([]);
    expect(items[0]!.userBundleCodes).toEqual(['NEWCODE']);
  });

  it('needs an account from the row, --account or the profile', () => {
    const { problems } = validateRows(rows({ line: 9, groupId: 'g', codes: ['IDU'] }), { ...defaults, account: undefined });
    expect(describeProblem('g.jsonl', problems[0]!)).toBe(
      'g.jsonl line 9: no account for group g: add an account column, pass --account <accountId>, or store one with `licensectl profile set <name> --account <id>`',
    );
  });

  it('an empty file is a problem of the file', () => {
    const { problems } = validateRows(rows(), defaults);
    expect(problems.map((p) => describeProblem('groups.csv', p))).toEqual([
      'groups.csv has no groups (expected a header groupId,codes and one line per group, or one JSON object per line)',
    ]);
  });

  it('compares GUIDs without case or braces (one group), keeps other ids as written', () => {
    const g = '0B6C6C2E-8F8E-4C52-9A51-3C1A7E0F0A11';
    const { items, problems } = validateRows(
      rows({ line: 2, groupId: g, codes: ['IDU'] }, { line: 3, groupId: `{${g.toLowerCase()}}`, codes: ['PMD'] }, { line: 4, groupId: 'Opaque-G1', codes: ['IDU'] }, { line: 5, groupId: 'opaque-g1', codes: ['IDU'] }),
      defaults,
    );
    expect(problems.map((p) => describeProblem('g.csv', p))).toEqual([`g.csv line 3: group ${g.toLowerCase()} already appears on line 2 (one line per group)`]);
    expect(items.map((i) => i.groupId)).toEqual([g.toLowerCase(), 'Opaque-G1', 'opaque-g1']);
  });

  it.each([
    ['NUL', 'g\u00001', 'groupId contains the control character U+0000'],
    ['ESC', '\u001b[31mred', 'groupId contains the control character U+001B'],
    ['C1 CSI', 'g\u009b1', 'groupId contains the control character U+009B'],
    ['a bidi override', 'g\u202e1', 'groupId contains the control character U+202E'],
    ['invalid UTF-8 (decoded as U+FFFD)', 'g\ufffd', 'groupId is not valid UTF-8 text'],
    ['201 characters', 'g'.repeat(201), 'groupId is 201 characters long (at most 200)'],
  ])('refuses an id with %s, naming its line', (_what, id, message) => {
    const { items, problems } = validateRows(rows({ line: 7, groupId: id, codes: ['IDU'] }), defaults);
    expect(items).toEqual([]);
    expect(problems).toEqual([{ line: 7, message }]);
  });

  it('merge rows: add/remove, the external flag only when said; codes and add together is refused', () => {
    const { items, problems } = validateRows(
      rows(
        { line: 2, groupId: 'g1', add: ['idu'], remove: ['PMD'] },
        { line: 3, groupId: 'g2', add: ['IDU'], externalLicense: true },
        { line: 4, groupId: 'g3', codes: ['IDU'], add: ['PMD'] },
        { line: 5, groupId: 'g4', add: ['IDU'], remove: ['idu'] },
        { line: 6, groupName: 'Developers', groupId: '', codes: ['IDU'] },
      ),
      { ...defaults, externalLicense: undefined },
    );
    expect(items).toEqual([
      { line: 2, groupId: 'g1', accountId: 'acc-default', add: ['IDU'], remove: ['PMD'] },
      { line: 3, groupId: 'g2', accountId: 'acc-default', add: ['IDU'], remove: [], useExternalLicense: true },
      { line: 6, groupId: '', groupName: 'Developers', accountId: 'acc-default', userBundleCodes: ['IDU'], useExternalLicense: false },
    ]);
    expect(problems.map((p) => p.message)).toEqual(['group g3 has codes (replace) and add/remove (merge): give one or the other', 'IDU is in both add and remove for group g4']);
  });

  it('a desired state (replaceOnly) refuses add/remove and leaves an unsaid external flag as stored', () => {
    const { items, problems } = validateRows(rows({ line: 2, groupId: 'g1', codes: ['IDU'] }, { line: 3, groupId: 'g2', add: ['IDU'] }), { ...defaults, externalLicense: undefined, replaceOnly: true });
    expect(items).toEqual([{ line: 2, groupId: 'g1', accountId: 'acc-default', userBundleCodes: ['IDU'] }]);
    expect(problems.map((p) => p.message)).toEqual(['add/remove do not belong in a desired-state file: give each group all its codes']);
  });
});
