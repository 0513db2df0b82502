// What handlers see and return: a parsed request (Ctx), a Reply, and ApiError for every refusal.
// Every error body is `{"error": "<short code>", "message": "<human sentence>"}`.

import type { IncomingHttpHeaders } from 'node:http';
import { isJsonObject } from '../json.js';

export interface Reply {
  status: number;
  /** Serialised as JSON; omitted for 204. */
  body?: unknown;
  headers?: Record<string, string>;
  /** A non-JSON body (the HTML a proxy sends with 502/504); `headers` must carry its type. */
  text?: string;
}

export interface Ctx {
  method: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Extra members of the error body (e.g. OAuth's `error_description`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  reply(): Reply {
    return { status: this.status, headers: this.headers, body: { error: this.code, message: this.message, ...this.extra } };
  }
}

export const badRequest = (message: string): ApiError => new ApiError(400, 'bad_request', message);
export const notFound = (message: string): ApiError => new ApiError(404, 'not_found', message);

function mediaType(ctx: Ctx): string {
  return (ctx.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The body as JSON: 415 unless sent as application/json, 400 when empty or malformed. */
export function jsonBody(ctx: Ctx): unknown {
  const type = mediaType(ctx);
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new ApiError(415, 'unsupported_media_type', `expected Content-Type: application/json, got ${type || 'none'}`);
  }
  if (ctx.body.length === 0) throw new ApiError(400, 'invalid_json', 'the request body is empty; a JSON document was expected');
  try {
    return JSON.parse(ctx.body.toString('utf8'));
  } catch (err) {
    throw new ApiError(400, 'invalid_json', `the request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** A JSON object body; 400 for arrays, scalars and null. */
export function jsonObject(ctx: Ctx): Record<string, unknown> {
  const body = jsonBody(ctx);
  if (!isJsonObject(body)) throw badRequest('the request body must be a JSON object');
  return body;
}

/** The body as an HTML form (OAuth token requests). */
export function formBody(ctx: Ctx): URLSearchParams {
  const type = mediaType(ctx);
  if (type !== 'application/x-www-form-urlencoded') {
    throw new ApiError(400, 'invalid_request', `expected Content-Type: application/x-www-form-urlencoded, got ${type || 'none'}`, {}, {
      error_description: 'the token endpoint takes a form-encoded body',
    });
  }
  return new URLSearchParams(ctx.body.toString('utf8'));
}

/** One query parameter; absent or empty counts as absent, repeated is a 400. */
export function queryParam(ctx: Ctx, name: string): string | undefined {
  const all = ctx.query.getAll(name);
  if (all.length > 1) throw badRequest(`query parameter ${name} is given ${all.length} times`);
  return all[0] === '' ? undefined : all[0];
}

/** An integer query parameter within [min, max], or the default when absent. */
export function intParam(ctx: Ctx, name: string, dflt: number, min: number, max: number): number {
  const raw = queryParam(ctx, name);
  if (raw === undefined) return dflt;
  const n = /^[0-9]+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `between ${min} and ${max}`;
    throw badRequest(`query parameter ${name} must be an integer ${range}, got ${JSON.stringify(raw)}`);
  }
  return n;
}

/** One of the allowed values, or the default when absent. */
export function enumParam<T extends string>(ctx: Ctx, name: string, allowed: readonly T[], dflt?: T): T | undefined {
  const raw = queryParam(ctx, name);
  if (raw === undefined) return dflt;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw badRequest(`query parameter ${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
  }
  return raw as T;
}
