// The adaptive limit of `--concurrency auto` on a fake clock: every decision is arithmetic on the
// answers it is told about, so nothing here waits or times anything.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpClient, type RequestPacer } from '../src/api/http.js';
import { AdaptiveLimit, concurrencyPlan, type ConcurrencyLimit } from '../src/pool-adaptive.js';
import { runPool } from '../src/pool.js';
import { startHostileServer, type HostileServer } from './helpers/hostile-server.js';

function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

/** `n` answers of status 200 that each took `rtt` ms, sent at the fake clock's now. */
function answer(limit: AdaptiveLimit, c: ReturnType<typeof clock>, n: number, rtt: number, status = 200, retryAfter?: number): void {
  for (let i = 0; i < n; i++) {
    const sent = c.now();
    c.advance(rtt);
    limit.answered(status, retryAfter, sent);
    c.advance(-rtt);
  }
  c.advance(rtt);
}

describe('AdaptiveLimit', () => {
  it('starts at 16, learns nothing from the warm-up answers (one round trip\'s), then doubles per round trip up to 64', () => {
    const c = clock();
    const limit = new AdaptiveLimit({ now: c.now });
    expect(limit.current).toBe(16);
    answer(limit, c, 16, 12);
    expect(limit.current).toBe(16);
    answer(limit, c, 16, 12);
    expect(limit.current).toBe(32);
    answer(limit, c, 32, 12);
    expect(limit.current).toBe(64);
    answer(limit, c, 500, 12);
    expect(limit.current).toBe(64);
  });

  it('a server whose quickest answer of the first 8 took 20 ms or more skips slow start: straight to 64', () => {
    const c = clock();
    const limit = new AdaptiveLimit({ now: c.now });
    answer(limit, c, 7, 30);
    expect(limit.current).toBe(16);
    answer(limit, c, 1, 30);
    expect(limit.current).toBe(64);
    answer(limit, c, 500, 31);
    expect(limit.current).toBe(64);

    // 19 ms is near enough: slow start as usual.
    const near = new AdaptiveLimit({ now: c.now });
    answer(near, c, 16, 19);
    expect(near.current).toBe(16);
    // One quick answer among the first 8 is enough to tell.
    const mixed = new AdaptiveLimit({ now: c.now });
    answer(mixed, c, 7, 30);
    answer(mixed, c, 1, 3);
    expect(mixed.current).toBe(16);
  });

  it('a near server taken for a far one (slow first answers) gives the jump back as answers queue, down to where it started', () => {
    const c = clock();
    const limit = new AdaptiveLimit({ now: c.now });
    answer(limit, c, 8, 25);
    expect(limit.current).toBe(64);
    answer(limit, c, 10, 2); // the quickest is now 2 ms
    answer(limit, c, 30, 10);
    expect(limit.current).toBeLessThan(64);
    expect(limit.current).toBeGreaterThan(16);
    answer(limit, c, 100, 10);
    expect(limit.current).toBe(16);
  });

  it('after a 429 a slow server is not taken for a far one: no jump', () => {
    const c = clock();
    const limit = new AdaptiveLimit({ now: c.now });
    answer(limit, c, 1, 30, 429);
    expect(limit.current).toBe(8);
    answer(limit, c, 20, 30);
    expect(limit.current).toBeLessThan(16);
  });

  it('while round trips rise above the quickest (queueing: the client or server is the limit) gives back growth, down to where it started', () => {
    const c = clock();
    const limit = new AdaptiveLimit({ now: c.now });
    answer(limit, c, 16, 2); // warm-up, and a quickest of 2 ms
    answer(limit, c, 10, 2);
    expect(limit.current).toBe(26);
    answer(limit, c, 200, 10);
    expect(limit.current).toBe(16);
    answer(limit, c, 200, 10);
    expect(limit.current).toBe(16);
    // After a cut the limit is below the start: queueing does not take it lower.
    answer(limit, c, 1, 10, 429);
    expect(limit.current).toBe(8);
    answer(limit, c, 200, 10);
    expect(limit.current).toBe(8);
  });

  it('halves on a 429 once per round trip: answers to requests sent before the cut do not cut again', () => {
    const c = clock();
    const limit = new AdaptiveLimit({ now: c.now, initial: 40 });
    const sent = c.now();
    c.advance(5);
    for (let i = 0; i < 40; i++) limit.answered(429, undefined, sent);
    expect(limit.current).toBe(20);
    expect(limit.stats).toMatchObject({ overloaded: 40, cuts: 1 });
    // A request sent after the cut that is refused again: the next halving.
    const after = c.now();
    c.advance(5);
    limit.answered(503, undefined, after);
    expect(limit.current).toBe(10);
  });

  it('after a cut grows by one per round trip and per 100 ms (additive), and never leaves 1-64', () => {
    const c = clock();
    const limit = new AdaptiveLimit({ now: c.now, initial: 8 });
    answer(limit, c, 20, 30);
    for (let i = 0; i < 10; i++) answer(limit, c, 1, 30, 429);
    expect(limit.current).toBe(1);
    const low = limit.current;
    answer(limit, c, 1, 30);
    c.advance(100);
    answer(limit, c, 2, 30);
    c.advance(100);
    answer(limit, c, 3, 30);
    expect(limit.current).toBe(low + 3);
    // 400 quick answers within the same 100 ms: no growth.
    answer(limit, c, 400, 1);
    expect(limit.current).toBe(low + 3);
    for (let i = 0; i < 200; i++) {
      c.advance(100);
      answer(limit, c, 64, 1);
    }
    expect(limit.current).toBe(64);
  });

  it('a Retry-After pauses every new start until it has passed; a later, shorter one does not shorten it', () => {
    const c = clock();
    const limit = new AdaptiveLimit({ now: c.now });
    expect(limit.pauseLeft()).toBe(0);
    expect(limit.ready()).toBeUndefined();
    answer(limit, c, 1, 1, 429, 2_000);
    expect(limit.pauseLeft()).toBe(2_000);
    answer(limit, c, 1, 1, 429, 500);
    expect(limit.pauseLeft()).toBe(1_999);
    c.advance(1_999);
    expect(limit.pauseLeft()).toBe(0);
    expect(limit.stats.pauses).toBe(1);
  });

  it('other errors (500, 502, 504, 4xx) neither cut nor pause', () => {
    const c = clock();
    const limit = new AdaptiveLimit({ now: c.now });
    for (const status of [500, 502, 504]) answer(limit, c, 5, 1, status, 1_000);
    expect(limit.current).toBe(16);
    expect(limit.pauseLeft()).toBe(0);
    expect(limit.stats.cuts).toBe(0);
  });

  it('a number pins the concurrency; auto is an adaptive limit', () => {
    expect(concurrencyPlan(7)).toEqual({ limit: 7, pacer: undefined, connections: 7 });
    const auto = concurrencyPlan('auto');
    expect(auto.limit).toBeInstanceOf(AdaptiveLimit);
    expect(auto.pacer).toBe(auto.limit);
    expect(auto.connections).toBe(64);
  });
});

