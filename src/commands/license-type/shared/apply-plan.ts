// The apply planner: a pure function from (what the group holds, what the file wants) to the list
// of changes. License types are matched by sku; nothing here talks to the network.
import type { LicenseType, LicenseTypeFields } from '../../../api/fusion.js';
import { cell } from '../../../output/format.js';
import type { DesiredLicenseType } from './apply-file.js';

export type Action = 'create' | 'update' | 'delete' | 'unchanged';

export interface FieldChange {
  from: unknown;
  to: unknown;
}

export interface PlanItem {
  action: Action;
  sku: string;
  /** Absent for a create: the server assigns it. */
  id?: number;
  name: unknown;
  /** update only: the fields that differ. */
  changes?: Partial<Record<keyof LicenseTypeFields, FieldChange>>;
  /** create and update: the full body to send (the API's PUT needs all three fields). */
  send?: LicenseTypeFields;
}

export interface Plan {
  items: PlanItem[];
  /** In the group, not in the file, and kept because --prune was not given. */
  kept: LicenseType[];
}

const ORDER: Record<Action, number> = { create: 0, update: 1, delete: 2, unchanged: 3 };
const COMPARED = ['name', 'description'] as const;

/**
 * Creates, updates and deletes (with `prune`), then the unchanged. Within each action: the file's
 * order, and deletes by id. When the server holds one sku twice, the lowest id is the match and the
 * other is treated as not in the file.
 */
export function planApply(current: readonly LicenseType[], desired: readonly DesiredLicenseType[], opts: { prune: boolean }): Plan {
  const bySku = new Map<string, LicenseType>();
  for (const lt of [...current].sort((a, b) => a.id - b.id)) {
    if (typeof lt.sku === 'string' && !bySku.has(lt.sku)) bySku.set(lt.sku, lt);
  }
  const matched = new Set<number>();
  const items: PlanItem[] = [];
  for (const d of desired) {
    const lt = bySku.get(d.sku);
    if (!lt) {
      items.push({ action: 'create', sku: d.sku, name: d.name, send: { name: d.name, sku: d.sku, description: d.description ?? '' } });
      continue;
    }
    matched.add(lt.id);
    const changes: PlanItem['changes'] = {};
    for (const field of COMPARED) {
      const to = d[field];
      if (to !== undefined && lt[field] !== to) changes[field] = { from: lt[field], to };
    }
    if (Object.keys(changes).length === 0) {
      items.push({ action: 'unchanged', sku: d.sku, id: lt.id, name: lt.name });
    } else {
      const send = { name: d.name, sku: d.sku, description: d.description ?? lt.description ?? '' };
      items.push({ action: 'update', sku: d.sku, id: lt.id, name: d.name, changes, send });
    }
  }
  const unmatched = current.filter((lt) => !matched.has(lt.id)).sort((a, b) => a.id - b.id);
  if (opts.prune) {
    for (const lt of unmatched) items.push({ action: 'delete', sku: cell(lt.sku), id: lt.id, name: lt.name });
  }
  // A stable sort keeps the file's order inside each action.
  items.sort((a, b) => ORDER[a.action] - ORDER[b.action]);
  return { items, kept: opts.prune ? [] : unmatched };
}

export function countActions(items: readonly PlanItem[]): Record<Action, number> {
  const counts: Record<Action, number> = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const item of items) counts[item.action]++;
  return counts;
}

export function isWrite(item: PlanItem): boolean {
  return item.action !== 'unchanged';
}
