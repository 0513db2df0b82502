// `--concurrency auto`: how many requests a pool keeps in flight, learnt from the server's answers.
// Over a real network a run takes its round trips divided by the requests in flight, so more is
// faster, until the server says "too many" with 429 or 503. The limit therefore works like TCP's
// congestion window (AIMD):
//
// - slow start: from `initial`, each answer that kept up adds one (the limit doubles per round
//   trip) until the first 429/503; after that, one per round trip and per ADDITIVE_MS (additive
//   increase); a server far away (even the quickest of the first FAR_AFTER answers took FAR_MS)
//   skips it: the limit goes straight to its maximum;
// - answers "keep up" while the smoothed round trip stays near the quickest seen (KEEPING_UP);
//   answers that queue take back what those added, never below `initial`;
// - a 429 or 503 halves the limit (multiplicative decrease), once per round trip: the answers to
//   requests sent before the last cut report the same overload and do not cut again;
// - a Retry-After on such an answer pauses the whole pool: no request starts (new ones, nor
//   retries, through HttpClient's pacer hook) until it has passed, so the server sees the quiet
//   it asked for instead of a retry from each request the moment its own wait ends.
//
// Everything here is arithmetic on the injected clock; the pool (src/pool.ts) and HttpClient do
// the waiting. Measured in bench/README.md (latency and rate-limit rows).

import type { RequestPacer } from './api/http.js';

export const MIN_CONCURRENCY = 1;
export const MAX_CONCURRENCY = 64;
/** Where `auto` starts: the fixed default before it, the best value on loopback. */
export const AUTO_START = 16;
/**
 * Answers keep up while the smoothed round trip stays within this factor of the quickest (plus
 * SLACK_MS of timer noise): the requests queued somewhere are then under a quarter of those in
 * flight (TCP Vegas's estimate: in flight x (1 - quickest / smoothed)). On loopback the client's
 * and server's CPU is the limit: 16 in flight already wait behind each other, and more would only
 * queue (and overshoot a rate limit further); 30 ms away, 64 in flight answer as fast as 16.
 */
const KEEPING_UP = 4 / 3;
const SLACK_MS = 1;
/**
 * After a 429/503, the limit grows by one at most this often. A rate limit speaks in seconds (its
 * Retry-After), a loopback round trip lasts a millisecond: one per round trip alone regrew the
 * limit by dozens between two 429s, and each 429 then refused all of them at once (2,000 groups
 * at --rate-limit 400: 83-94 answers 429, 4-4.5%; see bench/README.md).
 */
const ADDITIVE_MS = 100;
/**
 * A server this far away skips slow start: once FAR_AFTER answers have come back and even the
 * quickest took FAR_MS or more, the limit goes straight to its maximum. 30 ms away, doubling from
 * 16 took three round trips to reach 64, while the server would have answered 64 from the start:
 * 1,000 groups at `--latency 30` took about 60 ms longer than with 64 in flight throughout
 * (bench/README.md, round 4). On loopback the quickest answer takes a few milliseconds. A near server
 * taken for a far one (answers slowed by a busy machine) gets back what it did not earn as slow
 * start would: one per answer that queues, down to where it started.
 */
const FAR_MS = 20;
const FAR_AFTER = 8;

/** What the pool asks before starting an item. */
export interface ConcurrencyLimit {
  /** How many items may be in flight now. */
  readonly current: number;
  /** Milliseconds until a new item may start (0: now). */
  pauseLeft(): number;
}

export interface AdaptiveOptions {
  initial?: number;
  min?: number;
  max?: number;
  /** Milliseconds, monotonic (performance.now by default); a test passes a fake. */
  now?: () => number;
}

export class AdaptiveLimit implements ConcurrencyLimit, RequestPacer {
  private window: number;
  private threshold: number;
  private readonly min: number;
  private readonly max: number;
  private readonly now: () => number;
  private quickest = Infinity;
  /** Round trips, smoothed as TCP does (1/8 of each new one). */
  private smoothed: number | undefined;
  private readonly warmUp: number;
  private lastCut = -Infinity;
  /** Answers that kept up since the window last grew in the additive phase, and when it did. */
  private acked = 0;
  private lastGrowth = -Infinity;
  /** Answers that queued since the window last shrank in the additive phase. */
  private slowed = 0;
  /** Queueing alone never takes the limit below where it started. */
  private readonly floor: number;
  private pausedUntil = -Infinity;
  /** Whether FAR_AFTER answers have been looked at, and whether they put the limit at its maximum. */
  private farChecked = false;
  private far = false;
  /** Counters for --verbose and the tests. */
  readonly stats = { answers: 0, overloaded: 0, cuts: 0, pauses: 0 };

