// What apply shows. The plan is the result (stdout): readable, coloured lines in a terminal, or
// `action\tsku\tid\tname` rows in a pipe. Progress, failures and the summary go to stderr.
import type { ChalkInstance } from 'chalk';
import type { Output } from '../../../output/output.js';
import { cell, safeText, tsvField } from '../../../output/format.js';
import { countActions, type Action, type Plan, type PlanItem } from './apply-plan.js';
import type { ItemResult } from './apply-run.js';
import { quote } from './view.js';

/** More unchanged types than this are summed up in one line instead of listed (terminal only). */
const LISTED_UNCHANGED = 10;
const MAX_SKU_WIDTH = 32;
/** Failures sharing one reason are listed one per line up to this many, then grouped. */
const GROUPED_AFTER = 3;
const NAMED_IN_GROUP = 20;

const MARK: Record<Action, string> = { create: '+', update: '~', delete: '-', unchanged: '=' };

function paint(c: ChalkInstance, action: Action, text: string): string {
  if (action === 'create') return c.green(text);
  if (action === 'update') return c.yellow(text);
  if (action === 'delete') return c.red(text);
  return c.dim(text);
}

export function printPlan(out: Output, plan: Plan): void {
  if (out.mode === 'tsv') {
    let text = '';
    for (const item of plan.items) text += [item.action, item.sku, item.id ?? '', cell(item.name)].map(tsvField).join('\t') + '\n';
    out.io.stdout.write(text);
    return;
  }
  const c = out.color;
  const unchanged = plan.items.filter((i) => i.action === 'unchanged');
  const listed = plan.items.filter((i) => i.action !== 'unchanged' || unchanged.length <= LISTED_UNCHANGED);
  const skuWidth = Math.min(MAX_SKU_WIDTH, Math.max(3, ...listed.map((i) => flat(i.sku).length)));
  const idWidth = Math.max(0, ...listed.map((i) => (i.id === undefined ? 0 : `id ${i.id}`.length)));
  let text = '';
  for (const item of listed) {
    const id = (item.id === undefined ? '' : `id ${item.id}`).padEnd(idWidth);
    const head = `${MARK[item.action]} ${item.action.padEnd(9)}`;
    text += `${paint(c, item.action, head)}  ${c.bold(flat(item.sku).padEnd(skuWidth))}  ${c.dim(id)}  ${flat(cell(item.name))}\n`;
    for (const [field, change] of Object.entries(item.changes ?? {})) {
      text += `${' '.repeat(13)}${field}: ${c.red(flat(quote(change.from)))} → ${c.green(flat(quote(change.to)))}\n`;
    }
  }
  if (unchanged.length > LISTED_UNCHANGED) text += c.dim(`= unchanged  ${unchanged.length} license types (not listed)`) + '\n';
  out.io.stdout.write(text);
}

/** One terminal line: no control characters, tabs or line breaks from a name or sku. */
function flat(text: string): string {
  return safeText(text.replace(/[\t\r\n]+/g, ' '));
}

export function planSummary(plan: Plan): string {
  const n = countActions(plan.items);
  return `Plan: ${n.create} to create, ${n.update} to update, ${n.delete} to delete, ${n.unchanged} unchanged.`;
}

export function keptNote(plan: Plan, source: string): string | undefined {
  const k = plan.kept.length;
  if (k === 0) return undefined;
  return `${k} license ${k === 1 ? 'type' : 'types'} in the group ${k === 1 ? 'is' : 'are'} not in ${source} and ${k === 1 ? 'is' : 'are'} kept (--prune deletes them).`;
}

/** Failures listed one per line, or grouped when many share a reason (a 403 fails them all). */
export function printOutcome(out: Output, results: readonly ItemResult[]): void {
  const c = out.errColor;
  const failed = results.filter((r) => !r.ok);
  const byReason = new Map<string, ItemResult[]>();
  for (const r of failed) {
    const key = r.error ?? 'failed';
    byReason.set(key, [...(byReason.get(key) ?? []), r]);
  }
  for (const [reason, group] of byReason) {
    if (group.length <= GROUPED_AFTER) {
      for (const r of group) out.note(`${c.red('✗')} ${itemName(r)}: ${reason}`);
      continue;
    }
    const names = group.slice(0, NAMED_IN_GROUP).map(itemName).join(', ');
    const more = group.length > NAMED_IN_GROUP ? `, and ${group.length - NAMED_IN_GROUP} more (--json lists every one)` : '';
    out.note(`${c.red('✗')} ${group.length} changes: ${reason}`);
    out.note(`    ${names}${more}`);
  }
  const ok = results.filter((r) => r.ok);
  const done = (['create', 'update', 'delete'] as const)
    .map((a) => [a, ok.filter((r) => r.action === a).length] as const)
    .filter(([, n]) => n > 0)
    .map(([a, n]) => `${n} ${a === 'create' ? 'created' : a === 'update' ? 'updated' : 'deleted'}`);
  const what = done.length > 0 ? done.join(', ') : 'nothing';
  if (failed.length === 0) out.success(`Applied ${results.length} ${results.length === 1 ? 'change' : 'changes'}: ${what}.`);
  else out.warn(`Applied ${ok.length} of ${results.length} ${results.length === 1 ? 'change' : 'changes'} (${what}); ${failed.length} failed.`);
}

function itemName(r: ItemResult): string {
  return `${r.action} ${flat(r.sku)}${r.id === null ? '' : ` (id ${r.id})`}`;
}

/** The `--json` document. */
export function jsonDocument(dryRun: boolean, plan: Plan, results: readonly ItemResult[]): unknown {
  return {
    dryRun,
    plan: plan.items.map((item: PlanItem) => {
      const entry: Record<string, unknown> = { action: item.action, sku: item.sku };
      if (item.id !== undefined) entry.id = item.id;
      entry.name = item.name;
      if (item.changes) entry.changes = item.changes;
      return entry;
    }),
    results,
  };
}
