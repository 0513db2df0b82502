// When to try an HTTP request again, and how long to wait first (docs/api.md §3).
import { usageError } from '../errors.js';

export const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/** Network errors that prove the request never left this machine: safe to resend even a POST. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Network errors after which the server may or may not have seen the request. */
const MAYBE_SENT = new Set([
  'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'TIMEOUT',
]);

export function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (NEVER_SENT.has(code) || MAYBE_SENT.has(code))) return code;
    e = (e as { cause?: unknown }).cause;
  }
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' ? code : undefined;
}

export function neverSent(code: string | undefined): boolean {
  return code !== undefined && NEVER_SENT.has(code);
}

export function transient(code: string | undefined): boolean {
  return code !== undefined && (NEVER_SENT.has(code) || MAYBE_SENT.has(code));
}

const HTTP_DATE = /^\s*(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s+\S/i;

/** Retry-After as milliseconds (delta-seconds or HTTP date), or undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  // Only an HTTP date (it starts with a day name): Date.parse reads "-5" or "1e3" as a year, which
  // would make a nonsense header mean "retry at once" instead of "absent".
  if (!HTTP_DATE.test(value)) return undefined;
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  retryAfterCapMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 100, capMs: 4_000, retryAfterCapMs: 30_000 };

/**
 * The longest Retry-After licensectl waits out, from LICENSECTL_RETRY_AFTER_CAP (seconds, 0 to
 * 86400; default 30). A server asking for longer ends the retries at once with a message saying
 * so: waiting less than it asked would only be refused again, and an hour's silent wait is a hang.
 */
export function retryAfterCapFromEnv(env: NodeJS.ProcessEnv): number {
  const value = env.LICENSECTL_RETRY_AFTER_CAP;
  if (value === undefined || value.trim() === '') return DEFAULT_BACKOFF.retryAfterCapMs;
  const seconds = Number(value);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(value) || seconds > 86_400) {
    throw usageError(`LICENSECTL_RETRY_AFTER_CAP must be a number of seconds from 0 to 86400, not "${value}"`);
  }
  return Math.round(seconds * 1000);
}

/** Delay before attempt `attempt + 1`: the server's Retry-After (capped), else exponential backoff with jitter. */
export function backoffMs(attempt: number, policy: BackoffPolicy, retryAfter?: number, random = Math.random): number {
  if (retryAfter !== undefined) return Math.min(retryAfter, policy.retryAfterCapMs);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
