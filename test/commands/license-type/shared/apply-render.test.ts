import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { planApply, type Plan } from '../../../../src/commands/license-type/shared/apply-plan.js';
import { jsonDocument, keptNote, planSummary, printOutcome, printPlan } from '../../../../src/commands/license-type/shared/apply-render.js';
import type { ItemResult } from '../../../../src/commands/license-type/shared/apply-run.js';
import { Output } from '../../../../src/output/output.js';

function output(mode: 'table' | 'tsv') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const o = new Output(
    { stdout, stderr, stdin: new PassThrough(), stdoutIsTTY: mode === 'table', stderrIsTTY: mode === 'table', stdinIsTTY: false, columns: 100 },
    { json: false, stdoutColor: 0, stderrColor: 0 },
  );
  return { o, text: () => ({ out, err }) };
}

const current = [
  { id: 1, sku: 'MCOEV', name: 'Teams Phone', description: 'old' },
  { id: 2, sku: 'SPE_E5', name: 'E5', description: '' },
  { id: 3, sku: 'MCOCAP', name: 'Shared\tdevices', description: '' },
];
const plan: Plan = planApply(current, [
  { sku: 'GOLD', name: 'Gold seat' },
  { sku: 'MCOEV', name: 'Teams Phone', description: 'new' },
  { sku: 'MCOCAP', name: 'Shared\tdevices' },
], { prune: true });

describe('apply output', () => {
  it('prints the plan as action, sku, id, name rows in a pipe', () => {
    const { o, text } = output('tsv');
    printPlan(o, plan);
    expect(text().out).toBe('create\tGOLD\t\tGold seat\nupdate\tMCOEV\t1\tTeams Phone\ndelete\tSPE_E5\t2\tE5\nunchanged\tMCOCAP\t3\tShared\\tdevices\n');
  });

  it('prints marked, aligned lines with the field changes in a terminal', () => {
    const { o, text } = output('table');
    printPlan(o, plan);
    expect(text().out).toBe([
      '+ create     GOLD          Gold seat',
      '~ update     MCOEV   id 1  Teams Phone',
      '             description: "old" → "new"',
      '- delete     SPE_E5  id 2  E5',
      '= unchanged  MCOCAP  id 3  Shared devices',
      '',
    ].join('\n'));
    expect(planSummary(plan)).toBe('Plan: 1 to create, 1 to update, 1 to delete, 1 unchanged.');
  });

  it('sums up many unchanged types in one line on a terminal, lists them all in a pipe', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({ id: i + 1, sku: `S${i + 1}`, name: `n${i + 1}`, description: '' }));
    const p = planApply(many, [...many.map(({ sku, name }) => ({ sku, name })), { sku: 'NEW', name: 'x' }], { prune: false });
    const term = output('table');
    printPlan(term.o, p);
    expect(term.text().out).toBe('+ create     NEW    x\n= unchanged  12 license types (not listed)\n');
    const pipe = output('tsv');
    printPlan(pipe.o, p);
    expect(pipe.text().out.split('\n').filter(Boolean)).toHaveLength(13);
  });

  it('notes the types kept because --prune was not given', () => {
    const p = planApply(current, [], { prune: false });
    expect(keptNote(p, 'd.json')).toBe('3 license types in the group are not in d.json and are kept (--prune deletes them).');
    expect(keptNote(planApply(current.slice(0, 1), [], { prune: false }), 'd.json')).toBe('1 license type in the group is not in d.json and is kept (--prune deletes them).');
    expect(keptNote(plan, 'd.json')).toBeUndefined();
  });

  it('lists each failure, then what was done', () => {
    const results: ItemResult[] = [
      { action: 'create', sku: 'GOLD', id: null, ok: false, error: 'the token lacks role groups.instance.license_types.create (403)' },
      { action: 'update', sku: 'MCOEV', id: 1, ok: true },
      { action: 'delete', sku: 'SPE_E5', id: 2, ok: true },
    ];
    const { o, text } = output('tsv');
    printOutcome(o, results);
    expect(text().err).toBe(
      '✗ create GOLD: the token lacks role groups.instance.license_types.create (403)\n' +
      '! Applied 2 of 3 changes (1 updated, 1 deleted); 1 failed.\n',
    );
  });

  it('groups many failures that share a reason', () => {
    const results: ItemResult[] = Array.from({ length: 25 }, (_, i) => ({ action: 'create', sku: `S${i}`, id: null, ok: false, error: 'no role (403)' }));
    const { o, text } = output('tsv');
    printOutcome(o, results);
    const lines = text().err.split('\n');
    expect(lines[0]).toBe('✗ 25 changes: no role (403)');
    expect(lines[1]).toMatch(/^ {4}create S0, create S1, .*create S19, and 5 more \(--json lists every one\)$/);
    expect(lines[2]).toBe('! Applied 0 of 25 changes (nothing); 25 failed.');
  });

  it('says all went well in one line', () => {
    const { o, text } = output('tsv');
    printOutcome(o, [{ action: 'create', sku: 'A', id: 4, ok: true }, { action: 'create', sku: 'B', id: 5, ok: true }]);
    expect(text().err).toBe('✓ Applied 2 changes: 2 created.\n');
  });

  it('builds the one --json document: plan without request bodies, results as given', () => {
    const results: ItemResult[] = [{ action: 'create', sku: 'GOLD', id: 9, ok: true }];
    expect(jsonDocument(false, plan, results)).toEqual({
      dryRun: false,
      plan: [
        { action: 'create', sku: 'GOLD', name: 'Gold seat' },
        { action: 'update', sku: 'MCOEV', id: 1, name: 'Teams Phone', changes: { description: { from: 'old', to: 'new' } } },
        { action: 'delete', sku: 'SPE_E5', id: 2, name: 'E5' },
        { action: 'unchanged', sku: 'MCOCAP', id: 3, name: 'Shared\tdevices' },
      ],
      results,
    });
  });
});
