import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readReport, ReportWriter, type ReportLine } from '../../../src/uipath/bulk/report.js';
import { runPool } from '../../../src/pool.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-report-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const ok = (groupId: string): ReportLine => ({ groupId, status: 'ok', httpStatus: 200, attempts: 1, error: null });
const failed = (groupId: string): ReportLine => ({ groupId, status: 'failed', httpStatus: 409, attempts: 1, error: 'not enough' });

describe('ReportWriter', () => {
  it('writes each line at once, so the file holds every completed line while the run goes on', () => {
    const file = path.join(dir, 'out.jsonl');
    const w = ReportWriter.open(file, []);
    w.write(ok('g1'));
    expect(fs.readFileSync(file, 'utf8')).toBe(JSON.stringify(ok('g1')) + '\n');
    w.write(failed('g2'));
    w.close();
    expect(fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l))).toEqual([ok('g1'), failed('g2')]);
  });

  it('replaces an old report with the kept lines, leaving no temporary file', () => {
    const file = path.join(dir, 'out.jsonl');
    fs.writeFileSync(file, 'old content\n');
    const w = ReportWriter.open(file, [ok('a'), ok('b')]);
    w.write(ok('c'));
    w.close();
    expect(fs.readFileSync(file, 'utf8')).toBe([ok('a'), ok('b'), ok('c')].map((l) => JSON.stringify(l) + '\n').join(''));
    expect(fs.readdirSync(dir)).toEqual(['out.jsonl']);
  });

  it('an unwritable place is a usage error', () => {
    expect(() => ReportWriter.open(path.join(dir, 'missing', 'out.jsonl'), [])).toThrow(/^cannot write the report .*out\.jsonl: /);
  });
});

describe('readReport', () => {
  it('keeps the last line per group and says when the file does not exist', () => {
    const file = path.join(dir, 'r.jsonl');
    expect(readReport(file)).toEqual({ lines: new Map(), exists: false });
    fs.writeFileSync(file, [failed('g1'), ok('g2'), ok('g1')].map((l) => JSON.stringify(l)).join('\n') + '\n\n');
    const { lines, exists } = readReport(file);
    expect(exists).toBe(true);
    expect([...lines.values()]).toEqual([ok('g1'), ok('g2')]);
  });

  it('ignores a last line cut short by a crash, and names it', () => {
    const file = path.join(dir, 'r.jsonl');
    fs.writeFileSync(file, JSON.stringify(ok('g1')) + '\n{"groupId":"g2","sta');
    const r = readReport(file);
    expect([...r.lines.keys()]).toEqual(['g1']);
    expect(r.tornLine).toBe(2);
  });

  it('refuses a file that is not a report', () => {
    const file = path.join(dir, 'r.csv');
    fs.writeFileSync(file, 'groupId,codes\ng1,IDU\n');
    expect(() => readReport(file)).toThrow(`${file} line 1 is not a licensectl report line: is this the right --report file?`);
  });
});

describe('runPool', () => {
  it('never has more than `concurrency` items in flight and runs each item once', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const items = Array.from({ length: 50 }, (_, i) => i);
    const { started } = await runPool(items, { concurrency: 4, signal: new AbortController().signal }, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setImmediate(r));
      seen.push(i);
      inFlight--;
    });
    expect(started).toBe(50);
    expect(peak).toBe(4);
    expect(seen.sort((a, b) => a - b)).toEqual(items);
  });

  it('on abort starts nothing new but lets the items in flight finish', async () => {
    const abort = new AbortController();
    const finished: number[] = [];
    const items = Array.from({ length: 20 }, (_, i) => i);
    const { started } = await runPool(items, { concurrency: 3, signal: abort.signal }, async (i) => {
      if (i === 4) abort.abort();
      await new Promise((r) => setImmediate(r));
      finished.push(i);
    });
    expect(started).toBe(5);
    expect(finished.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4]);
  });

  it('stops when `stop` says so', async () => {
    let calls = 0;
    const { started } = await runPool([1, 2, 3, 4, 5], { concurrency: 1, signal: new AbortController().signal, stop: () => calls >= 2 }, async () => {
      calls++;
    });
    expect(started).toBe(2);
  });
});
