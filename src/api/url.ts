// Joining a profile's base URL with API path segments. Every segment is percent-encoded, so a
// group id like "a/b" or "../x" stays one segment and can never climb out of the API path.

export type Segment = string | number;

export function buildUrl(baseUrl: string, segments: readonly Segment[], query?: Record<string, string | number | undefined>): URL {
  const url = new URL(baseUrl);
  const basePath = url.pathname.replace(/\/+$/, '');
  url.pathname = basePath + '/' + segments.map((s) => encodeURIComponent(String(s))).join('/');
  url.search = '';
  url.hash = '';
  if (query) {
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
  }
  return url;
}

export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
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
