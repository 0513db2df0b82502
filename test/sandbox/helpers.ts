// Plain-fetch helpers for the sandbox tests: every request is built by hand, the way a client would.

import { SANDBOX_DEFAULTS } from '../../src/sandbox/server.js';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body; undefined when it is not JSON. */
  json: any;
}

export interface CallOptions {
  token?: string;
  /** Sent as JSON (with Content-Type: application/json) unless a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

export async function call(base: string, method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (opts.token !== undefined) headers.Authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (typeof opts.body === 'string') body = opts.body;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export const leasePath = (groupId: string, accountId: string = SANDBOX_DEFAULTS.accountId, org = SANDBOX_DEFAULTS.org): string =>
  `/${org}/lease_/api/account/${accountId}/user-license/group/${encodeURIComponent(groupId)}`;

export const ltPath = (suffix = '', group: string = SANDBOX_DEFAULTS.group, instance = SANDBOX_DEFAULTS.instance): string =>
  `/api/v01/draas/${instance}/groups/${group}/license_types${suffix}`;

export function form(fields: Record<string, string>): { body: string; headers: Record<string, string> } {
  return { body: new URLSearchParams(fields).toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } };
}

/** The documented error body: a short code and a human sentence. */
export function expectErrorBody(a: Answer): { error: string; message: string } {
  if (typeof a.json?.error !== 'string' || typeof a.json?.message !== 'string' || a.json.message === '') {
    throw new Error(`not an error body: ${a.status} ${a.text}`);
  }
  return a.json;
}