  constructor(opts: AdaptiveOptions = {}) {
    this.min = opts.min ?? MIN_CONCURRENCY;
    this.max = opts.max ?? MAX_CONCURRENCY;
    this.window = clamp(opts.initial ?? AUTO_START, this.min, this.max);
    this.threshold = this.max;
    this.warmUp = this.window;
    this.floor = this.window;
    this.now = opts.now ?? (() => performance.now());
  }

  get current(): number {
    return Math.floor(this.window);
  }

  pauseLeft(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  /** For HttpClient: undefined when a request may go now, else a promise that resolves when it may. */
  ready(): Promise<void> | undefined {
    const left = this.pauseLeft();
    if (left <= 0) return undefined;
    return new Promise((resolve) => setTimeout(resolve, left));
  }

  /** `sentAt`: when the answered attempt was sent, on the same clock as `now`. */
  answered(status: number, retryAfterMs: number | undefined, sentAt: number): void {
    const t = this.now();
    this.stats.answers++;
    if (status === 429 || status === 503) {
      this.stats.overloaded++;
      if (retryAfterMs !== undefined && t + retryAfterMs > this.pausedUntil) {
        if (this.pausedUntil < t) this.stats.pauses++;
        this.pausedUntil = t + retryAfterMs;
      }
      if (sentAt >= this.lastCut) {
        this.window = Math.max(this.min, Math.floor(this.window / 2));
        this.acked = 0;
        this.threshold = this.window;
        this.lastCut = t;
        this.stats.cuts++;
        this.far = false;
      }
      return;
    }
    // Other errors say nothing about load; a success or a 4xx is an answer that came back.
    if (status >= 500) return;
    const rtt = Math.max(0, t - sentAt);
    if (rtt < this.quickest) this.quickest = rtt;
    this.smoothed = this.smoothed === undefined ? rtt : this.smoothed + (rtt - this.smoothed) / 8;
    if (!this.farChecked && this.stats.answers >= FAR_AFTER) {
      this.farChecked = true;
      if (this.quickest >= FAR_MS && this.stats.cuts === 0) {
        this.far = true;
        this.window = this.max;
      }
    }
    // The first answers of a run come slowly from both sides (connections opening, cold code), all
    // about equally: they cannot tell queueing from distance. One round trip's worth (`initial`) is
    // enough; two cost a bulk run 30 ms away a round trip of slow start (bench/README.md).
    if (this.stats.answers <= this.warmUp) return;
    if (this.smoothed > KEEPING_UP * this.quickest + SLACK_MS) {
      // Queueing: give back what keeping up gave, down to where it started. Without this, the few
      // answers of a long loopback run that pass the test by chance added up: 10,000 groups ended
      // at 42-64 in flight, 13% slower than 16.
      if (this.window <= this.floor) return;
      if (this.window < this.threshold || this.far) this.window -= 1;
      else if (++this.slowed >= this.window) {
        this.slowed = 0;
        this.window -= 1;
      }
      this.window = Math.max(this.floor, this.window);
      return;
    }
    if (this.window < this.threshold) this.window = Math.min(this.max, this.window + 1);
    else if (++this.acked >= this.window && t - this.lastGrowth >= ADDITIVE_MS) {
      // One more per round trip (a window's worth of answers that kept up), and per ADDITIVE_MS.
      this.acked = 0;
      this.lastGrowth = t;
      this.window = Math.min(this.max, this.window + 1);
    }
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}

/**
 * What a command with `--concurrency` needs: the pool's bound, the pacer for its HttpClient
 * (auto only) and how many connections to allow (auto: up to the most it may grow to).
 */
export function concurrencyPlan(value: number | 'auto'): { limit: number | AdaptiveLimit; pacer: AdaptiveLimit | undefined; connections: number } {
  if (typeof value === 'number') return { limit: value, pacer: undefined, connections: value };
  const limit = new AdaptiveLimit();
  return { limit, pacer: limit, connections: MAX_CONCURRENCY };
}
