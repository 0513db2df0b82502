import { ExitCode, exitCodeForStatus, type ExitCodeValue } from './exit-codes.js';

/**
 * The one error type a command throws on purpose. `code` is a stable machine-readable name
 * (it lands in `{"error":{"code"}}` with --json); `exitCode` is what the process exits with.
 */
export class CliError extends Error {
  readonly code: string;
  readonly exitCode: ExitCodeValue;
  readonly status: number | undefined;
  /** How many times the HTTP request was sent before it failed (set by HttpClient; a bulk report shows it). */
  attempts: number | undefined;

  constructor(message: string, opts: { code: string; exitCode: ExitCodeValue; status?: number; cause?: unknown }) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CliError';
    this.code = opts.code;
    this.exitCode = opts.exitCode;
    this.status = opts.status;
  }
}

/** Bad or missing flag, argument or input file: nothing was sent. Exit 2. */
export function usageError(message: string): CliError {
  return new CliError(message, { code: 'usage', exitCode: ExitCode.usage });
}

/** Not logged in / no token. Exit 4. */
export function authError(message: string): CliError {
  return new CliError(message, { code: 'auth', exitCode: ExitCode.auth });
}

/** An HTTP answer the API documents as an error (4xx/5xx). */
export class ApiError extends CliError {
  /** The message the server gave (its `error`/`message`/`detail` field, or the first text line). */
  readonly apiMessage: string | undefined;
  /** The body's machine-readable `error` string when it has one (OAuth's `invalid_scope`, Fusion's `expired_payload`). */
  errorName: string | undefined;

  constructor(message: string, status: number, apiMessage?: string) {
    super(message, { code: codeForStatus(status), exitCode: exitCodeForStatus(status), status });
    this.name = 'ApiError';
    this.apiMessage = apiMessage;
  }
}

function codeForStatus(status: number): string {
  switch (status) {
    case 400: return 'bad_request';
    case 401: return 'unauthorized';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 409: return 'conflict';
    case 413: return 'too_large';
    case 422: return 'unprocessable';
    case 429: return 'rate_limited';
    default: return status >= 500 ? 'server_error' : 'http_error';
  }
}

/** Network failure, time-out, or an answer the API does not document. Exit 1. */
export function failure(message: string, code = 'failure', cause?: unknown): CliError {
  return new CliError(message, { code, exitCode: ExitCode.failure, cause });
}

/** Ctrl-C: exit 130. */
export function interruptedError(): CliError {
  return new CliError('interrupted', { code: 'interrupted', exitCode: ExitCode.interrupted });
}
