import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LicenseType } from '../../../../src/api/fusion.js';
import type { DesiredLicenseType } from '../../../../src/commands/license-type/shared/apply-file.js';
import { countActions, planApply } from '../../../../src/commands/license-type/shared/apply-plan.js';

const lt = (id: number, sku: unknown, name: unknown, description: unknown = ''): LicenseType => ({ id, sku, name, description });

describe('planApply', () => {
  const current = [lt(1, 'A', 'Alpha', 'first'), lt(2, 'B', 'Beta', 'second'), lt(3, 'C', 'Gamma', 'third')];

  it('creates, updates with field diffs, keeps the unchanged, and leaves the rest without --prune', () => {
    const desired: DesiredLicenseType[] = [
      { sku: 'D', name: 'Delta', description: 'new' },
      { sku: 'A', name: 'Alpha', description: 'first' },
      { sku: 'B', name: 'Beta 2', description: 'second' },
      { sku: 'E', name: 'Epsilon' },
    ];
    const plan = planApply(current, desired, { prune: false });
    expect(plan.items).toEqual([
      { action: 'create', sku: 'D', name: 'Delta', send: { name: 'Delta', sku: 'D', description: 'new' } },
      { action: 'create', sku: 'E', name: 'Epsilon', send: { name: 'Epsilon', sku: 'E', description: '' } },
      {
        action: 'update', sku: 'B', id: 2, name: 'Beta 2',
        changes: { name: { from: 'Beta', to: 'Beta 2' } },
        send: { name: 'Beta 2', sku: 'B', description: 'second' },
      },
      { action: 'unchanged', sku: 'A', id: 1, name: 'Alpha' },
    ]);
    expect(plan.kept.map((t) => t.id)).toEqual([3]);
  });

  it('deletes what the file does not list only with prune, by id', () => {
    const plan = planApply([lt(9, 'Z', 'z'), ...current], [{ sku: 'B', name: 'Beta', description: 'second' }], { prune: true });
    expect(plan.items.map((i) => [i.action, i.sku, i.id])).toEqual([
      ['delete', 'A', 1], ['delete', 'C', 3], ['delete', 'Z', 9], ['unchanged', 'B', 2],
    ]);
    expect(plan.kept).toEqual([]);
  });

  it('leaves the description alone when the file omits it, and sends the current one', () => {
    const plan = planApply(current, [{ sku: 'C', name: 'Gamma' }, { sku: 'A', name: 'Alpha!' }], { prune: false });
    expect(plan.items[0]).toEqual({
      action: 'update', sku: 'A', id: 1, name: 'Alpha!',
      changes: { name: { from: 'Alpha', to: 'Alpha!' } },
      send: { name: 'Alpha!', sku: 'A', description: 'first' },
    });
    expect(plan.items[1]!.action).toBe('unchanged');
  });

  it('an empty description in the file is a change to ""', () => {
    const plan = planApply(current, [{ sku: 'A', name: 'Alpha', description: '' }], { prune: false });
    expect(plan.items[0]!.changes).toEqual({ description: { from: 'first', to: '' } });
  });

  it('a name the server holds as an object differs from any string; a null description is sent as ""', () => {
    const plan = planApply([lt(1, 'A', { en: 'Alpha' }, null)], [{ sku: 'A', name: 'Alpha' }], { prune: false });
    expect(plan.items[0]!.changes).toEqual({ name: { from: { en: 'Alpha' }, to: 'Alpha' } });
    expect(plan.items[0]!.send).toEqual({ name: 'Alpha', sku: 'A', description: '' });
  });

  it('matches a sku held twice to the lowest id; the other is not in the file', () => {
    const plan = planApply([lt(8, 'A', 'dup'), lt(4, 'A', 'Alpha')], [{ sku: 'A', name: 'Alpha' }], { prune: true });
    expect(plan.items.map((i) => [i.action, i.id])).toEqual([['delete', 8], ['unchanged', 4]]);
  });

  it('a type whose sku is not a string never matches; prune deletes it under its JSON sku', () => {
    const plan = planApply([lt(5, 42, 'n')], [{ sku: '42', name: 'n' }], { prune: true });
    expect(plan.items.map((i) => [i.action, i.sku, i.id])).toEqual([['create', '42', undefined], ['delete', '42', 5]]);
  });

  it('an empty file plans nothing without prune, and deletes everything with it', () => {
    expect(planApply(current, [], { prune: false }).items).toEqual([]);
    expect(countActions(planApply(current, [], { prune: true }).items)).toEqual({ create: 0, update: 0, delete: 3, unchanged: 0 });
  });

  it('is idempotent: applying the plan to the current state gives a plan with no writes', () => {
    const item = fc.record({ sku: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'), name: fc.string({ minLength: 1, maxLength: 3 }), description: fc.option(fc.string({ maxLength: 3 }), { nil: undefined }) });
    const currentArb = fc.uniqueArray(fc.record({ sku: fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F', 'G'), name: fc.string({ maxLength: 3 }), description: fc.string({ maxLength: 3 }) }), { selector: (t) => t.sku, maxLength: 7 });
    fc.assert(fc.property(currentArb, fc.uniqueArray(item, { selector: (d) => d.sku, maxLength: 6 }), fc.boolean(), (rows, desired, prune) => {
      let state: LicenseType[] = rows.map((r, i) => ({ id: i + 1, ...r }));
      let nextId = state.length + 1;
      const plan = planApply(state, desired, { prune });
      for (const step of plan.items) {
        if (step.action === 'create') state.push({ id: nextId++, ...(step.send as { name: string; sku: string; description: string }) });
        if (step.action === 'update') state = state.map((t) => (t.id === step.id ? { id: t.id, ...step.send! } : t));
        if (step.action === 'delete') state = state.filter((t) => t.id !== step.id);
      }
      const again = planApply(state, desired, { prune });
      expect(again.items.every((i) => i.action === 'unchanged')).toBe(true);
      expect(again.items).toHaveLength(desired.length);
    }), { numRuns: 200 });
  });
});
