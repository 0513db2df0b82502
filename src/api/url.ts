// Joining a profile's base URL with API path segments. Every segment is percent-encoded, so a
// group id like "a/b" or "../x" stays one segment, and `.` or `..` is refused: nothing can climb
// out of the API path.

import { usageError } from '../errors.js';

export type Segment = string | number;

/** Query values: a list repeats the key once per item (`?code=A&code=B`); undefined and '' are left out. */
export type Query = Record<string, string | number | readonly string[] | undefined>;

export function buildUrl(baseUrl: string, segments: readonly Segment[], query?: Query): URL {
  const base = new URL(baseUrl);
  return new URL(buildPath(basePathOf(base), segments, query), base.origin);
}

/** A base URL's path without its trailing slashes ("" for the root). */
export function basePathOf(base: URL): string {
  return base.pathname.replace(/\/+$/, '');
}

/** The path and query of a request below `basePath`; throws a usage error for a `.` or `..` segment. */
export function buildPath(basePath: string, segments: readonly Segment[], query?: Query): string {
  let path = basePath;
  for (const s of segments) path += '/' + encodeSegment(String(s));
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (Array.isArray(v)) for (const item of v as readonly string[]) params.append(k, item);
      else if (v !== undefined && v !== '') params.set(k, String(v));
    }
    const search = params.toString();
    if (search) path += '?' + search;
  }
  return path;
}

function encodeSegment(segment: string): string {
  const problem = segmentProblem(segment);
  if (problem) throw usageError(problem);
  return encodeURIComponent(segment);
}

/**
 * Why a value cannot be one segment of a request path: URL parsers and servers read `.` and `..`
 * as "here" and "one step up" (anything else is percent-encoded and stays one segment).
 */
export function segmentProblem(segment: string): string | undefined {
  return segment === '.' || segment === '..' ? `"${segment}" cannot be sent as a path segment: a URL reads it as a step up or in place` : undefined;
}

/**
 * A host that is this machine whatever DNS or the hosts file say: 127.0.0.0/8, ::1 (also
 * IPv4-mapped) and the name localhost itself. Other names, `*.localhost` included, are looked
 * up like any name, and a resolver may send them anywhere.
 */
export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(h);
}

/** Validates a base URL given by a flag, env var or profile. Returns the error text, or undefined. */
export function baseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL (expected e.g. https://cloud.uipath.com/myorg)`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `"${value}" must start with https:// or http://`;
  if (url.search || url.hash) return `"${value}" must not have a query or fragment`;
  if (url.username || url.password) return `"${value}" must not carry credentials`;
  return undefined;
}
