// The sandbox: one local HTTP server emulating both vendor APIs (UiPath lease_ + identity, Netaxis
// Fusion). This file owns the transport: listening, body limits, latency, fault injection, the
// request log and shutdown. The routes live in uipath.ts, identity.ts, fusion.ts, fusion-auth.ts and admin.ts.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { adminRoutes } from './admin.js';
import { FAULT_KINDS, faultReply, pickFault, type FaultKind } from './faults.js';
import { fusionRoutes } from './fusion.js';
import { FusionAuth, fusionAuthAdminRoutes, fusionAuthRoutes } from './fusion-auth.js';
import { ApiError, type Ctx, type Reply } from './http.js';
import { ALL_FUSION_ROLES, ALL_UIPATH_SCOPES } from './identities.js';
import { identityGroupRoutes } from './identity-groups.js';
import { identityRoutes } from './identity.js';
import { DataFileWriter, loadStateFile, toJson } from './persist.js';
import { matchRoute, type Handler, type Route, type Services } from './router.js';
import { RateLimiter } from './ratelimit.js';
import { emptyState, seedGroups, seedLicenseTypes, seedNamedGroups, seededState } from './state.js';
import { TokenStore } from './tokens.js';
import { uipathRoutes } from './uipath.js';

import { SANDBOX_DEFAULTS } from './identities.js';
export { SANDBOX_DEFAULTS };
export type { FaultKind } from './faults.js';

export interface SandboxOptions {
  port?: number;
  host?: string;
  dataFile?: string;
  latencyMs?: number;
  faultRate?: number;
  faultAuth?: boolean;
  /** Restricts the injected faults to these kinds (default: all of FAULT_KINDS). */
  faultKinds?: FaultKind[];
  retryAfterSeconds?: number;
  tokenTtlSeconds?: number;
  /** Lifetime of Fusion refresh tokens (default 7200 s). */
  refreshTtlSeconds?: number;
  /** Lifetime of a Fusion 2FA payload (default 300 s). */
  twoFactorTtlSeconds?: number;
  /** Told each Fusion 2FA code "sent by email" (the sandbox command prints it). */
  onTwoFactorCode?: (username: string, code: string) => void;
  /** The clock (epoch ms) of token and payload expiry and of the rate limiter; default Date.now. */
  now?: () => number;
  bodyLimitBytes?: number;
  seed?: boolean;
  random?: () => number;
  /** How many API requests the log keeps, the newest (default REQUEST_LOG_LIMIT). */
  requestLogLimit?: number;
  /** Above this many API requests per second, answer 429 + Retry-After (default: no limit). */
  rateLimitPerSecond?: number;
  /** Adds this many named UiPath groups (group-0001..., every other one with a rule). */
  groups?: number;
}

/**
 * The request log keeps the newest 10,000 API requests (up to a tenth more between trims): a
 * sandbox left running for a day of rehearsals must not grow without end (it held 80 MB of log
 * after some 150,000 requests).
 */
export const REQUEST_LOG_LIMIT = 10_000;

/** `status` is 0 when no answer was sent (a dropped connection, or a request still in progress). */
export interface RequestLogEntry {
  time: number;
  method: string;
  path: string;
  query: string;
  status: number;
  fault?: string;
}

export interface Sandbox {
  url: string;
  port: number;
  adminToken: string;
  requests: RequestLogEntry[];
  /** Omitted scopes/roles default to all of them; ttlSeconds to tokenTtlSeconds; subject to 'sandbox-test'. */
  issueToken(opts: { scopes?: string[]; roles?: string[]; ttlSeconds?: number; subject?: string }): string;
  seedLicenseTypes(instance: string, group: string, count: number): void;
  seedGroups(accountId: string, count: number, prefix?: string): string[];
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
/** How much of an oversized body is read (and discarded) so the client still gets its 413. */
const DRAIN_LIMIT = 16 * MiB;

type Body = Buffer | 'too-large' | 'aborted';

function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit + DRAIN_LIMIT) req.destroy();
    });
    req.on('end', () => resolve(size > limit ? 'too-large' : Buffer.concat(chunks, size)));
    req.on('error', () => resolve('aborted'));
    req.on('close', () => resolve('aborted')); // no-op when 'end' came first
  });
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | undefined = reply.text;
  if (payload === undefined && reply.status !== 204 && reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  if (payload !== undefined) headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

async function run(handler: Handler, ctx: Ctx): Promise<Reply> {
  try {
    return await handler(ctx);
  } catch (err) {
    if (err instanceof ApiError) return err.reply();
    return { status: 500, body: { error: 'internal', message: `sandbox bug: ${(err as Error).message}` } };
  }
}

/** Path and query of a request target; tolerant of the absolute form a proxy sends. */
function splitTarget(raw: string): { path: string; query: string } {
  let target = raw;
  if (!target.startsWith('/')) {
    try {
      const u = new URL(target);
      target = u.pathname + u.search;
    } catch {
      target = `/${target}`;
    }
  }
  const q = target.indexOf('?');
  return q < 0 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) };
}

