import type { Dispatcher } from 'undici';
import { CliError, interruptedError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { MAX_IN_FLIGHT, parseBody } from './body.js';
import { Exchange, InFlight, type Budget, type RawResponse } from './exchange.js';
import { apiError, networkError, REASONS, tooLongToWait, type Stop } from './http-errors.js';
import { makeDispatcher, redactUrl, Target } from './http-target.js';
import type { NotFoundSuspect } from './not-found.js';
import { backoffMs, DEFAULT_BACKOFF, errorCode, neverSent, RETRYABLE_STATUS, retryAfterCapFromEnv, retryAfterMs, transient, type BackoffPolicy } from './retry.js';
import { basePathOf, buildPath, type Query, type Segment } from './url.js';
import { insecureError, insecureFor, proxySettings, type Insecure, type ProxySettings } from './proxy.js';

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
  /**
   * Ctrl-C in a bulk run: once aborted, a request in flight finishes its current attempt but starts
   * no other attempt and no back-off wait (`signal` would abort the attempt itself).
   */
  drain?: AbortSignal;
  /** The most milliseconds one request may take, all attempts and back-off waits together. */
  deadlineMs?: number;
  /** A one-line note before each retry (a terminal shows it; a bulk run with its progress bar does not). */
  onRetry?: (line: string) => void;
  /** How many bytes the answers in flight may hold together (default MAX_IN_FLIGHT). */
  maxBufferedBytes?: number;
  /** Told of every answer, and asked before every attempt (adaptive concurrency, src/pool-adaptive.ts). */
  pacer?: RequestPacer;
}

/** A pool's view of the requests: it may hold attempts back (a pool-wide Retry-After) and learns from each answer. */
export interface RequestPacer {
  /** undefined when an attempt may be sent now, else a promise that resolves when it may. */
  ready(): Promise<void> | undefined;
  /** `sentAt`: performance.now() when the attempt was sent. */
  answered(status: number, retryAfterMs: number | undefined, sentAt: number): void;
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
  /** Send this bearer token instead of the client's, never renewed (Fusion renewal sends the refresh token). */
  bearer?: string;
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
  private readonly inFlight = new InFlight();
  /** The base URL taken apart once, not for every request. */
  private readonly base: { origin: string; path: string; insecure: Insecure };
  /** The environment's proxies, when this client's own dispatcher follows them. */
  private readonly proxies: ProxySettings | undefined;
  /** Bytes held by the answers being read; a concurrency of 64 must not mean 64 x MAX_BODY. */
  private readonly buffered: Budget;
  private readonly deadlineMs: number;
  /** The last token found fit for a header: a bulk run sends the same one thousands of times. */
  private headerSafeToken: string | undefined;

