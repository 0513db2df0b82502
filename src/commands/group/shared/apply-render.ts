// What `group apply` shows. The plan is the result (stdout): a line per group in a terminal
// (`+ create`, `~ update`, `- revoke` with the codes `+ADDED -REMOVED =KEPT`), or
// `action\tgroupId\tchange` rows in a pipe. Failures and the summary go to stderr.
import type { Output } from '../../../output/output.js';
import { diffRules, formatDiff, ruleJson } from '../../../uipath/rules.js';
import { countActions, type GroupAction, type GroupPlan } from './apply-plan.js';
import type { GroupResult } from './bulk-results.js';

/** More unchanged groups than this are summed up in one line instead of listed (terminal only). */
const LISTED_UNCHANGED = 10;
const MARK: Record<GroupAction, string> = { create: '+', update: '~', revoke: '-', unchanged: '=' };

export function printGroupPlan(out: Output, plan: GroupPlan): void {
  const change = (i: GroupPlan['items'][number]) => formatDiff(diffRules(i.before, i.after));
  if (out.mode === 'tsv') {
    let text = '';
    for (const i of plan.items) text += `${i.action}\t${i.groupId}\t${change(i)}\n`;
    out.io.stdout.write(text);
    return;
  }
  const c = out.color;
  const paint = (a: GroupAction, t: string) => (a === 'create' ? c.green(t) : a === 'update' ? c.yellow(t) : a === 'revoke' ? c.red(t) : c.dim(t));
  const unchanged = plan.items.filter((i) => i.action === 'unchanged');
  let text = '';
  for (const i of plan.items) {
    if (i.action === 'unchanged' && unchanged.length > LISTED_UNCHANGED) continue;
    text += `${paint(i.action, `${MARK[i.action]} ${i.action.padEnd(9)}`)}  ${i.groupId}  ${change(i)}\n`;
  }
  if (unchanged.length > LISTED_UNCHANGED) text += c.dim(`= unchanged  ${unchanged.length} groups (not listed)`) + '\n';
  out.io.stdout.write(text);
}

export function planSummary(plan: GroupPlan): string {
  const n = countActions(plan.items);
  return `Plan: ${n.create} to create, ${n.update} to update, ${n.revoke} to revoke, ${n.unchanged} unchanged.`;
}

export function keptNote(plan: GroupPlan, source: string): string | undefined {
  const k = plan.kept.length;
  if (k === 0) return undefined;
  return `${k} group${k === 1 ? '' : 's'} with a license rule ${k === 1 ? 'is' : 'are'} not in ${source} and ${k === 1 ? 'is' : 'are'} kept (--prune revokes them).`;
}

/** The `--json` document: the plan, and each write's outcome. */
export function jsonDocument(dryRun: boolean, plan: GroupPlan, results: readonly GroupResult[]): unknown {
  return {
    dryRun,
    plan: plan.items.map((i) => ({ action: i.action, groupId: i.groupId, accountId: i.accountId, before: ruleJson(i.before), after: ruleJson(i.after) })),
    results,
  };
}
