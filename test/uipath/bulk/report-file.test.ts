// checkReportPath and lockReport directly: the cases an in-process run cannot stage (stdin that is
// the report file) and the shapes of an existing file that count as a report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReportPath, lockReport } from '../../../src/uipath/bulk/report-file.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'licensectl-reportfile-'));
const config = path.join(dir, 'config');
const line = (id: string) => JSON.stringify({ groupId: id, status: 'ok', httpStatus: 200, attempts: 1, error: null });

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('checkReportPath', () => {
  it('refuses the file that stdin reads (--from-file - < file)', () => {
    const file = write('stdin.csv', 'groupId,codes\n');
    const fd = fs.openSync(file, 'r');
    try {
      expect(() => checkReportPath(file, { input: '-', configDir: config, stdinFd: fd })).toThrow(/is the file on stdin \(--from-file -\)/);
      expect(() => checkReportPath(path.join(dir, 'other.jsonl'), { input: '-', configDir: config, stdinFd: fd })).not.toThrow();
    } finally {
      fs.closeSync(fd);
    }
  });

  it.each([
    ['a report', `${line('a')}\n${line('b')}\n`, true],
    ['a report whose last line a crash cut short', `${line('a')}\n{"groupId":"b","sta`, true],
    ['a report of one torn line', '{"groupId":"b","sta', true],
    ['blank', '\n\n', true],
    ['one line of text without a newline', 'my notes', false],
    ['text', 'my notes\nmore\n', false],
    ['a JSON array', '[1,2]\n', false],
    ['JSON of another shape', '{"profiles":{}}\n', false],
    ['a report with a foreign line in it', `${line('a')}\nhello\n${line('b')}\n`, false],
  ])('%s: accepted = %s', (_what, text, accepted) => {
    const file = write(`r-${Math.random().toString(36).slice(2)}.jsonl`, text);
    const check = () => checkReportPath(file, { input: path.join(dir, 'in.csv'), configDir: config });
    if (accepted) expect(check).not.toThrow();
    else expect(check).toThrow(/exists and is not a licensectl report/);
  });

  it('refuses a report file larger than the sniff window whose start is not a report', () => {
    const file = write('big.bin', 'x'.repeat(200_000));
    expect(() => checkReportPath(file, { input: '-', configDir: config })).toThrow(/not a licensectl report/);
  });
});

describe('lockReport', () => {
  it('one holder at a time; released, the next one gets it', () => {
    const report = path.join(dir, 'locked.jsonl');
    const first = lockReport(report);
    expect(fs.readFileSync(`${report}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    expect(() => lockReport(report)).toThrow(/is being written by another licensectl run/);
    first.release();
    first.release(); // twice is harmless
    expect(fs.existsSync(`${report}.lock`)).toBe(false);
    lockReport(report).release();
  });

  it('an empty lock file just made is respected; an old one is taken over', () => {
    const report = path.join(dir, 'empty-lock.jsonl');
    fs.writeFileSync(`${report}.lock`, '');
    expect(() => lockReport(report)).toThrow(/is being written by another licensectl run: wait/);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(`${report}.lock`, old, old);
    lockReport(report).release();
  });
});
