// What a bulk run shows: per-group results (stdout) and the one-line summary (stderr).

import type { GroupAllocation } from '../../../api/uipath.js';
import type { Output } from '../../../output/output.js';
import type { ReportLine } from '../../../uipath/bulk/report.js';

/** One group's outcome. `skipped`: already ok in the report (--resume); `not_sent`: interrupted before its turn. */
export interface GroupResult {
  groupId: string;
  status: 'ok' | 'failed' | 'skipped' | 'not_sent';
  httpStatus: number | null;
  attempts: number;
  error: string | null;
  /** The server's answer (--json only). */
  allocation?: GroupAllocation;
}

export function reportLine(r: GroupResult): ReportLine {
  return { groupId: r.groupId, status: r.status === 'ok' ? 'ok' : 'failed', httpStatus: r.httpStatus, attempts: r.attempts, error: r.error };
}

export function placeholder(groupId: string, status: 'skipped' | 'not_sent'): GroupResult {
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
  const failed = results.filter((r) => r.status === 'failed');
  if (failed.length > 0) out.records(columns, failed);
}

export interface Tally {
  total: number;
  ok: number;
  failed: number;
  skipped: number;
  notSent: number;
}

export function tally(results: readonly GroupResult[]): Tally {
  const count = (s: GroupResult['status']) => results.filter((r) => r.status === s).length;
  return { total: results.length, ok: count('ok'), failed: count('failed'), skipped: count('skipped'), notSent: count('not_sent') };
}

/** "1000 groups: 998 allocated, 2 failed (see out.jsonl)" */
export function summary(t: Tally, opts: { report?: string; interrupted: boolean }): string {
  const parts = [`${t.ok} allocated`, `${t.failed} failed`];
  if (t.skipped > 0) parts.unshift(`${t.skipped} already allocated (skipped)`);
  if (t.notSent > 0) parts.push(`${t.notSent} not sent`);
  let text = `${t.total} group${t.total === 1 ? '' : 's'}: ${parts.join(', ')}`;
  if (opts.report) text += ` (see ${opts.report})`;
  if (!opts.interrupted) return text;
  const next = opts.report ? 'run the same command with --resume to finish' : 'use --report <file> and --resume to pick up where a run stopped';
  return `interrupted: ${text}; ${next}`;
}