describe('runPool with a changing limit', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('follows the limit as it changes, and starts nothing while it pauses', async () => {
    vi.useFakeTimers();
    const fake: ConcurrencyLimit & { current: number; pause: number } = { current: 2, pause: 0, pauseLeft: () => fake.pause };
    const releases: (() => void)[] = [];
    const peaks: number[] = [];
    let inFlight = 0;
    const run = runPool(Array.from({ length: 10 }, (_, i) => i), { concurrency: fake }, async () => {
      inFlight++;
      peaks.push(inFlight);
      await new Promise<void>((r) => releases.push(r));
      inFlight--;
    });
    expect(inFlight).toBe(2);
    fake.current = 4;
    releases.shift()!();
    await vi.advanceTimersByTimeAsync(0);
    expect(inFlight).toBe(4);
    fake.pause = 1_000;
    releases.shift()!();
    await vi.advanceTimersByTimeAsync(0);
    expect(inFlight).toBe(3); // paused: the finished one is not replaced
    await vi.advanceTimersByTimeAsync(500);
    expect(inFlight).toBe(3);
    fake.pause = 0;
    await vi.advanceTimersByTimeAsync(500);
    expect(inFlight).toBe(4);
    while (releases.length > 0) {
      releases.shift()!();
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(await run).toEqual({ started: 10 });
    expect(Math.max(...peaks)).toBe(4);
  });

  it('a Ctrl-C during a pause ends the run at once with what had started', async () => {
    const abort = new AbortController();
    const fake: ConcurrencyLimit = { current: 1, pauseLeft: () => 3_600_000 };
    const started: number[] = [];
    const run = runPool([1, 2, 3], { concurrency: { current: 1, pauseLeft: () => (started.length > 0 ? fake.pauseLeft() : 0) }, signal: abort.signal }, async (i) => {
      started.push(i);
    });
    await new Promise((r) => setImmediate(r));
    abort.abort();
    expect(await run).toEqual({ started: 1 });
  });
});

describe('HttpClient and its pacer', () => {
  let server: HostileServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('waits for the pacer before each attempt and tells it every answer with its Retry-After', async () => {
    server = await startHostileServer([{ status: 429, headers: { 'retry-after': '0' } }, { status: 503 }, { status: 200, body: { ok: true } }]);
    const events: string[] = [];
    const pacer: RequestPacer = {
      ready: () => {
        events.push('ready');
        return new Promise((r) => setImmediate(r));
      },
      answered: (status, retryAfter, sentAt) => {
        expect(sentAt).toBeLessThanOrEqual(performance.now());
        events.push(`${status}:${retryAfter}`);
      },
    };
    const client = new HttpClient({
      baseUrl: server.url, userAgent: 't', timeoutMs: 2_000, env: {}, maxAttempts: 4, pacer,
      backoff: { baseMs: 1, capMs: 2, retryAfterCapMs: 1_000 },
    });
    try {
      const res = await client.request({ method: 'GET', path: ['x'] });
      expect(res.attempts).toBe(3);
    } finally {
      await client.close();
    }
    expect(events).toEqual(['ready', '429:0', 'ready', '503:undefined', 'ready', '200:undefined']);
  });
});

describe('runPool and a work function that throws (a bug)', () => {
  it('starts nothing new and rejects with the error once the items in flight end', async () => {
    const finished: number[] = [];
    const run = runPool([0, 1, 2, 3, 4, 5], { concurrency: 2 }, async (i) => {
      await new Promise((r) => setImmediate(r));
      if (i === 1) throw new Error('bug');
      finished.push(i);
    });
    await expect(run).rejects.toThrow('bug');
    expect(finished).toEqual([0, 2]);
  });
});
