import { describe, expect, it } from 'vitest';
import { backoffMs, retryAfterMs } from '../../src/api/retry.js';
import { baseUrlProblem, buildUrl, isLoopback } from '../../src/api/url.js';
import { colorLevel } from '../../src/output/color.js';
import { cell, tsvField } from '../../src/output/format.js';
import { exitCodeForStatus } from '../../src/exit-codes.js';

describe('retry policy', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs('0.5')).toBe(500);
    expect(retryAfterMs(undefined)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
  });
  it('caps Retry-After and grows backoff exponentially with jitter within bounds', () => {
    const policy = { baseMs: 100, capMs: 1000, retryAfterCapMs: 5000 };
    expect(backoffMs(1, policy, 60_000)).toBe(5000);
    expect(backoffMs(1, policy, undefined, () => 0)).toBe(50);
    expect(backoffMs(1, policy, undefined, () => 1)).toBe(100);
    expect(backoffMs(3, policy, undefined, () => 1)).toBe(400);
    expect(backoffMs(10, policy, undefined, () => 1)).toBe(1000);
  });
});

describe('urls', () => {
  it('keeps the base path and encodes each segment', () => {
    expect(buildUrl('https://h/org/', ['a b', 'c/d', 7], { q: 'x y', n: undefined }).toString()).toBe('https://h/org/a%20b/c%2Fd/7?q=x+y');
  });
  it('knows loopback hosts', () => {
    for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['example.com', '10.0.0.1', '128.0.0.1', 'localhost.evil.com', 'api.localhost']) expect(isLoopback(h), h).toBe(false);
  });
  it('validates base URLs', () => {
    expect(baseUrlProblem('https://cloud.uipath.com/acme')).toBeUndefined();
    expect(baseUrlProblem('cloud.uipath.com')).toMatch(/not a URL/);
    expect(baseUrlProblem('ftp://x')).toMatch(/https:\/\//);
    expect(baseUrlProblem('https://u:p@x')).toMatch(/credentials/);
    expect(baseUrlProblem('https://x/?a=1')).toMatch(/query/);
  });
});

describe('output helpers', () => {
  it('decides colour: flag > NO_COLOR > FORCE_COLOR > terminal', () => {
    expect(colorLevel({ noColorFlag: true, env: { FORCE_COLOR: '3' }, isTTY: true })).toBe(0);
    expect(colorLevel({ noColorFlag: false, env: { NO_COLOR: '1', FORCE_COLOR: '1' }, isTTY: true })).toBe(0);
    expect(colorLevel({ noColorFlag: false, env: { NO_COLOR: '' }, isTTY: true })).toBe(1);
    expect(colorLevel({ noColorFlag: false, env: { FORCE_COLOR: '1' }, isTTY: false })).toBe(1);
    expect(colorLevel({ noColorFlag: false, env: { FORCE_COLOR: '0' }, isTTY: true })).toBe(0);
    expect(colorLevel({ noColorFlag: false, env: {}, isTTY: false })).toBe(0);
    expect(colorLevel({ noColorFlag: false, env: { TERM: 'dumb' }, isTTY: true })).toBe(0);
  });
  it('renders any value as a cell and keeps a TSV record on one line', () => {
    expect(cell({ en: 'Gold' })).toBe('{"en":"Gold"}');
    expect(cell(null)).toBe('');
    expect(cell(7)).toBe('7');
    expect(tsvField('a\tb\nc\\d')).toBe('a\\tb\\nc\\\\d');
  });
  it('maps statuses to the documented exit codes', () => {
    expect([400, 401, 403, 404, 409, 422, 500, 502].map(exitCodeForStatus)).toEqual([5, 4, 4, 3, 5, 5, 1, 1]);
  });
});
