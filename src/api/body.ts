// Reading an answer's body: a size limit, JSON checked to be JSON (and not absurdly deep), redirects
// refused, and the server's own words pulled out of an error body, cleaned for the terminal.
import { failure } from '../errors.js';
import { safeText } from '../output/format.js';
import type { RequestSpec } from './http.js';

export const MAX_BODY = 64 * 1024 * 1024;

/**
 * What the answers being read may hold together, per client: without it a bulk run of 64 requests
 * in flight could buffer 64 x MAX_BODY (4 GiB). Either API's largest answer (a page of 1000
 * groups) is well under a megabyte.
 */
export const MAX_IN_FLIGHT = 128 * 1024 * 1024;

/** Deeper than any answer either API documents; JSON.stringify (and so every renderer) overflows its stack near 5000. */
const MAX_DEPTH = 64;

/** `target.url` is read only to name the request in an error. */
export function parseBody(spec: RequestSpec, target: { readonly url: URL }, res: { status: number; headers: Record<string, string | string[] | undefined>; text: string }): unknown {
  if (res.status >= 300) {
    // Redirects are not followed: the token must not travel to wherever a proxy points.
    const where = res.headers.location ? ` to ${safeText(String(res.headers.location)).slice(0, 200)}` : '';
    throw failure(`${spec.method} ${target.url.pathname} answered ${res.status}, a redirect${where}, which licensectl does not follow: check the base URL`, 'bad_response');
  }
  if (res.status === 204 || res.text.trim() === '') return undefined;
  let data: unknown;
  try {
    data = JSON.parse(res.text);
  } catch {
    const type = String(res.headers['content-type'] ?? 'no content type').split(';')[0];
    throw failure(
      `${spec.method} ${target.url.pathname} answered ${res.status} with something that is not JSON (${type}): ${firstLine(res.text)}`,
      'bad_response',
    );
  }
  if (depthExceeds(data, MAX_DEPTH)) {
    throw failure(`${spec.method} ${target.url.pathname} answered JSON nested more than ${MAX_DEPTH} levels deep; refusing it`, 'bad_response');
  }
  return data;
}

/**
 * Whether `value` nests objects or arrays `limit` levels deep. Recursive, so it allocates nothing
 * (a stack of [value, depth] pairs cost a pair per value: 10% of `list --all`'s CPU); the
 * recursion ends at `limit`, however deep the value.
 */
function depthExceeds(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit <= 0) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (depthExceeds(value[i], limit - 1)) return true;
    return false;
  }
  // JSON.parse makes plain objects: for-in sees exactly their own keys.
  for (const key in value) if (depthExceeds((value as Record<string, unknown>)[key], limit - 1)) return true;
  return false;
}

/** The `error` field of a JSON error body when it is a short word (`invalid_scope`), else undefined. */
export function errorName(text: string): string | undefined {
  try {
    const data = JSON.parse(text) as unknown;
    const e = data && typeof data === 'object' ? (data as Record<string, unknown>).error : undefined;
    return typeof e === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(e) ? e : undefined;
  } catch {
    return undefined;
  }
}

/** The server's own words: JSON `error`/`message`/`detail` (or `error.message`), else the first line of text. */
export function serverMessage(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  try {
    const data = JSON.parse(trimmed) as unknown;
    if (data && typeof data === 'object') {
      const d = data as Record<string, unknown>;
      const nested = d.error && typeof d.error === 'object' ? (d.error as Record<string, unknown>) : undefined;
      for (const v of [d.message, d.detail, nested?.message, d.error_description, d.error, d.title]) {
        if (typeof v === 'string' && v.trim()) return safeText(v.trim()).slice(0, 300);
      }
      return undefined;
    }
  } catch {
    // not JSON: fall through to the text
  }
  return firstLine(trimmed);
}

function firstLine(text: string): string {
  const first = (t: string) => t.split(/\r?\n/).map((l) => l.replace(/\s+/g, ' ').trim()).find((l) => l.length > 0);
  // The words of an HTML page; markup with no words (XML) is quoted as it is.
  const line = first(text.replace(/<[^>]*>/g, ' ')) ?? first(text) ?? '';
  return safeText(line).slice(0, 200) || '(empty body)';
}