function decodeSegments(path: string): string[] | undefined {
  try {
    return path.split('/').slice(1).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const loaded = opts.dataFile === undefined ? undefined : await loadStateFile(opts.dataFile);
  const state = loaded ?? (opts.seed === false ? emptyState() : seededState());
  const writer = opts.dataFile === undefined ? undefined : new DataFileWriter(opts.dataFile, () => toJson(state, true));
  const changed = (): void => writer?.markDirty();
  const now = opts.now ?? Date.now;
  const tokens = new TokenStore(state, changed, now);
  if (opts.groups && seedNamedGroups(state, SANDBOX_DEFAULTS.accountId, opts.groups).length > 0) changed();
  if (!state.adminToken || !state.tokens.has(state.adminToken)) {
    state.adminToken = tokens.issue({ subject: 'sandbox-admin', scopes: ALL_UIPATH_SCOPES, roles: ALL_FUSION_ROLES, ttlSeconds: null });
  }
  // Write at once when the file is new or was completed, so an unwritable path fails the start.
  await writer?.flush();

  const tokenTtlSeconds = opts.tokenTtlSeconds ?? 3600;
  const svc: Services = { state, tokens, changed, tokenTtlSeconds, now };
  const fusionAuth = new FusionAuth(svc, {
    refreshTtlSeconds: opts.refreshTtlSeconds ?? 7200,
    twoFactorTtlSeconds: opts.twoFactorTtlSeconds ?? 300,
    onTwoFactorCode: opts.onTwoFactorCode,
  });
  const requests: RequestLogEntry[] = [];
  const logLimit = opts.requestLogLimit ?? REQUEST_LOG_LIMIT;
  const apiRoutes: Route[] = [...identityRoutes(svc), ...identityGroupRoutes(svc), ...uipathRoutes(svc), ...fusionAuthRoutes(svc, fusionAuth), ...fusionRoutes(svc)];
  const limiter = opts.rateLimitPerSecond ? new RateLimiter(opts.rateLimitPerSecond, now) : undefined;
  const admin = [...adminRoutes(svc, requests), ...fusionAuthAdminRoutes(fusionAuth)];
  const limit = opts.bodyLimitBytes ?? MiB;
  const latencyMs = opts.latencyMs ?? 0;
  const faultRate = opts.faultRate ?? 0;
  const random = opts.random ?? Math.random;
  const faultKinds = opts.faultKinds ?? FAULT_KINDS;
  const retryAfter = opts.retryAfterSeconds ?? 1;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const { path, query } = splitTarget(req.url ?? '/');
    const isAdmin = path === '/_sandbox' || path.startsWith('/_sandbox/');
    const entry: RequestLogEntry = { time: Date.now(), method, path, query, status: 0 };
    if (!isAdmin) {
      requests.push(entry);
      // A tenth at a time, so a busy sandbox does not shift the whole log on every request.
      if (requests.length > logLimit + Math.ceil(logLimit / 10)) requests.splice(0, requests.length - logLimit);
    }
    const answer = (reply: Reply): void => {
      send(res, reply);
      entry.status = reply.status;
    };

    const body = await readBody(req, limit);
    if (body === 'aborted') return;
    if (body === 'too-large') {
      const err = new ApiError(413, 'payload_too_large', `the request body exceeds the limit of ${limit} bytes`, { Connection: 'close' });
      return answer(err.reply());
    }
    const limited = isAdmin ? undefined : limiter?.take();
    if (limited) {
      entry.fault = 'rate-limit';
      return answer(limited);
    }
    if (!isAdmin && latencyMs > 0) await sleep(latencyMs);

    const segments = decodeSegments(path);
    if (!segments) return answer(new ApiError(400, 'bad_request', 'the request path has malformed percent-encoding').reply());
    const match = matchRoute(isAdmin ? admin : apiRoutes, segments, method);
    if (match.kind === 'none') return answer(new ApiError(404, 'not_found', `no route for ${method} ${path}`).reply());
    if (match.kind === 'method') {
      const allow = match.allow.join(', ');
      return answer(new ApiError(405, 'method_not_allowed', `${method} is not allowed here (allowed: ${allow})`, { Allow: allow }).reply());
    }

    const faultable = !isAdmin && (!match.route.auth || opts.faultAuth === true);
    const fault = faultable ? pickFault(faultRate, random, faultKinds) : undefined;
    if (fault) entry.fault = fault;
    if (fault === 'drop-before') return void req.socket.destroy();
    if (fault && fault !== 'drop-after') return answer(faultReply(fault, retryAfter));

    const ctx: Ctx = { method, params: match.params, query: new URLSearchParams(query), headers: req.headers, body };
    const reply = await run(match.handler, ctx);
    if (fault === 'drop-after') return void req.socket.destroy();
    answer(reply);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      send(res, { status: 500, body: { error: 'internal', message: `sandbox bug: ${(err as Error).message}` } });
    });
  });
  // Longer than a client's idle pool time-out (undici: 4 s), so the server never closes first.
  server.keepAliveTimeout = 30_000;
  server.headersTimeout = 35_000;

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      // Keep `code` (EADDRINUSE, EADDRNOTAVAIL...) so a caller can say what to do about it.
      reject(Object.assign(new Error(`sandbox cannot listen on ${host}:${opts.port ?? 0}: ${err.message}`), { code: err.code }));
    });
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    adminToken: state.adminToken,
    requests,
    issueToken: ({ scopes, roles, ttlSeconds, subject }) =>
      tokens.issue({
        subject: subject ?? 'sandbox-test',
        scopes: scopes ?? ALL_UIPATH_SCOPES,
        roles: roles ?? ALL_FUSION_ROLES,
        ttlSeconds: ttlSeconds ?? tokenTtlSeconds,
      }),
    seedLicenseTypes(instance, group, count) {
      seedLicenseTypes(state, instance, group, count);
      changed();
    },
    seedGroups(accountId, count, prefix) {
      const ids = seedGroups(state, accountId, count, prefix);
      changed();
      return ids;
    },
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await writer?.flush();
      })();
      return closing;
    },
  };
}
