import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { ApiError, CliError, failure, interruptedError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { MAX_BODY, parseBody, serverMessage } from './body.js';
import { backoffMs, DEFAULT_BACKOFF, errorCode, neverSent, RETRYABLE_STATUS, retryAfterCapFromEnv, retryAfterMs, transient, type BackoffPolicy } from './retry.js';
import { buildUrl, isLoopback, type Segment } from './url.js';

export { serverMessage } from './body.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Supplies the bearer token; `refresh` gets a new one after a 401 (returns false when it cannot). */
export interface TokenSource {
  token(): Promise<string | undefined>;
  refresh?(): Promise<boolean>;
  /** What to do when the server refuses the token (401), e.g. where a new one comes from. */
  refusedHint?: string;
}

export interface HttpClientOptions {
  baseUrl: string;
  userAgent: string;
  timeoutMs: number;
  auth?: TokenSource;
  allowInsecureHttp?: boolean;
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  /** One line per exchange, already redacted. */
  log?: (line: string) => void;
  /** Aborts waits and requests in flight (Ctrl-C). */
  signal?: AbortSignal;
  dispatcher?: Dispatcher;
  env?: NodeJS.ProcessEnv;
  connections?: number;
}

export interface RequestSpec {
  method: Method;
  path: readonly Segment[];
  query?: Record<string, string | number | undefined>;
  /** JSON body. */
  json?: unknown;
  /** Form-encoded body (OAuth token endpoints). */
  form?: Record<string, string>;
  /** Send the bearer token (default true). */
  auth?: boolean;
  /** Message for a failing status, e.g. {404: 'license type 7 not found in group X'}; the server's own words are appended. */
  messages?: Partial<Record<number, string>>;
  /** Absolute URL instead of baseUrl + path (token endpoints on another origin). */
  url?: string;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data: T;
  /** How many times the request was sent (1 = no retry). */
  attempts: number;
}

/**
 * The one thin HTTP layer: URL building, bearer auth, JSON in and out, time-outs, kept-alive
 * connections, proxies from the environment, retries of idempotent requests, and errors that
 * carry the exit code. POST is never resent once it may have reached the server.
 */
export class HttpClient {
  readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffPolicy;

  constructor(readonly opts: HttpClientOptions) {
    this.ownsDispatcher = !opts.dispatcher;
    this.dispatcher = opts.dispatcher ?? makeDispatcher(opts.env ?? process.env, opts.connections ?? 16);
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 8);
    this.backoff = opts.backoff ?? { ...DEFAULT_BACKOFF, retryAfterCapMs: retryAfterCapFromEnv(opts.env ?? process.env) };
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close().catch(() => undefined);
  }

  async request<T = unknown>(spec: RequestSpec): Promise<HttpResponse<T>> {
    const url = spec.url ? new URL(spec.url) : buildUrl(this.opts.baseUrl, spec.path, spec.query);
    const idempotent = spec.method !== 'POST';
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const headers = await this.headers(spec, url);
      const started = performance.now();
      let res: { status: number; headers: Record<string, string | string[] | undefined>; text: string };
      try {
        res = await this.send(spec, url, headers);
      } catch (err) {
        if (err instanceof CliError) throw err;
        if (this.opts.signal?.aborted) throw interruptedError();
        const code = errorCode(err);
        if (this.opts.log) this.log(`${spec.method} ${redactUrl(url)} failed: ${code ?? (err as Error).message} (${ms(started)})`);
        const safe = idempotent || neverSent(code);
        if (safe && transient(code) && attempt < this.maxAttempts) {
          await this.wait(backoffMs(attempt, this.backoff));
          continue;
        }
        throw networkError(spec, url, err, code, attempt);
      }
      if (this.opts.log) this.log(`${spec.method} ${redactUrl(url)} → ${res.status} (${ms(started)}, ${res.text.length} B)`);

      if (res.status === 401 && spec.auth !== false && !refreshed && this.opts.auth?.refresh) {
        // A 401 is a definite "not processed": getting a fresh token and resending is safe for any method.
        refreshed = true;
        if (await this.opts.auth.refresh()) { attempt--; continue; }
      }
      let waitTooLong: number | undefined;
      if (RETRYABLE_STATUS.has(res.status) && idempotent && attempt < this.maxAttempts) {
        const after = retryAfterMs(res.headers['retry-after']);
        if (after === undefined || after <= this.backoff.retryAfterCapMs) {
          await this.wait(backoffMs(attempt, this.backoff, after));
          continue;
        }
        waitTooLong = after;
      }
      if (res.status >= 400) {
        const err = apiError(spec, res.status, res.text, attempt, this.opts.auth?.refusedHint);
        if (waitTooLong !== undefined) err.message += tooLongToWait(waitTooLong, this.backoff.retryAfterCapMs);
        throw err;
      }
      return { status: res.status, headers: res.headers, data: parseBody(spec, url, res) as T, attempts: attempt };
    }
  }

  private async headers(spec: RequestSpec, url: URL): Promise<Record<string, string>> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.opts.userAgent };
    if (spec.json !== undefined) headers['content-type'] = 'application/json';
    if (spec.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (spec.auth !== false && this.opts.auth) {
      const token = await this.opts.auth.token();
      if (token) {
        if (url.protocol === 'http:' && !isLoopback(url.hostname) && !this.opts.allowInsecureHttp) {
          throw new CliError(
            `refusing to send a token over plain http to ${url.host}: use https, or \`licensectl profile set <name> --allow-insecure-http\` if you really must`,
            { code: 'insecure', exitCode: ExitCode.usage },
          );
        }
        headers.authorization = `Bearer ${token}`;
      }
    }
    return headers;
  }

  private async send(spec: RequestSpec, url: URL, headers: Record<string, string>) {
    const body = spec.json !== undefined ? JSON.stringify(spec.json) : spec.form !== undefined ? new URLSearchParams(spec.form).toString() : undefined;
    // One controller and one timer per request: AbortSignal.timeout() + AbortSignal.any() and
    // undici's request() (a Readable body, read through an async iterator) cost more than the
    // rest of a request on a fast server.
    const outer = this.opts.signal;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; controller.abort(); }, this.opts.timeoutMs);
    const onAbort = () => controller.abort();
    if (outer?.aborted) controller.abort();
    else outer?.addEventListener('abort', onAbort, { once: true });
    try {
      return await new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let status = 0;
        let resHeaders: Record<string, string | string[] | undefined> = {};
        this.dispatcher.dispatch(
          { origin: url.origin, path: url.pathname + url.search, method: spec.method, headers, body: body ?? null, headersTimeout: this.opts.timeoutMs, bodyTimeout: this.opts.timeoutMs },
          {
            onRequestStart(ctl: { abort(reason: unknown): void }) {
              if (controller.signal.aborted) ctl.abort(controller.signal.reason);
              else controller.signal.addEventListener('abort', () => ctl.abort(controller.signal.reason), { once: true });
            },
            onResponseStart(_ctl: unknown, statusCode: number, h: Record<string, string | string[] | undefined>) {
              status = statusCode;
              resHeaders = h;
            },
            onResponseData(ctl: { abort(reason: unknown): void }, chunk: Buffer) {
              size += chunk.length;
              if (size > MAX_BODY) return ctl.abort(failure(`the server's answer is larger than ${MAX_BODY / 1024 / 1024} MiB; refusing to read it`, 'bad_response'));
              chunks.push(chunk);
            },
            onResponseEnd() {
              resolve({ status, headers: resHeaders, text: Buffer.concat(chunks).toString('utf8') });
            },
            onResponseError(_ctl: unknown, err: Error) {
              reject(err);
            },
          } as unknown as Dispatcher.DispatchHandler,
        );
      });
    } catch (err) {
      if (err instanceof CliError) throw err;
      if (timedOut && !outer?.aborted) throw Object.assign(new Error('timed out'), { code: 'TIMEOUT', cause: err });
      throw err;
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  private wait(delay: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const signal = this.opts.signal;
      if (signal?.aborted) return reject(interruptedError());
      const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, delay);
      const onAbort = () => { clearTimeout(timer); reject(interruptedError()); };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }
}

