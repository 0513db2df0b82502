// main() in-process: what the test seam promises. Each run has its own context factory and exit
// code (no module globals), and an in-process run leaves the process's signal handling alone.
import { describe, expect, it } from 'vitest';
import { runInProcess, tempConfigDir } from './helpers/inprocess.js';

describe('main() in-process', () => {
  it('runs side by side keep their own exit codes', async () => {
    const dir = tempConfigDir();
    const runs = await Promise.all([
      runInProcess(['profile', 'show', 'nope'], { configDir: dir }),
      runInProcess(['group', 'codes'], { configDir: dir }),
      runInProcess(['profile', 'use', 'nope'], { configDir: dir }),
      runInProcess(['completion', 'fish'], { configDir: dir }),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 0, 2, 0]);
  });

  it('an action that returns nothing exits 0 even after one that returned 2 in the same process', async () => {
    expect((await runInProcess(['profile', 'show', 'nope'])).code).toBe(2);
    expect((await runInProcess(['profile', 'list'])).code).toBe(0);
  });

  it('adds no signal listener to the process, during or after a run', async () => {
    const before = process.listenerCount('SIGINT');
    // main() would add its listener before its first await, so before runInProcess returns.
    const run = runInProcess(['group', 'codes']);
    const during = process.listenerCount('SIGINT');
    await run;
    expect([during, process.listenerCount('SIGINT')]).toEqual([before, before]);
  });

  it('no arguments: the help on stdout, exit 0', async () => {
    const r = await runInProcess([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: licensectl \[options\] \[command\]\n/);
    expect(r.stderr).toBe('');
  });
});
