// The plan of `group apply`: a pure function from (the rules the groups hold, the desired state of
// the file) to the list of changes. Nothing here talks to the network.
//
//   group in the file?   holds a rule?   rule as the file asks?   action
//   yes                  no              -                        create  (PUT)
//   yes                  yes             yes                      unchanged (nothing sent)
//   yes                  yes             no                       update  (PUT)
//   no                   yes             -                        revoke (DELETE) with --prune; else kept
//
// The file's codes replace the group's; its externalLicense, when a row gives it, sets the flag,
// else the flag stays as stored (false for a new rule). Codes compare as sets.

import type { GroupRule } from '../../../api/uipath-rules.js';
import { applyEdit, sameRule, type RuleEdit } from '../../../uipath/rules.js';

export type GroupAction = 'create' | 'update' | 'revoke' | 'unchanged';

export interface DesiredGroup {
  accountId: string;
  groupId: string;
  edit: RuleEdit;
}

/** A group holding a rule that the file does not mention (from the paged list). */
export interface OtherGroup {
  accountId: string;
  groupId: string;
  name: string;
  rule: GroupRule;
}

export interface GroupPlanItem {
  action: GroupAction;
  accountId: string;
  groupId: string;
  before: GroupRule | null;
  after: GroupRule | null;
}

export interface GroupPlan {
  items: GroupPlanItem[];
  /** Groups with a rule, not in the file, kept because --prune was not given. */
  kept: OtherGroup[];
}

const ORDER: Record<GroupAction, number> = { create: 0, update: 1, revoke: 2, unchanged: 3 };

/** Creates, updates, revokes (with `prune`), then the unchanged; the file's order within each. */
export function planGroupApply(desired: readonly DesiredGroup[], current: (g: DesiredGroup) => GroupRule | null, others: readonly OtherGroup[], opts: { prune: boolean }): GroupPlan {
  const items: GroupPlanItem[] = desired.map((d) => {
    const before = current(d);
    const after = applyEdit(before, d.edit);
    const action: GroupAction = before === null ? 'create' : sameRule(before, after) ? 'unchanged' : 'update';
    return { action, accountId: d.accountId, groupId: d.groupId, before, after };
  });
  if (opts.prune) for (const o of others) items.push({ action: 'revoke', accountId: o.accountId, groupId: o.groupId, before: o.rule, after: null });
  // A stable sort keeps the file's order inside each action.
  items.sort((a, b) => ORDER[a.action] - ORDER[b.action]);
  return { items, kept: opts.prune ? [] : [...others] };
}

export function countActions(items: readonly GroupPlanItem[]): Record<GroupAction, number> {
  const counts: Record<GroupAction, number> = { create: 0, update: 0, revoke: 0, unchanged: 0 };
  for (const item of items) counts[item.action]++;
  return counts;
}
