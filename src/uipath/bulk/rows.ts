// The groups of a bulk file, as parsed (with the line each came from) and as validated (ready to
// send). The whole file is checked before anything is sent: a bad line means nothing was sent.

import { segmentProblem } from '../../api/url.js';
import { normalizeCodes } from '../catalog/codes.js';
import { unknownCodeMessage, unknownCodes } from '../catalog/suggest.js';
import { messageText } from '../../output/format.js';

/** One group as the file states it; `line` is where its record starts (1-based). */
export interface RawRow {
  line: number;
  groupId: string;
  codes: string[];
  account?: string;
  externalLicense?: boolean;
}

/** `line` 0 is about the file as a whole. */
export interface Problem {
  line: number;
  message: string;
}

export interface Parsed {
  rows: RawRow[];
  problems: Problem[];
}

/** A group ready to send. */
export interface BulkItem {
  line: number;
  groupId: string;
  accountId: string;
  userBundleCodes: string[];
  useExternalLicense: boolean;
}

export interface RowDefaults {
  /** --account, else the profile's account. */
  account: string | undefined;
  /** --external-license, for rows that do not say. */
  externalLicense: boolean;
  allowUnknownCodes: boolean;
}

export function validateRows(parsed: Parsed, defaults: RowDefaults): { items: BulkItem[]; problems: Problem[] } {
  const problems = [...parsed.problems];
  const items: BulkItem[] = [];
  const seen = new Map<string, number>();
  for (const row of parsed.rows) {
    const fail = (message: string) => problems.push({ line: row.line, message });
    const groupId = row.groupId.trim();
    if (groupId === '') {
      fail('groupId is empty');
      continue;
    }
    const badId = segmentProblem(groupId);
    if (badId) {
      fail(`groupId ${badId}`);
      continue;
    }
    const first = seen.get(groupId);
    if (first !== undefined) {
      fail(`group ${groupId} already appears on line ${first} (one line per group)`);
      continue;
    }
    seen.set(groupId, row.line);
    const codes = normalizeCodes(row.codes);
    if (codes.length === 0) {
      fail(`no bundle codes for group ${groupId}`);
      continue;
    }
    const unknown = defaults.allowUnknownCodes ? [] : unknownCodes(codes);
    if (unknown.length > 0) {
      fail(unknownCodeMessage(unknown[0]!));
      continue;
    }
    const accountId = row.account?.trim() || defaults.account;
    if (!accountId) {
      fail(`no account for group ${groupId}: add an account column, pass --account <accountId>, or store one with \`licensectl profile set <name> --account <id>\``);
      continue;
    }
    const badAccount = segmentProblem(accountId);
    if (badAccount) {
      fail(`account ${badAccount}`);
      continue;
    }
    items.push({ line: row.line, groupId, accountId, userBundleCodes: codes, useExternalLicense: row.externalLicense ?? defaults.externalLicense });
  }
  if (parsed.rows.length === 0 && problems.length === 0) {
    problems.push({ line: 0, message: 'has no groups (expected a header groupId,codes and one line per group, or one JSON object per line)' });
  }
  problems.sort((a, b) => a.line - b.line);
  return { items, problems };
}

/** "groups.csv line 7: ..." */
export function describeProblem(file: string, problem: Problem): string {
  // A problem quotes the file's own text: it is printed as one clean line, like every error.
  const message = messageText(problem.message);
  return problem.line > 0 ? `${file} line ${problem.line}: ${message}` : `${file} ${message}`;
}
