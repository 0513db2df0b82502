// Where a request of HttpClient (src/api/http.ts) goes, the dispatcher that carries it there
// (directly, or through the proxy the environment names), and how its URL is written to the log.
import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';
import type { Insecure, ProxySettings } from './proxy.js';

/** Where one request goes: what the dispatcher needs, and a URL object only when a message needs one. */
export class Target {
  constructor(
    readonly origin: string,
    readonly path: string,
    /** Sending a token here would cross the network in clear text (to the proxy that carries it, when one does). */
    readonly insecure: Insecure,
    private parsed?: URL,
  ) {}

  get url(): URL {
    return (this.parsed ??= new URL(this.origin + this.path));
  }
}

/** Kept-alive connections, through the environment's proxies when there are any. */
export function makeDispatcher(proxies: ProxySettings, connections: number): Dispatcher {
  const opts = { connections, keepAliveTimeout: 4_000, keepAliveMaxTimeout: 30_000 };
  if (!proxies.http && !proxies.https) return new Agent(opts);
  // The proxies as read from the client's environment (not process.env): the clear-text rule
  // (insecureFor, proxy.ts) and the agent agree.
  return new EnvHttpProxyAgent({ ...opts, httpProxy: proxies.http?.url.href ?? '', httpsProxy: proxies.https?.url.href ?? '', noProxy: proxies.noProxy });
}

/** The URL as the log shows it: values of query keys that look secret are masked. */
export function redactUrl(url: URL): string {
  const copy = new URL(url);
  for (const key of [...copy.searchParams.keys()]) if (/token|secret|password/i.test(key)) copy.searchParams.set(key, '***');
  return copy.toString();
}
