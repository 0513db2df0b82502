// The bulk report (`--report out.jsonl`): one JSON line per group, written the moment the group
// completes, so a crash or Ctrl-C leaves every completed line behind.
//
// How --resume keeps each group exactly once: before anything is sent, the old report is read, its
// ok lines (one per group) are written to a temporary file beside it, and that file is renamed over
// the report (atomic on one file system: the report is at every instant either the old one or the
// compacted one). New results are then appended to it, one line per write on an O_APPEND
// descriptor, synchronously, before the next group's result is handled. Failed groups lose their old line and get a new one; skipped groups keep theirs.

import fs from 'node:fs';
import path from 'node:path';
import type { GroupRule } from '../../api/uipath-rules.js';
import { usageError } from '../../errors.js';
import { isJsonObject } from '../../json.js';

/**
 * `ok`: written; `unchanged`: the group already held the requested state, nothing sent;
 * `conflict` (undo only): changed by someone else since, left alone.
 */
export type ReportStatus = 'ok' | 'failed' | 'unchanged' | 'conflict';

export interface ReportLine {
  groupId: string;
  /** The organization the group belongs to: `group undo` refuses a report of another one. */
  accountId?: string;
  status: ReportStatus;
  /** The last HTTP status received; null when no answer came (network error). */
  httpStatus: number | null;
  attempts: number;
  error: string | null;
  /** The group's rule before the run (null: none); absent when it was not read. */
  before?: GroupRule | null;
  /** The server's answer to the write (or, unchanged, the rule as it stands); null: no rule. */
  after?: GroupRule | null;
}

const STATUSES = new Set<string>(['ok', 'failed', 'unchanged', 'conflict']);

/** The last line per group of an existing report (empty when the file does not exist). */
export function readReport(file: string): { lines: Map<string, ReportLine>; exists: boolean; tornLine?: number } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { lines: new Map(), exists: false };
    throw usageError(`cannot read the report ${file}: ${(err as Error).message}`);
  }
  const lines = new Map<string, ReportLine>();
  const all = text.split('\n');
  let tornLine: number | undefined;
  for (const [i, source] of all.entries()) {
    if (source.trim() === '') continue;
    const parsed = parseReportLine(source);
    if (parsed) {
      lines.set(parsed.groupId, parsed);
    } else if (i === all.length - 1) {
      // The last line without its newline: a write cut short by a crash. Its group is simply redone.
      tornLine = i + 1;
    } else {
      throw usageError(`${file} line ${i + 1} is not a licensectl report line: is this the right --report file?`);
    }
  }
  return { lines, exists: true, ...(tornLine !== undefined && { tornLine }) };
}

function parseReportLine(source: string): ReportLine | undefined {
  let v: unknown;
  try {
    v = JSON.parse(source);
  } catch {
    return undefined;
  }
  if (!isJsonObject(v)) return undefined;
  const o = v;
  if (typeof o.groupId !== 'string' || typeof o.status !== 'string' || !STATUSES.has(o.status)) return undefined;
  const line: ReportLine = {
    groupId: o.groupId,
    status: o.status as ReportStatus,
    httpStatus: typeof o.httpStatus === 'number' ? o.httpStatus : null,
    attempts: typeof o.attempts === 'number' ? o.attempts : 0,
    error: typeof o.error === 'string' ? o.error : null,
  };
  if (typeof o.accountId === 'string') line.accountId = o.accountId;
  for (const key of ['before', 'after'] as const) {
    if (!(key in o)) continue;
    const rule = ruleFrom(o[key]);
    if (rule === undefined) return undefined;
    line[key] = rule;
  }
  return line;
}

/** A rule as a report stores it; undefined when it is not one. */
function ruleFrom(v: unknown): GroupRule | null | undefined {
  if (v === null) return null;
  if (!isJsonObject(v) || typeof v.useExternalLicense !== 'boolean') return undefined;
  const codes = v.userBundleCodes;
  if (!Array.isArray(codes) || !codes.every((c) => typeof c === 'string')) return undefined;
  return { userBundleCodes: codes as string[], useExternalLicense: v.useExternalLicense };
}

export class ReportWriter {
  private constructor(
    readonly file: string,
    private fd: number | undefined,
  ) {}

  /** Replaces the report with `keep` (atomically), then opens it for appending. */
  static open(file: string, keep: readonly ReportLine[]): ReportWriter {
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    try {
      // 'wx' after removing a leftover: never through a symlink planted at the temporary name.
      fs.rmSync(tmp, { force: true });
      const fd = fs.openSync(tmp, 'wx', 0o644);
      try {
        if (keep.length > 0) fs.writeFileSync(fd, keep.map((l) => JSON.stringify(l) + '\n').join(''));
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, file);
      return new ReportWriter(file, fs.openSync(file, 'a'));
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw usageError(`cannot write the report ${file}: ${(err as Error).message}`);
    }
  }

  write(line: ReportLine): void {
    if (this.fd === undefined) throw new Error('report already closed');
    fs.writeFileSync(this.fd, JSON.stringify(line) + '\n');
  }

  close(): void {
    if (this.fd === undefined) return;
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
    this.fd = undefined;
  }
}
