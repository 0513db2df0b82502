// What a bulk run shows: per-group results (stdout) and the one-line summary (stderr).

import type { GroupAllocation } from '../../../api/uipath.js';
import type { GroupRule } from '../../../api/uipath-rules.js';
import type { Output } from '../../../output/output.js';
import type { ReportLine } from '../../../uipath/bulk/report.js';
import { ruleJson } from '../../../uipath/rules.js';
import { printPlans, type PlannedRequest } from './dry-run.js';
import { changeJson, printChanges, type RuleChange } from './rule-view.js';

/**
 * One group's outcome. `skipped`: already ok in the report (--resume); `not_sent`: interrupted
 * before its turn; `unchanged`: it already held what the file asks, nothing was sent;
 * `conflict` (undo): changed by someone else since the run, left alone.
 */
export interface GroupResult {
  groupId: string;
  status: 'ok' | 'failed' | 'skipped' | 'not_sent' | 'unchanged' | 'conflict';
  httpStatus: number | null;
  attempts: number;
  error: string | null;
  /** The server's answer (--json only). */
  allocation?: GroupAllocation;
}

/** The report line of a group: its outcome, its organization, and its rule before and after. */
export function reportLine(r: GroupResult, state: { accountId: string; before?: GroupRule | null; after?: GroupRule | null }): ReportLine {
  const status = r.status === 'ok' || r.status === 'unchanged' || r.status === 'conflict' ? r.status : 'failed';
  const line: ReportLine = { groupId: r.groupId, accountId: state.accountId, status, httpStatus: r.httpStatus, attempts: r.attempts, error: r.error };
  // Absent when the rule could not be read (the group was then not written).
  if (state.before !== undefined) line.before = ruleJson(state.before);
  if (state.after !== undefined) line.after = ruleJson(state.after);
  return line;
}

export function placeholder(groupId: string, status: 'skipped' | 'not_sent' | 'unchanged' | 'conflict'): GroupResult {
  return { groupId, status, httpStatus: null, attempts: 0, error: null };
}

/** --json: every group of the file; pipe: every group as TSV; terminal: the failed ones as a table. */
export function renderResults(out: Output, results: readonly GroupResult[]): void {
  if (out.json) {
    out.writeJson(results);
    return;
  }
  const columns = [
    { header: 'GROUP', value: (r: GroupResult) => r.groupId },
    { header: 'STATUS', value: (r: GroupResult) => r.status },
    { header: 'HTTP', value: (r: GroupResult) => r.httpStatus },
    { header: 'ATTEMPTS', value: (r: GroupResult) => r.attempts },
    { header: 'ERROR', value: (r: GroupResult) => r.error },
  ];
  if (out.mode === 'tsv') {
    out.records(columns, results);
    return;
  }
  const failed = results.filter((r) => r.status === 'failed' || r.status === 'conflict');
  if (failed.length > 0) out.records(columns, failed);
}

/** A group of a bulk dry run: its rule now, what the file asks, and the request that would get it there (none: no change). */
export interface DryRunChange extends RuleChange {
  request?: PlannedRequest;
}

/**
 * --dry-run after the reads, as single `group allocate --dry-run` shows one group: per group its
 * change (`<groupId>\t+ADDED -REMOVED =KEPT`, or `no change (...)`), followed by the request that
 * would make it; a blank line after each request. --json: `[{groupId, before, after, changed, request?}]`.
 */
export function renderDryRun(out: Output, changes: readonly DryRunChange[]): void {
  if (out.json) {
    out.writeJson(changes.map((c) => ({ ...changeJson(c), ...(c.request && { request: c.request }) })));
    return;
  }
  let afterRequest = false;
  for (const c of changes) {
    if (afterRequest) out.line('');
    printChanges(out, [c]);
    if (c.request) printPlans(out, [c.request], { asArray: false });
    afterRequest = c.request !== undefined;
  }
}

export interface Tally {
  total: number;
  ok: number;
  failed: number;
  skipped: number;
  notSent: number;
  unchanged: number;
  conflict: number;
}

export function tally(results: readonly GroupResult[]): Tally {
  const count = (s: GroupResult['status']) => results.filter((r) => r.status === s).length;
  return { total: results.length, ok: count('ok'), failed: count('failed'), skipped: count('skipped'), notSent: count('not_sent'), unchanged: count('unchanged'), conflict: count('conflict') };
}

/** "1000 groups: 998 allocated, 2 failed (see out.jsonl)" */
export function summary(t: Tally, opts: { report?: string; interrupted: boolean }): string {
  const parts = [`${t.ok} allocated`, ...(t.unchanged > 0 ? [`${t.unchanged} unchanged`] : []), `${t.failed} failed`];
  if (t.skipped > 0) parts.unshift(`${t.skipped} already allocated (skipped)`);
  if (t.notSent > 0) parts.push(`${t.notSent} not sent`);
  let text = `${t.total} group${t.total === 1 ? '' : 's'}: ${parts.join(', ')}`;
  if (opts.report) text += ` (see ${opts.report})`;
  if (!opts.interrupted) return text;
  const next = opts.report ? 'run the same command with --resume to finish' : 'use --report <file> and --resume to pick up where a run stopped';
  return `interrupted: ${text}; ${next}`;
}
