import type { IncomingHttpHeaders } from 'node:http';
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import { ApiError, CliError, failure, interruptedError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { MAX_BODY, parseBody, serverMessage } from './body.js';
import { notFoundMessage, type NotFoundSuspect } from './not-found.js';
import { backoffMs, DEFAULT_BACKOFF, errorCode, neverSent, RETRYABLE_STATUS, retryAfterCapFromEnv, retryAfterMs, transient, type BackoffPolicy } from './retry.js';
import { basePathOf, buildPath, isLoopback, type Query, type Segment } from './url.js';

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
  query?: Query;
  /**
   * Safe to send again after a failure. Default: every method but POST. A POST that only reads
   * (UiPath's batch read of group rules) says true, so it is retried like a GET.
   */
  idempotent?: boolean;
  /** JSON body. */
  json?: unknown;
  /** Form-encoded body (OAuth token endpoints). */
  form?: Record<string, string>;
  /** Send the bearer token (default true). */
  auth?: boolean;
  /** Message for a failing status, e.g. {404: 'license type 7 not found in group X'}; the server's own words are appended. */
  messages?: Partial<Record<number, string>>;
  /** What a 404 may be about, most specific first: one cause and one next step (api/not-found.ts). */
  notFound?: readonly NotFoundSuspect[];
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
  /** Aborts the requests in flight; called for each on Ctrl-C. */
  private readonly inFlight = new Set<Exchange>();
  /** The base URL taken apart once, not for every request. */
  private readonly base: { origin: string; path: string; insecure: boolean };

  constructor(readonly opts: HttpClientOptions) {
    this.ownsDispatcher = !opts.dispatcher;
    this.dispatcher = opts.dispatcher ?? makeDispatcher(opts.env ?? process.env, opts.connections ?? 16);
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 8);
    this.backoff = opts.backoff ?? { ...DEFAULT_BACKOFF, retryAfterCapMs: retryAfterCapFromEnv(opts.env ?? process.env) };
    const base = new URL(opts.baseUrl);
    this.base = { origin: base.origin, path: basePathOf(base), insecure: insecureFor(base, opts.allowInsecureHttp) };
    opts.signal?.addEventListener('abort', () => { for (const exchange of this.inFlight) exchange.abort(opts.signal!.reason); }, { once: true });
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close().catch(() => undefined);
  }

  async request<T = unknown>(spec: RequestSpec): Promise<HttpResponse<T>> {
    const target = this.target(spec);
    const idempotent = spec.idempotent ?? spec.method !== 'POST';
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const headers = await this.headers(spec, target);
      const started = this.opts.log ? performance.now() : 0;
      let res: RawResponse;
      try {
        res = await this.send(spec, target, headers);
      } catch (err) {
        if (err instanceof CliError) throw err;
        if (this.opts.signal?.aborted) throw interruptedError();
        const code = errorCode(err);
        if (this.opts.log) this.log(`${spec.method} ${redactUrl(target.url)} failed: ${code ?? (err as Error).message} (${ms(started)})`);
        const safe = idempotent || neverSent(code);
        if (safe && transient(code) && attempt < this.maxAttempts) {
          await this.wait(backoffMs(attempt, this.backoff));
          continue;
        }
        throw networkError(spec, target.url, err, code, attempt);
      }
      if (this.opts.log) this.log(`${spec.method} ${redactUrl(target.url)} → ${res.status} (${ms(started)}, ${res.text.length} B)`);

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
        const err = apiError(spec, res.status, res.text, attempt, this.opts.auth?.refusedHint, `${this.base.origin}${this.base.path}`);
        if (waitTooLong !== undefined) err.message += tooLongToWait(waitTooLong, this.backoff.retryAfterCapMs);
        throw err;
      }
      return { status: res.status, headers: res.headers, data: parseBody(spec, target, res) as T, attempts: attempt };
    }
  }

  /** Where a request goes; the base URL's origin unless the spec names an absolute URL (token endpoints). */
  private target(spec: RequestSpec): Target {
    if (spec.url === undefined) return new Target(this.base.origin, buildPath(this.base.path, spec.path, spec.query), this.base.insecure);
    const url = new URL(spec.url);
    return new Target(url.origin, url.pathname + url.search, insecureFor(url, this.opts.allowInsecureHttp), url);
  }

  private async headers(spec: RequestSpec, target: Target): Promise<Record<string, string>> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.opts.userAgent };
    if (spec.json !== undefined) headers['content-type'] = 'application/json';
    if (spec.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    if (spec.auth !== false && this.opts.auth) {
      const token = await this.opts.auth.token();
      if (token) {
        if (target.insecure) {
          throw new CliError(
            `refusing to send a token over plain http to ${target.url.host}: use https, or \`licensectl profile set <name> --allow-insecure-http\` if you really must`,
            { code: 'insecure', exitCode: ExitCode.usage },
          );
        }
        headers.authorization = `Bearer ${token}`;
      }
    }
    return headers;
  }

  private async send(spec: RequestSpec, target: Target, headers: Record<string, string>): Promise<RawResponse> {
    const body = spec.json !== undefined ? JSON.stringify(spec.json) : spec.form !== undefined ? new URLSearchParams(spec.form).toString() : undefined;
    const outer = this.opts.signal;
    if (outer?.aborted) throw interruptedError();
    let exchange: Exchange | undefined;
    try {
      return await new Promise<RawResponse>((resolve, reject) => {
        exchange = new Exchange(resolve, reject, this.opts.timeoutMs);
        if (outer) this.inFlight.add(exchange);
        const timeout = this.opts.timeoutMs;
        this.dispatcher.dispatch(
          { origin: target.origin, path: target.path, method: spec.method, headers, body: body ?? null, headersTimeout: timeout, bodyTimeout: timeout },
          exchange,
        );
      });
    } catch (err) {
      if (err instanceof CliError) throw err;
      if (exchange?.timedOut && !outer?.aborted) throw Object.assign(new Error('timed out'), { code: 'TIMEOUT', cause: err });
      throw err;
    } finally {
      if (exchange) {
        exchange.done();
        this.inFlight.delete(exchange);
      }
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

type RawResponse = { status: number; headers: Record<string, string | string[] | undefined>; text: string };

/** Where one request goes: what the dispatcher needs, and a URL object only when a message needs one. */
class Target {
  constructor(
    readonly origin: string,
    readonly path: string,
    /** Sending a token here would cross the network in clear text. */
    readonly insecure: boolean,
    private parsed?: URL,
  ) {}

  get url(): URL {
    return (this.parsed ??= new URL(this.origin + this.path));
  }
}

function insecureFor(url: URL, allowInsecureHttp = false): boolean {
  return url.protocol === 'http:' && !isLoopback(url.hostname) && !allowInsecureHttp;
}

/** The part of undici's DispatchController an exchange uses. */
interface Controller {
  abort(reason: unknown): void;
}

/**
 * One request on the wire, as undici's dispatch handler: collects the answer (up to MAX_BODY) and
 * owns the request's one timer. One object per request: an AbortController, an event listener or
 * AbortSignal.timeout() per request, a closure per callback, or undici's request() (a Readable body
 * read through an async iterator) each cost more than the rest of a request on a fast server.
 */
class Exchange implements Dispatcher.DispatchHandler {
  timedOut = false;
  private controller: Controller | undefined;
  private abortReason: unknown;
  private readonly timer: NodeJS.Timeout;
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private status = 0;
  private headers: Record<string, string | string[] | undefined> = {};

  constructor(
    private readonly resolve: (res: RawResponse) => void,
    private readonly reject: (err: unknown) => void,
    timeoutMs: number,
  ) {
    this.timer = setTimeout(timeOut, timeoutMs, this);
  }

  /** Stops the request now, or as soon as undici starts it. */
  abort(reason: unknown): void {
    if (this.controller) this.controller.abort(reason);
    else this.abortReason ??= reason;
  }

  done(): void {
    clearTimeout(this.timer);
  }

  onRequestStart(controller: Controller): void {
    this.controller = controller;
    if (this.abortReason !== undefined) controller.abort(this.abortReason);
  }

  onResponseStart(_controller: Controller, status: number, headers: IncomingHttpHeaders): void {
    this.status = status;
    this.headers = headers;
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > MAX_BODY) return controller.abort(failure(`the server's answer is larger than ${MAX_BODY / 1024 / 1024} MiB; refusing to read it`, 'bad_response'));
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    const chunks = this.chunks;
    this.resolve({ status: this.status, headers: this.headers, text: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8') });
  }

  onResponseError(_controller: Controller, err: Error): void {
    this.reject(err);
  }
}

function timeOut(exchange: Exchange): void {
  exchange.timedOut = true;
  exchange.abort(Object.assign(new Error('timed out'), { code: 'TIMEOUT' }));
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

function apiError(spec: RequestSpec, status: number, text: string, attempts: number, refusedHint = 'run `licensectl auth login` again', base = ''): ApiError {
  const said = serverMessage(text);
  let message = spec.messages?.[status] ?? `${spec.method} ${describePath(spec)} failed with ${status} ${REASONS[status] ?? ''}`.trimEnd();
  if (status === 401 && !spec.messages?.[401]) message = `the server refused the token (401): ${refusedHint}`;
  if (status === 404 && spec.notFound?.length) message = notFoundMessage(spec.notFound, text, said, base);
  else if (said && !message.includes(said)) message += `: ${said}`;
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
    return mayHaveWritten(spec) ? ambiguous(spec, url, 'timed out', err) : e;
  }
  if (mayHaveWritten(spec) && !neverSent(code)) return ambiguous(spec, url, `lost its connection (${code ?? (err as Error).message})`, err);
  return failure(`cannot reach ${url.host}${tries}: ${code ?? (err as Error).message}`, 'network', err);
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


function redactUrl(url: URL): string {
  const copy = new URL(url);
  for (const key of [...copy.searchParams.keys()]) if (/token|secret|password/i.test(key)) copy.searchParams.set(key, '***');
  return copy.toString();
}

function ms(started: number): string {
  return `${Math.round(performance.now() - started)} ms`;
}
