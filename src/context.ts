import type { Command } from 'commander';
import type { Dispatcher } from 'undici';
import type { HttpClient, RequestPacer, TokenSource } from './api/http.js';
import { baseUrlProblem } from './api/url.js';
import { colorLevel } from './output/color.js';
import { jsonLine, Output, type Streams } from './output/output.js';
import { terminalText } from './output/format.js';
import { configDir, ProfileStore } from './config/store.js';
import type { ResolvedProfile } from './config/profile.js';
import { rememberSecrets } from './auth/secrets.js';
import { envToken, originOf } from './auth/token-source.js';
import { usageError } from './errors.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { VERSION } from './version.js';

/** The global options (see `licensectl --help` and README.md) as commander hands them over. */
export interface GlobalOptions {
  profile?: string;
  baseUrl?: string;
  json?: boolean;
  verbose?: boolean;
  timeout?: string;
  color?: boolean;
}

export type { ResolvedProfile } from './config/profile.js';

/**
 * What a Context is made from: everything outside the program that a command may touch. main()
 * hands in the process's own; test/helpers/inprocess.ts hands in fakes.
 */
export interface ContextDeps {
  env: NodeJS.ProcessEnv;
  io: Streams;
  /** Where HTTP requests go (an undici MockAgent in tests); default: a pool per client, proxies from env. */
  dispatcher?: Dispatcher;
  /** The clock for token expiry and timestamps (ms since the epoch). */
  now?: () => number;
  /** A fresh, complete command tree (completion generates its scripts from it). */
  program?: () => Command;
  /** Whether a run of many requests may set process-wide V8 flags (api/tuning.ts); not in-process. */
  tuneV8?: boolean;
}

/**
 * What a command gets: streams and output, the resolved global options, the profile store and an
 * HTTP client, each made lazily so a command pays only for what it uses (gh's factory).
 */
export class Context {
  readonly out: Output;
  readonly timeoutMs: number;
  readonly verbose: boolean;
  /** Values that must never be printed; every error message and log line is scrubbed of them. */
  readonly secrets = new Set<string>();
  private storeInstance: ProfileStore | undefined;
  private clients: HttpClient[] = [];
  private readonly abort = new AbortController();
  /** Set by a command that handles Ctrl-C itself (bulk allocate); otherwise Ctrl-C exits 130 at once. */
  graceful = false;

  readonly env: NodeJS.ProcessEnv;
  readonly io: Streams;
  /** Milliseconds since the epoch: the one clock commands read. */
  readonly now: () => number;

  constructor(
    readonly globals: GlobalOptions,
    private readonly deps: ContextDeps,
  ) {
    const { env, io } = deps;
    this.env = env;
    this.io = io;
    this.now = deps.now ?? Date.now;
    const noColorFlag = globals.color === false;
    this.out = new Output(io, {
      json: Boolean(globals.json),
      stdoutColor: colorLevel({ noColorFlag, env, isTTY: io.stdoutIsTTY }),
      stderrColor: colorLevel({ noColorFlag, env, isTTY: io.stderrIsTTY }),
    });
    this.verbose = Boolean(globals.verbose);
    this.timeoutMs = globals.timeout !== undefined
      ? parseTimeout(globals.timeout, '--timeout')
      : parseTimeout(env.LICENSECTL_TIMEOUT || undefined, 'LICENSECTL_TIMEOUT');
    const fromEnv = envToken(env);
    if (fromEnv) this.secrets.add(fromEnv);
  }

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  /** The exit code of an interrupted run: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP. */
  interruptCode: ExitCodeValue = ExitCode.interrupted;

  interrupt(exitCode: ExitCodeValue = ExitCode.interrupted): void {
    if (this.abort.signal.aborted) return;
    this.interruptCode = exitCode;
    this.abort.abort();
  }

  /** The whole command tree, freshly built. */
  program(): Command {
    if (!this.deps.program) throw new Error('no program factory in this context');
    return this.deps.program();
  }

  store(): ProfileStore {
    this.storeInstance ??= new ProfileStore(configDir(this.env));
    return this.storeInstance;
  }

  /** The chosen profile's name: --profile > LICENSECTL_PROFILE > `profile use`. */
  profileName(): string | undefined {
    return this.namedProfile() ?? this.store().read().current;
  }

  /** The profile named by --profile or LICENSECTL_PROFILE, which must then exist. */
  private namedProfile(): string | undefined {
    return this.globals.profile ?? (this.env.LICENSECTL_PROFILE || undefined);
  }