  constructor(readonly opts: HttpClientOptions) {
    this.ownsDispatcher = !opts.dispatcher;
    this.proxies = opts.dispatcher ? undefined : proxySettings(opts.env ?? process.env);
    this.dispatcher = opts.dispatcher ?? makeDispatcher(this.proxies!, opts.connections ?? 16);
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 8);
    this.backoff = opts.backoff ?? { ...DEFAULT_BACKOFF, retryAfterCapMs: retryAfterCapFromEnv(opts.env ?? process.env) };
    const base = new URL(opts.baseUrl);
    this.base = { origin: base.origin, path: basePathOf(base), insecure: insecureFor(base, opts.allowInsecureHttp, this.proxies) };
    this.buffered = { used: 0, max: opts.maxBufferedBytes ?? MAX_IN_FLIGHT };
    this.deadlineMs = opts.deadlineMs ?? Infinity;
    opts.signal?.addEventListener('abort', () => this.inFlight.abortAll(opts.signal!.reason), { once: true });
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close().catch(() => undefined);
  }

  async request<T = unknown>(spec: RequestSpec): Promise<HttpResponse<T>> {
    const target = this.target(spec);
    const idempotent = spec.idempotent ?? spec.method !== 'POST';
    const deadline = performance.now() + this.deadlineMs;
    let refreshed = false;
    const pacer = this.opts.pacer;
    for (let attempt = 1; ; attempt++) {
      const gate = pacer?.ready();
      if (gate) await gate;
      const headers = await this.headers(spec, target);
      const started = this.opts.log || pacer ? performance.now() : 0;
      let res: RawResponse;
      try {
        res = await this.send(spec, target, headers, deadline);
      } catch (err) {
        if (err instanceof CliError) throw err;
        if (this.opts.signal?.aborted) throw interruptedError();
        const code = errorCode(err);
        if (this.opts.log) this.log(`${spec.method} ${redactUrl(target.url)} failed: ${code ?? (err as Error).message} (${ms(started)})`);
        const safe = idempotent || neverSent(code);
        let stop: Stop | undefined;
        if (safe && transient(code) && attempt < this.maxAttempts) {
          stop = await this.retry(attempt, backoffMs(attempt, this.backoff), deadline, `${spec.method} ${target.url.pathname}: ${code}`);
          if (stop === undefined) continue;
        }
        throw networkError(spec, target, err, code, attempt, stop);
      }
      if (this.opts.log) this.log(`${spec.method} ${redactUrl(target.url)} → ${res.status} (${ms(started)}, ${res.text.length} B)`);
      pacer?.answered(res.status, res.status === 429 || res.status === 503 ? retryAfterMs(res.headers['retry-after']) : undefined, started);

      if (res.status === 401 && spec.auth !== false && spec.bearer === undefined && !refreshed && this.opts.auth?.refresh) {
        // A 401 is a definite "not processed": getting a fresh token and resending is safe for any method.
        refreshed = true;
        if (await this.opts.auth.refresh()) { attempt--; continue; }
      }
      let waitTooLong: number | undefined;
      let stop: Stop | undefined;
      // A 429 is a definite "not processed" too, so even a create is sent again after it; a 5xx is not.
      if (RETRYABLE_STATUS.has(res.status) && (idempotent || res.status === 429) && attempt < this.maxAttempts) {
        const after = retryAfterMs(res.headers['retry-after']);
        if (after === undefined || after <= this.backoff.retryAfterCapMs) {
          stop = await this.retry(attempt, backoffMs(attempt, this.backoff, after), deadline, `${spec.method} ${target.url.pathname}: ${res.status} ${REASONS[res.status] ?? ''}`.trimEnd());
          if (stop === undefined) continue;
        } else {
          waitTooLong = after;
        }
      }
      if (res.status >= 400) {
        const err = apiError(spec, target, res.status, res.text, attempt, this.opts.auth?.refusedHint, stop, `${this.base.origin}${this.base.path}`);
        if (waitTooLong !== undefined) err.message += tooLongToWait(waitTooLong, this.backoff.retryAfterCapMs);
        throw err;
      }
      return { status: res.status, headers: res.headers, data: parseBody(spec, target, res) as T, attempts: attempt };
    }
  }

  /**
   * Waits before attempt `attempt + 1`, or says why not: the request's deadline would pass, or the
   * run is draining (Ctrl-C in a bulk run). Ctrl-C of an ordinary command rejects (exit 130).
   */
  private async retry(attempt: number, delay: number, deadline: number, what: string): Promise<Stop | undefined> {
    if (this.opts.drain?.aborted) return { why: 'interrupted', attempts: attempt };
    if (performance.now() + delay >= deadline) return { why: 'deadline', attempts: attempt, deadlineMs: this.deadlineMs };
    this.opts.onRetry?.(`${what}; retrying (attempt ${attempt + 1} of ${this.maxAttempts})`);
    return (await this.wait(delay)) ? undefined : { why: 'interrupted', attempts: attempt };
  }

  /** Where a request goes; the base URL's origin unless the spec names an absolute URL (token endpoints). */
  private target(spec: RequestSpec): Target {
    if (spec.url === undefined) return new Target(this.base.origin, buildPath(this.base.path, spec.path, spec.query), this.base.insecure);
    const url = new URL(spec.url);
    return new Target(url.origin, url.pathname + url.search, insecureFor(url, this.opts.allowInsecureHttp, this.proxies), url);
  }

  private async headers(spec: RequestSpec, target: Target): Promise<Record<string, string>> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.opts.userAgent };
    if (spec.json !== undefined) headers['content-type'] = 'application/json';
    if (spec.form !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    // A body sent without a bearer token goes to a login (OAuth form, Fusion user and password):
    // it carries credentials, so the same rule as a token holds, proxy hop included.
    if (target.insecure && (spec.form !== undefined || (spec.auth === false && spec.json !== undefined))) throw insecureError('credentials', target.url.host, target.insecure);
    if (spec.bearer !== undefined || (spec.auth !== false && this.opts.auth)) {
      const token = spec.bearer ?? (await this.opts.auth!.token());
      if (token) {
        if (target.insecure) throw insecureError('a token', target.url.host, target.insecure);
        // eslint-disable-next-line no-control-regex
        if (token !== this.headerSafeToken && /[\u0000-\u001f\u007f]/.test(token)) {
          throw new CliError('the bearer token holds a line break or another control character, which no HTTP header can carry: log in again, or check LICENSECTL_TOKEN', { code: 'auth', exitCode: ExitCode.auth });
        }
        this.headerSafeToken = token; // checked once, not at each of a bulk run's requests
        headers.authorization = `Bearer ${token}`;
      }
    }
    return headers;
  }

  private async send(spec: RequestSpec, target: Target, headers: Record<string, string>, deadline: number): Promise<RawResponse> {
    const body = spec.json !== undefined ? JSON.stringify(spec.json) : spec.form !== undefined ? new URLSearchParams(spec.form).toString() : undefined;
    const outer = this.opts.signal;
    if (outer?.aborted) throw interruptedError();
    let exchange: Exchange | undefined;
    try {
      return await new Promise<RawResponse>((resolve, reject) => {
        // The attempt ends at the request's deadline if that comes before its own time-out.
        const timeout = Math.max(1, Math.min(this.opts.timeoutMs, Math.ceil(deadline - performance.now())));
        exchange = new Exchange(resolve, reject, timeout, this.buffered);
        if (outer) this.inFlight.add(exchange);
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

  /** Resolves true after `delay`, false at once if the run starts draining; rejects on Ctrl-C. */
  private wait(delay: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const { signal, drain } = this.opts;
      if (signal?.aborted) return reject(interruptedError());
      if (drain?.aborted) return resolve(false);
      const finish = (fn: () => void) => () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        drain?.removeEventListener('abort', onDrain);
        fn();
      };
      const onAbort = finish(() => reject(interruptedError()));
      const onDrain = finish(() => resolve(false));
      const timer = setTimeout(finish(() => resolve(true)), delay);
      signal?.addEventListener('abort', onAbort, { once: true });
      drain?.addEventListener('abort', onDrain, { once: true });
    });
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }
}

function ms(started: number): string {
  return `${Math.round(performance.now() - started)} ms`;
}
