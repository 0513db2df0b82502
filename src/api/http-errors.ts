// The messages of a failed request (HttpClient, src/api/http.ts): a status the server refused, a
// network failure, and why a request that could have been retried was not. Each error carries
// the exit code and how many attempts were made.
import { ApiError, CliError, failure } from '../errors.js';
import { errorName, serverMessage } from './body.js';
import type { RequestSpec } from './http.js';
import { notFoundMessage } from './not-found.js';
import { neverSent } from './retry.js';

/** Why a request was not tried again although it could have been. */
export interface Stop {
  why: 'deadline' | 'interrupted';
  attempts: number;
  deadlineMs?: number;
}

/** Where a failed request went: a message names its path and host. */
type Sent = { readonly url: URL };

export const REASONS: Record<number, string> = {
  400: 'bad request', 401: 'unauthorized', 403: 'forbidden', 404: 'not found', 405: 'method not allowed',
  409: 'conflict', 413: 'request too large', 422: 'unprocessable', 429: 'too many requests',
  500: 'server error', 502: 'bad gateway', 503: 'service unavailable', 504: 'gateway time-out',
};

export function apiError(spec: RequestSpec, target: Sent, status: number, text: string, attempts: number, refusedHint = 'run `licensectl auth login` again', stop?: Stop, base = ''): ApiError {
  const said = serverMessage(text);
  let message = spec.messages?.[status] ?? `${spec.method} ${target.url.pathname} failed with ${status} ${REASONS[status] ?? ''}`.trimEnd();
  if (status === 401 && !spec.messages?.[401]) message = `the server refused the token (401): ${refusedHint}`;
  if (status === 404 && spec.notFound?.length) message = notFoundMessage(spec.notFound, text, said, base);
  else if (said && !message.includes(said)) message += `: ${said}`;
  if (stop) message += stopped(stop);
  else if (attempts > 1) message += ` (after ${attempts} attempts)`;
  const err = new ApiError(message, status, said);
  err.errorName = errorName(text);
  err.attempts = attempts;
  return err;
}

/** " (gave up after 3 attempts: ...)": why a request that could have been retried was not. */
function stopped(stop: Stop): string {
  const tries = `${stop.attempts} attempt${stop.attempts === 1 ? '' : 's'}`;
  if (stop.why === 'interrupted') return ` (interrupted after ${tries}: not tried again)`;
  return ` (gave up after ${tries}: the deadline of ${Math.round((stop.deadlineMs ?? 0) / 100) / 10} s for a request passed; raise LICENSECTL_DEADLINE)`;
}

export function tooLongToWait(afterMs: number, capMs: number): string {
  const s = (n: number) => `${Math.round(n / 100) / 10} s`;
  return ` (the server asks to wait ${s(afterMs)} before trying again, longer than licensectl waits: ${s(capMs)}; try again later, or raise LICENSECTL_RETRY_AFTER_CAP)`;
}

export function networkError(spec: RequestSpec, target: Sent, err: unknown, code: string | undefined, attempts: number, stop?: Stop): CliError {
  const e = describeNetworkError(spec, target.url, err, code, stop ? 1 : attempts);
  if (stop) e.message += stopped(stop);
  e.attempts = attempts;
  return e;
}

/** Errors that usually mean a wrong base URL or a server that is not running. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function describeNetworkError(spec: RequestSpec, url: URL, err: unknown, code: string | undefined, attempts: number): CliError {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  if (code === 'TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    const e = failure(`no answer from ${url.host} within the time-out${tries} (raise it with --timeout <seconds>)`, 'timeout', err);
    return mayHaveWritten(spec) ? ambiguous(spec, url, 'timed out', err) : e;
  }
  if (mayHaveWritten(spec) && !neverSent(code)) return ambiguous(spec, url, `lost its connection (${code ?? (err as Error).message})`, err);
  const hint = code !== undefined && UNREACHABLE.has(code) ? `; check the base URL (${url.origin}) and that the server is running` : '';
  return failure(`cannot reach ${url.host}${tries}: ${code ?? (err as Error).message}${hint}`, 'network', err);
}

/** A request that is not resent once it may have reached the server. */
function mayHaveWritten(spec: RequestSpec): boolean {
  return !(spec.idempotent ?? spec.method !== 'POST');
}

function ambiguous(spec: RequestSpec, url: URL, what: string, cause: unknown): CliError {
  return failure(
    `${spec.method} ${url.pathname} ${what} after it may have reached the server; it was NOT sent again, so check whether it took effect before retrying`,
    'ambiguous',
    cause,
  );
}
