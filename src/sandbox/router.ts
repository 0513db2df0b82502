// Route matching over decoded path segments. Segments are compared exactly: an empty segment
// (`//`, a trailing `/`) matches nothing, so a client that joins URLs carelessly gets a 404 here.

import { notFound, type Ctx, type Reply } from './http.js';
import { findOrg, type SandboxState } from './state.js';
import type { TokenStore } from './tokens.js';

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export interface Route {
  /** Literal segments and `:name` parameters, e.g. ['api', 'v01', 'draas', ':instance', 'groups']. */
  pattern: readonly string[];
  handlers: Partial<Record<string, Handler>>;
  /** A login/token endpoint: spared from fault injection unless `faultAuth`. */
  auth?: boolean;
}

export type Match =
  | { kind: 'found'; route: Route; handler: Handler; params: Record<string, string> }
  | { kind: 'method'; allow: string[] }
  | { kind: 'none' };

export function matchRoute(routes: readonly Route[], segments: readonly string[], method: string): Match {
  let allow: string[] | undefined;
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (!params) continue;
    const handler = route.handlers[method];
    if (handler) return { kind: 'found', route, handler, params };
    allow ??= Object.keys(route.handlers);
  }
  return allow ? { kind: 'method', allow } : { kind: 'none' };
}

function matchPattern(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const s = segments[i]!;
    if (p.startsWith(':')) {
      if (s === '') return undefined;
      params[p.slice(1)] = s;
    } else if (p !== s) {
      return undefined;
    }
  }
  return params;
}

/** 404 for an organization the sandbox does not know. */
export function requireOrg(state: SandboxState, org: string): void {
  if (!findOrg(state, org)) throw notFound(`unknown organization ${org}`);
}

/**
 * Each route twice: as given, and under a one-segment organization prefix (so a profile whose
 * base URL is `http://host:port/acme` reaches the Fusion and identity routes too).
 */
export function withOrgPrefix(state: SandboxState, routes: readonly Route[]): Route[] {
  const prefixed = routes.map((r): Route => {
    const handlers: Partial<Record<string, Handler>> = {};
    for (const [method, h] of Object.entries(r.handlers)) {
      if (!h) continue;
      handlers[method] = (ctx) => {
        requireOrg(state, ctx.params.org!);
        return h(ctx);
      };
    }
    return { ...r, pattern: [':org', ...r.pattern], handlers };
  });
  return [...routes, ...prefixed];
}

/** What route modules are built from. */
export interface Services {
  state: SandboxState;
  tokens: TokenStore;
  /** Call after every mutation of `state` (schedules a data file write). */
  changed(): void;
  tokenTtlSeconds: number;
  /** The sandbox clock (epoch ms), injectable so tests expire things without sleeping. */
  now: () => number;
}
