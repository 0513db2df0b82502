// Deciding a group's new rule from its current one, and describing the difference. Pure functions:
// `group allocate`, `group apply`, bulk runs and `group undo` all compare rules through these.
//
//   edit                     new codes                         useExternalLicense
//   --codes C (replace)      C                                 --[no-]external-license, else as stored (false without a rule)
//   --add A --remove R       stored + A (appended) - R         same
//   nothing to change        stored                            same
//
// Codes compare as sets, upper-case; a rule with no codes and no rule at all are the same state.

import type { GroupRule } from '../api/uipath-rules.js';

export interface RuleEdit {
  /** Replace the codes with these. */
  codes?: readonly string[];
  add?: readonly string[];
  remove?: readonly string[];
  /** Set useExternalLicense; undefined keeps it as stored. */
  external?: boolean;
}

export interface RuleDiff {
  added: string[];
  removed: string[];
  kept: string[];
  /** Set when useExternalLicense changes. */
  external?: { before: boolean; after: boolean };
  changed: boolean;
}

export function applyEdit(before: GroupRule | null, edit: RuleEdit): GroupRule {
  const removed = new Set(edit.remove ?? []);
  const start = edit.codes ?? before?.userBundleCodes ?? [];
  const codes = [...new Set([...start, ...(edit.add ?? [])])].filter((c) => !removed.has(c));
  return { userBundleCodes: codes, useExternalLicense: edit.external ?? before?.useExternalLicense ?? false };
}

export function diffRules(before: GroupRule | null, after: GroupRule | null): RuleDiff {
  const was = new Set(before?.userBundleCodes ?? []);
  const now = new Set(after?.userBundleCodes ?? []);
  const added = [...now].filter((c) => !was.has(c));
  const removed = [...was].filter((c) => !now.has(c));
  const kept = [...now].filter((c) => was.has(c));
  const diff: RuleDiff = { added, removed, kept, changed: added.length > 0 || removed.length > 0 };
  // Without codes the flag has nothing to apply to, so only a rule's flag counts.
  const extBefore = before?.useExternalLicense ?? false;
  const extAfter = after?.useExternalLicense ?? false;
  if (now.size > 0 && extBefore !== extAfter) {
    diff.external = { before: extBefore, after: extAfter };
    diff.changed = true;
  }
  return diff;
}

/** Lists up to this long are compared by scanning them (sameRule) rather than through Sets. */
const SCAN = 32;

/**
 * Whether `b` is the same state as `a`: what `!diffRules(a, b).changed` says, without the Sets and
 * arrays diffRules builds. A bulk run asks it twice per group, before the first write.
 */
export function sameRule(a: GroupRule | null, b: GroupRule | null): boolean {
  const was = a?.userBundleCodes ?? [];
  const now = b?.userBundleCodes ?? [];
  if (was.length > SCAN || now.length > SCAN) return !diffRules(a, b).changed;
  for (const c of was) if (!now.includes(c)) return false;
  for (const c of now) if (!was.includes(c)) return false;
  return now.length === 0 || (a?.useExternalLicense ?? false) === (b?.useExternalLicense ?? false);
}

/** `+IDU -PMD =RPADEVPRONU external: no → yes`, or `no change`. */
export function formatDiff(diff: RuleDiff): string {
  const parts = [...diff.added.map((c) => `+${c}`), ...diff.removed.map((c) => `-${c}`), ...diff.kept.map((c) => `=${c}`)];
  if (diff.external) parts.push(`external: ${yesNo(diff.external.before)} → ${yesNo(diff.external.after)}`);
  if (!diff.changed) return parts.length > 0 ? `no change (${parts.join(' ')})` : 'no change';
  return parts.join(' ');
}

/** A rule for a report line or `--json`: null when the group has none. */
export function ruleJson(rule: GroupRule | null): GroupRule | null {
  return rule && rule.userBundleCodes.length > 0 ? { userBundleCodes: [...rule.userBundleCodes], useExternalLicense: rule.useExternalLicense } : null;
}

function yesNo(b: boolean): string {
  return b ? 'yes' : 'no';
}
