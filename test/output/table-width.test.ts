// Tables fit the terminal (Streams.columns): long cells wrap at spaces, a word too long for its
// column ends in an ellipsis, and narrow columns (ids) keep their width while wide ones give way.
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Output, type Column, type Streams } from '../../src/output/output.js';
import { fitColumns } from '../../src/output/fit.js';
import { check, GROUP, INSTANCE, JSON_HEADERS, ltPath, ACCOUNT, groupPath } from '../commands/fixtures.js';
import { bulkReads } from './bulk-reads.js';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

function table<T>(columns: Column<T>[], rows: T[], width: number): string {
  const stdout = new Capture();
  const io: Streams = { stdout, stderr: new Capture(), stdin: new PassThrough(), stdoutIsTTY: true, stderrIsTTY: true, stdinIsTTY: false, columns: width };
  new Output(io, { json: false, stdoutColor: 0, stderrColor: 0 }).records(columns, rows);
  return stdout.text;
}

const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));
const COLS: Column<{ id: number; name: string; description: string }>[] = [
  { header: 'ID', value: (r) => r.id },
  { header: 'NAME', value: (r) => r.name },
  { header: 'DESCRIPTION', value: (r) => r.description },
];
const LONG = { id: 7, name: 'Gold seat', description: 'Premium seat for the whole 2027 price list, renewed every year in January by the finance team '.repeat(2) };

describe('fitColumns', () => {
  it('leaves a table that fits alone', () => {
    expect(fitColumns([4, 10, 12], 80)).toBeUndefined();
    expect(fitColumns([4, 10, 12], undefined)).toBeUndefined();
  });
  it('narrows the widest columns first, keeping narrow ones whole', () => {
    const widths = fitColumns([4, 12, 200], 60)!;
    expect(widths.slice(0, 2)).toEqual([4, 12]);
    expect(widths.reduce((a, b) => a + b, 0) + 4).toBe(60);
  });
  it('narrows text columns (with spaces) before ids', () => {
    const widths = fitColumns([38, 8, 40], 60, [false, false, true])!;
    expect(widths.slice(0, 2)).toEqual([38, 8]);
    expect(widths[2]).toBe(60 - 4 - 38 - 8);
  });
  it('never narrows a column below a usable width, even when the terminal is tiny', () => {
    const widths = fitColumns([40, 40, 40], 10)!;
    for (const w of widths) expect(w).toBeGreaterThanOrEqual(8);
  });
});

describe('records in a terminal', () => {
  it('fits 60 columns: no line wider, the long description wrapped, the id whole', () => {
    const text = table(COLS, [LONG], 60);
    expect(widest(text)).toBeLessThanOrEqual(60);
    expect(text).toMatch(/│ 7 +│ Gold seat +│ Premium seat/);
    expect(text.split('\n').length).toBeGreaterThan(6);
  });
  it('a word longer than its column ends in an ellipsis', () => {
    const text = table(COLS, [{ id: 1, name: 'x', description: 'y'.repeat(300) }], 50);
    expect(widest(text)).toBeLessThanOrEqual(50);
    expect(text).toContain('…');
  });
  it('stays as wide as its content on a wide terminal', () => {
    const text = table(COLS, [{ id: 1, name: 'a', description: 'b' }], 200);
    expect(widest(text)).toBeLessThan(40);
  });
});

describe('commands in a narrow terminal', () => {
  it('lt list: the box fits', async () => {
    const r = await check({
      name: '', args: ['lt', 'list', '--instance', INSTANCE, '--group', GROUP], tty: true, columns: 60,
      mock: (api) => { api.intercept({ path: ltPath(), method: 'GET' }).reply(200, { license_types: [{ ...LONG, sku: 'gold-seat-2027-premium-annual' }], page: 1, pages: 1, results: 1 }, JSON_HEADERS); },
      code: 0, stdout: /Premium/, stderr: /page 1 of 1/,
    });
    expect(widest(r.stdout)).toBeLessThanOrEqual(60);
  });
  it('bulk failures (80 columns): the ERROR column wraps, the group ID stays whole', async () => {
    const g = 'a1b2c3d4-0000-4000-8000-000000000001';
    const r = await check({
      name: '', args: ['group', 'allocate', '--from-file', '-', '--account', ACCOUNT], tty: true,
      input: `groupId,codes\n${g},IDU\n`, columns: 80,
      env: { LICENSECTL_MAX_ATTEMPTS: '1' },
      mock: (api) => { bulkReads(api); api.intercept({ path: groupPath(g), method: 'PUT' }).reply(400, { message: 'the allocation was refused because '.repeat(8) }, JSON_HEADERS); },
      code: 6, stdout: /ERROR/, stderr: /1 failed/,
    });
    expect(widest(r.stdout)).toBeLessThanOrEqual(80);
    expect(r.stdout).toContain(g);
  });
});
