import { describe, expect, it } from 'vitest';
import { SeenIds } from '../../src/api/seen-ids.js';

describe('SeenIds', () => {
  it('keeps each id once, in order, across pages', () => {
    const seen = new SeenIds();
    const page1 = [{ id: 1 }, { id: 2 }, { id: 3 }];
    expect(seen.fresh(page1)).toBe(page1); // nothing seen before: the same array, no copy
    expect(seen.fresh([{ id: 3 }, { id: 4 }, { id: 2 }, { id: 5 }]).map((t) => t.id)).toEqual([4, 5]);
    expect(seen.fresh([{ id: 5 }, { id: 5 }])).toEqual([]);
    const dup = [{ id: 6 }, { id: 6 }, { id: 7 }];
    expect(seen.fresh(dup).map((t) => t.id)).toEqual([6, 7]);
  });

  it('grows past its first bits and takes ids beyond the dense range', () => {
    const seen = new SeenIds();
    const ids = [0, 7, 8, 8191, 8192, 1_000_000, 2 ** 26 - 1, 2 ** 26, 2 ** 40, Number.MAX_SAFE_INTEGER];
    for (const id of ids) expect(seen.add(id)).toBe(true);
    for (const id of ids) expect(seen.add(id)).toBe(false);
    expect(seen.add(9)).toBe(true);
    expect(seen.add(1_000_001)).toBe(true);
  });

  it('agrees with a Set on random ids', () => {
    const seen = new SeenIds();
    const set = new Set<number>();
    let x = 12345;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const id = i % 3 === 0 ? x : x % 50_000;
      expect(seen.add(id)).toBe(!set.has(id));
      set.add(id);
    }
  });
});