function makeDispatcher(env: NodeJS.ProcessEnv, connections: number): Dispatcher {
  const proxied = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy;
  const opts = { connections, keepAliveTimeout: 4_000, keepAliveMaxTimeout: 30_000 };
  return proxied ? new EnvHttpProxyAgent(opts) : new Agent(opts);
}

const REASONS: Record<number, string> = {
  400: 'bad request', 401: 'unauthorized', 403: 'forbidden', 404: 'not found', 405: 'method not allowed',
  409: 'conflict', 413: 'request too large', 422: 'unprocessable', 429: 'too many requests',
  500: 'server error', 502: 'bad gateway', 503: 'service unavailable', 504: 'gateway time-out',
};

function apiError(spec: RequestSpec, status: number, text: string, attempts: number, refusedHint = 'run `licensectl auth login` again'): ApiError {
  const said = serverMessage(text);
  let message = spec.messages?.[status] ?? `${spec.method} ${describePath(spec)} failed with ${status} ${REASONS[status] ?? ''}`.trimEnd();
  if (status === 401 && !spec.messages?.[401]) message = `the server refused the token (401): ${refusedHint}`;
  if (said && !message.includes(said)) message += `: ${said}`;
  if (attempts > 1) message += ` (after ${attempts} attempts)`;
  const err = new ApiError(message, status, said);
  err.attempts = attempts;
  return err;
}

function tooLongToWait(afterMs: number, capMs: number): string {
  const s = (n: number) => `${Math.round(n / 100) / 10} s`;
  return ` (the server asks to wait ${s(afterMs)} before trying again, longer than licensectl waits: ${s(capMs)}; try again later, or raise LICENSECTL_RETRY_AFTER_CAP)`;
}

function describePath(spec: RequestSpec): string {
  return spec.url ? new URL(spec.url).pathname : '/' + spec.path.map(String).join('/');
}

function networkError(spec: RequestSpec, url: URL, err: unknown, code: string | undefined, attempts: number): CliError {
  const e = describeNetworkError(spec, url, err, code, attempts);
  e.attempts = attempts;
  return e;
}

function describeNetworkError(spec: RequestSpec, url: URL, err: unknown, code: string | undefined, attempts: number): CliError {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  if (code === 'TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    const e = failure(`no answer from ${url.host} within the time-out${tries} (raise it with --timeout <seconds>)`, 'timeout', err);
    return spec.method === 'POST' ? ambiguous(spec, url, 'timed out', err) : e;
  }
  if (spec.method === 'POST' && !neverSent(code)) return ambiguous(spec, url, `lost its connection (${code ?? (err as Error).message})`, err);
  return failure(`cannot reach ${url.host}${tries}: ${code ?? (err as Error).message}`, 'network', err);
}

function ambiguous(spec: RequestSpec, url: URL, what: string, cause: unknown): CliError {
  return failure(
    `${spec.method} ${url.pathname} ${what} after it may have reached the server; it was NOT sent again, so check whether it took effect before retrying`,
    'ambiguous',
    cause,
  );
}


function redactUrl(url: URL): string {
  const copy = new URL(url);
  for (const key of [...copy.searchParams.keys()]) if (/token|secret|password/i.test(key)) copy.searchParams.set(key, '***');
  return copy.toString();
}

function ms(started: number): string {
  return `${Math.round(performance.now() - started)} ms`;
}