  /** The profile and base URL a request goes to. Flag > environment > profile. */
  resolveProfile(): ResolvedProfile {
    const explicit = this.namedProfile();
    const data = this.store().read();
    const name = explicit ?? data.current;
    const profile = name === undefined ? undefined : data.profiles[name];
    if (explicit !== undefined && !profile) {
      throw usageError(`no profile named "${explicit}": create it with \`licensectl profile set ${explicit} --base-url <url>\``);
    }
    const baseUrl = this.globals.baseUrl ?? (this.env.LICENSECTL_BASE_URL || undefined) ?? profile?.baseUrl;
    if (!baseUrl) {
      throw usageError('no base URL: pass --base-url, set LICENSECTL_BASE_URL, or create a profile with `licensectl profile set <name> --base-url <url> --use`');
    }
    const problem = baseUrlProblem(baseUrl);
    if (problem) throw usageError(`bad base URL: ${problem}`);
    rememberSecrets(this.secrets, profile?.auth);
    return { name, profile, baseUrl };
  }

  /**
   * An HTTP client for the resolved profile, authenticated with its token source. `requests`: how
   * many the command will send, when many (Infinity if not known), for api/tuning.ts. `drain`: for
   * a command that handles signals itself (ctx.graceful), Ctrl-C (and SIGTERM, SIGHUP) lets a
   * request in flight end with its current attempt, with no retry and no back-off wait after it,
   * instead of aborting it.
   */
  async http(resolved: ResolvedProfile = this.resolveProfile(), opts: { auth?: TokenSource; connections?: number; drain?: boolean; requests?: number; pacer?: RequestPacer } = {}): Promise<HttpClient> {
    const auth = opts.auth ?? (await (await import('./auth/token-source.js')).tokenSource(this, resolved));
    const { HttpClient } = await import('./api/http.js');
    if (opts.requests !== undefined && this.deps.tuneV8 !== false) (await import('./api/tuning.js')).tuneForManyRequests(opts.requests);
    const client = new HttpClient({
      baseUrl: resolved.baseUrl,
      userAgent: `licensectl/${VERSION}`,
      timeoutMs: this.timeoutMs,
      auth,
      // The profile's consent to plain http is for its own origin, not for one --base-url names.
      allowInsecureHttp: Boolean(resolved.profile?.allowInsecureHttp) && originOf(resolved.baseUrl) === originOf(resolved.profile!.baseUrl),
      log: this.verbose ? (line) => this.log(line) : undefined,
      signal: opts.drain ? undefined : this.signal,
      env: this.env,
      dispatcher: this.deps.dispatcher,
      connections: opts.connections ?? 16,
      pacer: opts.pacer,
      maxAttempts: parseAttempts(this.env.LICENSECTL_MAX_ATTEMPTS),
      deadlineMs: parseDeadline(this.env.LICENSECTL_DEADLINE, this.timeoutMs),
      drain: opts.drain ? this.signal : undefined,
      // "retrying (attempt 3 of 8)" in a terminal, so a server that is down is not a silent wait;
      // not for a run of many requests (its progress bar says how it goes), nor beside --verbose's log.
      onRetry: this.io.stderrIsTTY && !this.out.json && !this.verbose && opts.requests === undefined ? (line) => this.out.warn(this.redact(line)) : undefined,
    });
    this.clients.push(client);
    return client;
  }

  /** A --verbose line on stderr, scrubbed of secrets; with --json a {"log"} line (stderr carries JSON only). */
  log(line: string): void {
    if (!this.verbose) return;
    if (this.out.json) this.io.stderr.write(jsonLine({ log: this.redact(line) }));
    else this.io.stderr.write(this.out.errColor.dim(terminalText(this.redact(line), false)) + '\n');
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.secrets) if (secret.length >= 4) result = result.split(secret).join('***');
    return result.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, '$1***');
  }

  async close(): Promise<void> {
    await Promise.all(this.clients.map((c) => c.close()));
  }
}

function parseTimeout(value: string | undefined, name: string): number {
  if (value === undefined) return 30_000;
  const seconds = Number(value);
  // Decimal seconds only, and at least a millisecond: less rounds to 0 ms and times every request out at once.
  if (!/^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(value) || seconds < 0.001 || seconds > 3600) {
    throw usageError(`${name} must be a number of seconds from 0.001 to 3600, not "${value}"`);
  }
  return Math.round(seconds * 1000);
}

/**
 * LICENSECTL_DEADLINE: the most seconds one request may take, all attempts and back-off waits
 * together (1 to 86400). Default 120, or the per-attempt --timeout when that is longer: a dead
 * server then costs two minutes, not 8 attempts of 30 s each.
 */
function parseDeadline(value: string | undefined, timeoutMs: number): number {
  if (value === undefined || value.trim() === '') return Math.max(120_000, timeoutMs);
  const seconds = Number(value);
  if (!/^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(value) || seconds < 1 || seconds > 86_400) {
    throw usageError(`LICENSECTL_DEADLINE must be a number of seconds from 1 to 86400, not "${value}"`);
  }
  return Math.round(seconds * 1000);
}

function parseAttempts(value: string | undefined): number {
  if (value === undefined || value === '') return 8;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw usageError(`LICENSECTL_MAX_ATTEMPTS must be an integer from 1 to 100, not "${value}"`);
  return n;
}
