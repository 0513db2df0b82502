// `sandbox --rate-limit <per-second>`: what a gateway with a request quota does. A token bucket
// holding one second's worth of requests, refilled continuously; a request that finds it empty
// gets 429 with Retry-After (whole seconds, at least 1) and changes nothing.

import type { Reply } from './http.js';

export class RateLimiter {
  private readonly capacity: number;
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    // A bucket holds at least one request, so a rate under 1 per second still lets some through.
    this.capacity = Math.max(1, perSecond);
    this.tokens = this.capacity;
    this.last = now();
  }

  /** undefined when the request may go on, else the 429 to answer. */
  take(): Reply | undefined {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return undefined;
    }
    const wait = Math.max(1, Math.ceil((1 - this.tokens) / this.perSecond));
    return {
      status: 429,
      headers: { 'Retry-After': String(wait) },
      body: { error: 'too_many_requests', message: `more than ${this.perSecond} requests per second; retry after ${wait} s` },
    };
  }
}
