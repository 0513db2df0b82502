// The hop that carries the token: a token over plain http goes only to loopback, and when a proxy
// from the environment carries the request, the proxy is that hop. A bad proxy variable is a
// one-line usage error, not an internal one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxyFor, proxySettings } from '../../src/api/proxy.js';
import { runInProcess } from '../helpers/inprocess.js';
import { startHostileServer, type HostileServer } from '../helpers/hostile-server.js';

const GROUP = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
const LIST = ['license-type', 'list', '--instance', 'draas1', '--group', GROUP];
const TOKEN = 'tok-proxy-hop-123';

let server: HostileServer;
beforeAll(async () => {
  server = await startHostileServer({ body: { license_types: [], page: 1, pages: 1, results: 0 } });
});
afterAll(async () => {
  await server?.close();
});

/** In-process with the real dispatcher (no MockAgent): the proxies come from `env` alone (runInProcess starts from an empty environment). */
const run = (env: Record<string, string>, args = LIST) =>
  runInProcess(args, { env: { LICENSECTL_BASE_URL: `${server.url}/acme`, LICENSECTL_TOKEN: TOKEN, LICENSECTL_MAX_ATTEMPTS: '1', ...env } });

describe('a plain-http request through a proxy', () => {
  it.each([
    ['HTTP_PROXY', { HTTP_PROXY: 'http://proxy.example.com:3128' }],
    ['http_proxy', { http_proxy: 'http://proxy.example.com:3128' }],
    ['an https proxy elsewhere (it reads the request in clear)', { HTTP_PROXY: 'https://proxy.example.com:3129' }],
  ])('to loopback, via a non-loopback proxy (%s): the token is refused, nothing is sent', async (_n, env) => {
    const before = server.received.length;
    const r = await run(env);
    expect(r.stderr).toMatch(/^licensectl: refusing to send a token over plain http through the proxy proxy\.example\.com:312\d \(from (HTTP_PROXY|http_proxy)\) to 127\.0\.0\.1:\d+: /);
    expect(r.stderr).not.toContain(TOKEN);
    expect(r.code).toBe(2);
    expect(server.received.length).toBe(before);
  });

  it('a login\'s client secret is refused the same way (exit 2, nothing sent)', async () => {
    const before = server.received.length;
    const { tempConfigDir } = await import('../helpers/inprocess.js');
    const configDir = tempConfigDir();
    const env = { LICENSECTL_BASE_URL: undefined, LICENSECTL_TOKEN: undefined, HTTP_PROXY: 'http://proxy.example.com:3128' };
    const set = await runInProcess(['profile', 'set', 'lab', '--base-url', `${server.url}/acme`], { configDir, env });
    expect(set.code, set.stderr).toBe(0);
    const r = await runInProcess(['auth', 'login', '--client-id', 'c1', '--client-secret-stdin'], { configDir, env, input: 'client-secret-value' });
    expect(r.stderr).toMatch(/^licensectl: refusing to send credentials over plain http through the proxy proxy\.example\.com:3128 \(from HTTP_PROXY\)/);
    expect(r.code).toBe(2);
    expect(server.received.length).toBe(before);
  });

  it('a Fusion login\'s password is refused the same way (exit 2, nothing sent)', async () => {
    const before = server.received.length;
    const { tempConfigDir } = await import('../helpers/inprocess.js');
    const configDir = tempConfigDir();
    const env = { LICENSECTL_BASE_URL: undefined, LICENSECTL_TOKEN: undefined, HTTP_PROXY: 'http://proxy.example.com:3128' };
    expect((await runInProcess(['profile', 'set', 'lab', '--base-url', server.url], { configDir, env })).code).toBe(0);
    const r = await runInProcess(['auth', 'login', '--username', 'admin', '--password-stdin'], { configDir, env, input: 'password-value\n' });
    expect(r.stderr).toMatch(/^licensectl: refusing to send credentials over plain http through the proxy proxy\.example\.com:3128 \(from HTTP_PROXY\)/);
    expect(r.code).toBe(2);
    expect(server.received.length).toBe(before);
  });

  it('NO_PROXY naming the host: straight to loopback, the token goes', async () => {
    const before = server.received.length;
    const r = await run({ HTTP_PROXY: 'http://proxy.example.com:3128', NO_PROXY: 'example.org,127.0.0.1' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(server.received.slice(before).map((q) => q.headers.authorization)).toEqual([`Bearer ${TOKEN}`]);
  });

  it('a request that sends no token may still go through such a proxy (only the token hop is guarded)', () => {
    const s = proxySettings({ HTTP_PROXY: 'http://proxy.example.com:3128' });
    expect(proxyFor(new URL('http://127.0.0.1:9/x'), s)?.url.host).toBe('proxy.example.com:3128');
  });
});

describe('which proxy carries a request', () => {
  const s = proxySettings({ HTTP_PROXY: 'http://hp.example.com:1', HTTPS_PROXY: 'http://sp.example.com:2', NO_PROXY: '.internal.example, *.corp.example, 10.0.0.1:8080, [::1]' });
  it.each([
    ['http://api.example.com/', 'hp.example.com:1'],
    ['https://api.example.com/', 'sp.example.com:2'],
    ['https://internal.example/', undefined],
    ['https://a.internal.example/', undefined],
    ['https://corp.example/', 'sp.example.com:2'],
    ['https://x.corp.example/', undefined],
    ['http://10.0.0.1:8080/', undefined],
    ['http://10.0.0.1:8081/', 'hp.example.com:1'],
    ['http://[::1]:9/', undefined],
  ])('%s → %s', (url, proxy) => {
    expect(proxyFor(new URL(url), s)?.url.host).toBe(proxy);
  });
  it('lower-case variables win over upper-case ones, as undici reads them', () => {
    expect(proxyFor(new URL('http://a.example/'), proxySettings({ http_proxy: 'http://lower:1', HTTP_PROXY: 'http://upper:2' }))?.url.host).toBe('lower:1');
  });
  it('NO_PROXY=* sends nothing through a proxy', () => {
    expect(proxyFor(new URL('http://a.example/'), proxySettings({ HTTP_PROXY: 'http://p:1', NO_PROXY: '*' }))).toBeUndefined();
  });
});

describe('a proxy variable that is not a proxy URL', () => {
  it.each([
    ['HTTPS_PROXY', 'not a url'],
    ['HTTPS_PROXY', 'ftp://proxy.example.com'],
    ['HTTP_PROXY', 'http://'],
  ])('%s=%s: one clear line, exit 2', async (name, value) => {
    const r = await run({ [name]: value });
    expect(r.stderr).toBe(`licensectl: ${name} ${JSON.stringify(value)} is not a proxy URL (expected e.g. http://proxy.example.com:3128)\n`);
    expect(r.code).toBe(2);
  });
});
