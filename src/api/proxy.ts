// Which proxy from the environment carries a request, decided as undici's EnvHttpProxyAgent
// decides it (lower-case variables first; NO_PROXY entries: `*`, host, `.domain`, `*.domain`,
// host:port), and the rule http.ts applies before sending: a token over plain http must not
// cross the network, and through a proxy the proxy is the hop that carries it.

import { CliError, usageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { isLoopback } from './url.js';

export interface ProxySettings {
  http?: { url: URL; variable: string };
  https?: { url: URL; variable: string };
  noProxy: string;
}

/** The proxies of `env`; a variable that is set but not an http(s) URL is a usage error. */
export function proxySettings(env: NodeJS.ProcessEnv): ProxySettings {
  const http = proxyVariable(env, 'http_proxy', 'HTTP_PROXY');
  const https = proxyVariable(env, 'https_proxy', 'HTTPS_PROXY') ?? http;
  return { http, https, noProxy: env.no_proxy ?? env.NO_PROXY ?? '' };
}

function proxyVariable(env: NodeJS.ProcessEnv, lower: string, upper: string): { url: URL; variable: string } | undefined {
  const variable = env[lower] !== undefined ? lower : upper;
  const value = env[variable];
  if (!value) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    throw usageError(`${variable} ${JSON.stringify(value)} is not a proxy URL (expected e.g. http://proxy.example.com:3128)`);
  }
  return { url, variable };
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** The proxy a request to `target` goes through, or undefined when it goes straight there. */
export function proxyFor(target: URL, settings: ProxySettings): { url: URL; variable: string } | undefined {
  const proxy = target.protocol === 'https:' ? settings.https : settings.http;
  if (!proxy) return undefined;
  let host = target.hostname.replace(/^\[(.+)\]$/, '$1').toLowerCase();
  if (host.length > 1 && host.endsWith('.')) host = host.slice(0, -1);
  const port = Number.parseInt(target.port, 10) || DEFAULT_PORTS[target.protocol] || 0;
  return bypassed(host, port, settings.noProxy) ? undefined : proxy;
}

function bypassed(host: string, port: number, noProxy: string): boolean {
  for (const raw of noProxy.split(/[,\s]/)) {
    if (!raw) continue;
    const entry = parseEntry(raw);
    if (entry.port && entry.port !== port) continue;
    if (entry.host === '*') return true;
    if (!entry.wildcard && host === entry.host) return true;
    if (host.endsWith(`.${entry.host}`)) return true;
  }
  return false;
}

function parseEntry(raw: string): { host: string; port: number; wildcard: boolean } {
  let host: string;
  let port = 0;
  const v6 = /^\[(.+)\]:(\d+)$/.exec(raw);
  if (v6) {
    host = v6[1]!;
    port = Number.parseInt(v6[2]!, 10);
  } else {
    const bare = raw.replace(/^\[(.+)\]$/, '$1');
    const hostPort = (bare.match(/:/g) ?? []).length === 1 ? /^(.+):(\d+)$/.exec(bare) : null;
    host = hostPort ? hostPort[1]! : bare;
    if (hostPort) port = Number.parseInt(hostPort[2]!, 10);
  }
  return { host: host.replace(/^\*?\./, '').replace(/^(.+)\.$/, '$1').toLowerCase(), port, wildcard: raw.startsWith('*') };
}

/** Why a token must not go to `url`: true (plain http off this machine), the proxy that would carry it in clear, or false. */
export type Insecure = boolean | { url: URL; variable: string };

export function insecureFor(url: URL, allowInsecureHttp = false, proxies?: ProxySettings): Insecure {
  if (url.protocol !== 'http:' || allowInsecureHttp) return false;
  if (!isLoopback(url.hostname)) return true;
  // Loopback, but a proxy elsewhere would read the request (and its token) on the way.
  const proxy = proxies && proxyFor(url, proxies);
  return proxy && !isLoopback(proxy.url.hostname) ? proxy : false;
}

/** The refusal to send `what` (a token, credentials) to `host` over plain http. */
export function insecureError(what: string, host: string, insecure: Insecure): CliError {
  const via = typeof insecure === 'object' ? ` through the proxy ${insecure.url.host} (from ${insecure.variable})` : '';
  return new CliError(
    `refusing to send ${what} over plain http${via} to ${host}: use https, or \`licensectl profile set <name> --allow-insecure-http\` if you really must`,
    { code: 'insecure', exitCode: ExitCode.usage },
  );
}
