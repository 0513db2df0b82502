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
});
