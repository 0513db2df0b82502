import { describe, expect, it } from 'vitest';
import { Exchange, InFlight } from '../../src/api/exchange.js';

/** Exchanges whose abort is recorded instead of reaching undici; done() clears their timers. */
function exchanges(n: number): { list: Exchange[]; aborted: Set<Exchange>; done: () => void } {
  const aborted = new Set<Exchange>();
  const budget = { used: 0, max: 1024 };
  const list = Array.from({ length: n }, () => {
    const e = new Exchange(() => undefined, () => undefined, 60_000, budget);
    e.abort = () => void aborted.add(e);
    return e;
  });
  return { list, aborted, done: () => list.forEach((e) => e.done()) };
}

describe('InFlight', () => {
  it('agrees with a Set over random adds and deletes, and aborts exactly those in flight', () => {
    const { list, aborted, done } = exchanges(64);
    const inFlight = new InFlight();
    const model = new Set<Exchange>();
    let x = 7;
    for (let i = 0; i < 5_000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      const e = list[x % list.length]!;
      if (model.has(e)) {
        inFlight.delete(e);
        model.delete(e);
      } else {
        inFlight.add(e);
        model.add(e);
      }
      expect(inFlight.size).toBe(model.size);
    }
    inFlight.abortAll(new Error('stop'));
    expect(aborted).toEqual(model);
    done();
  });

  it('deleting one that is not there changes nothing, and an abort that ends one at once does not skip the rest', () => {
    const { list, aborted, done } = exchanges(3);
    const [a, b, c] = list as [Exchange, Exchange, Exchange];
    const inFlight = new InFlight();
    inFlight.add(a);
    inFlight.add(b);
    inFlight.add(c);
    inFlight.delete(b);
    inFlight.delete(b);
    expect(inFlight.size).toBe(2);
    // An exchange whose abort ends it synchronously (it leaves the list while the list is walked).
    a.abort = () => {
      aborted.add(a);
      inFlight.delete(a);
    };
    inFlight.abortAll(new Error('stop'));
    expect(aborted).toEqual(new Set([a, c]));
    expect(inFlight.size).toBe(1);
    done();
  });
});
