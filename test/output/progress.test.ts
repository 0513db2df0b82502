// The bulk progress bar says how fast, how long still, and how many failed so far (issue 17,
// item 15). The clock is injected: no figure depends on how fast this machine runs.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressStats, startProgress } from '../../src/output/progress.js';

describe('progressStats', () => {
  it('rate, ETA and failures from the counts and the elapsed time', () => {
    expect(progressStats({ done: 20, total: 100, failed: 0, elapsedMs: 10_000 })).toBe('2.0/s | ETA 40s | 0 failed');
    expect(progressStats({ done: 50, total: 1050, failed: 3, elapsedMs: 5_000 })).toBe('10/s | ETA 1m 40s | 3 failed');
    expect(progressStats({ done: 1, total: 10_001, failed: 1, elapsedMs: 1_000 })).toBe('1.0/s | ETA 2h 46m | 1 failed');
    expect(progressStats({ done: 10, total: 10, failed: 0, elapsedMs: 4_000 })).toBe('2.5/s | ETA 0s | 0 failed');
  });

  it('no rate nor ETA before anything is done or the first half second', () => {
    expect(progressStats({ done: 0, total: 10, failed: 0, elapsedMs: 3_000 })).toBe('–/s | ETA – | 0 failed');
    expect(progressStats({ done: 3, total: 10, failed: 1, elapsedMs: 200 })).toBe('–/s | ETA – | 1 failed');
  });
});

describe('startProgress', () => {
  it('draws the stats on the bar of a terminal', async () => {
    let text = '';
    const stream = Object.assign(new Writable({ write(chunk, _e, done) { text += String(chunk); done(); } }), { isTTY: true, columns: 120 });
    let t = 0;
    const bar = await startProgress({ interactive: true, stream, total: 4, label: 'allocating', now: () => t });
    t = 1_000;
    bar.tick();
    bar.tick(true);
    bar.stop();
    expect(text).toContain('2/4 | 2.0/s | ETA 1s | 1 failed');
  });

  it('draws nothing when no one watches', async () => {
    let text = '';
    const stream = new Writable({ write(chunk, _e, done) { text += String(chunk); done(); } });
    const bar = await startProgress({ interactive: false, stream, total: 4, label: 'allocating' });
    bar.tick(true);
    bar.stop();
    expect(text).toBe('');
  });
});
