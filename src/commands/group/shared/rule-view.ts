// Showing a group's change: `+ADDED -REMOVED =KEPT` per group, for --dry-run, allocate, revoke,
// undo and apply alike; with --json the caller prints {before, after}.

import type { GroupRule } from '../../../api/uipath-rules.js';
import type { Output } from '../../../output/output.js';
import { diffRules, formatDiff, ruleJson } from '../../../uipath/rules.js';

export interface RuleChange {
  groupId: string;
  before: GroupRule | null;
  after: GroupRule | null;
}

/** The JSON of one change: `{groupId, before, after, changed}`. */
export function changeJson(c: RuleChange): { groupId: string; before: GroupRule | null; after: GroupRule | null; changed: boolean } {
  return { groupId: c.groupId, before: ruleJson(c.before), after: ruleJson(c.after), changed: diffRules(c.before, c.after).changed };
}

/** One line per group on stdout: `<groupId>  +A -B =C` (a tab in a pipe). */
export function printChanges(out: Output, changes: readonly RuleChange[]): void {
  for (const c of changes) {
    const text = formatDiff(diffRules(c.before, c.after));
    out.line(out.mode === 'tsv' ? `${c.groupId}\t${text}` : `${c.groupId}  ${colorDiff(out, text)}`);
  }
}

function colorDiff(out: Output, text: string): string {
  return text
    .split(' ')
    .map((w) => (w.startsWith('+') ? out.color.green(w) : w.startsWith('-') ? out.color.red(w) : w.startsWith('=') ? out.color.dim(w) : w))
    .join(' ');
}
