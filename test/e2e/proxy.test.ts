// Behind a corporate proxy: the built CLI with HTTPS_PROXY / HTTP_PROXY / NO_PROXY, against an
// HTTPS origin (a self-signed certificate trusted through NODE_EXTRA_CA_CERTS) and the sandbox,
// through a real proxy that tunnels CONNECT and forwards absolute-form requests.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_DEFAULTS, startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { runCli, tempConfigDir } from '../helpers/cli.js';

const CERT = new URL('../fixtures/tls/localhost-cert.pem', import.meta.url);
const KEY = new URL('../fixtures/tls/localhost-key.pem', import.meta.url);
const GROUP = SANDBOX_DEFAULTS.group;
const TYPE = { id: 1, name: 'Gold seat', sku: 'gold', description: 'over TLS' };

let origin: https.Server;
let proxy: http.Server;
let sb: Sandbox;
let config: string;
/** What the proxy saw: "CONNECT host:port" for a tunnel, "GET http://..." for a forwarded request. */
const proxied: string[] = [];
/** What the HTTPS origin saw: method, path and bearer of each request. */
const served: string[] = [];

const port = (s: net.Server) => (s.address() as AddressInfo).port;
const listen = (s: net.Server) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));

beforeAll(async () => {
  origin = https.createServer({ cert: fs.readFileSync(CERT), key: fs.readFileSync(KEY) }, (req, res) => {
    served.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(TYPE));
  });
  proxy = http.createServer((req, res) => {
    proxied.push(`${req.method} ${req.url}`);
    const target = new URL(req.url!);
    const upstream = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  proxy.on('connect', (req, socket, head) => {
    proxied.push(`CONNECT ${req.url}`);
    const [host, p] = req.url!.split(':');
    const upstream = net.connect(Number(p), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await Promise.all([listen(origin), listen(proxy)]);
  sb = await startSandbox({ port: 0 });
  config = tempConfigDir();
});

afterAll(async () => {
  origin?.closeAllConnections();
  proxy?.closeAllConnections();
  await Promise.all([origin, proxy].map((s) => new Promise((resolve) => (s ? s.close(resolve) : resolve(undefined)))));
  await sb?.close();
  fs.rmSync(config, { recursive: true, force: true });
});

const getOverTls = (env: Record<string, string>) =>
  runCli(['--base-url', `https://localhost:${port(origin)}/acme`, 'lt', 'get', '1', '--instance', 'draas1', '--group', GROUP, '--json'], {
    env: { LICENSECTL_CONFIG_DIR: config, LICENSECTL_TOKEN: 'tok-proxy', NODE_EXTRA_CA_CERTS: CERT.pathname, ...env },
  });

describe('through a proxy from the environment', () => {
  it('tunnels an https request with CONNECT through HTTPS_PROXY', async () => {
    proxied.length = 0;
    served.length = 0;
    const r = await getOverTls({ HTTPS_PROXY: `http://127.0.0.1:${port(proxy)}` });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(TYPE);
    expect(proxied).toEqual([`CONNECT localhost:${port(origin)}`]);
    expect(served).toEqual([`GET /acme/api/v01/draas/draas1/groups/${GROUP}/license_types/1 Bearer tok-proxy`]);
  });

  it('goes straight to a host NO_PROXY names', async () => {
    proxied.length = 0;
    served.length = 0;
    const r = await getOverTls({ HTTPS_PROXY: `http://127.0.0.1:${port(proxy)}`, NO_PROXY: 'localhost' });
    expect(r.code, r.stderr).toBe(0);
    expect(proxied).toEqual([]);
    expect(served).toHaveLength(1);
  });

  it('forwards a plain-http request through HTTP_PROXY, and bulk allocation works through it', async () => {
    proxied.length = 0;
    const file = `${config}/groups.csv`;
    fs.writeFileSync(file, `groupId,codes\n${SANDBOX_DEFAULTS.uipathGroups[0]},IDU\n${SANDBOX_DEFAULTS.uipathGroups[1]},ACNU\n`);
    const r = await runCli(['--base-url', `${sb.url}/acme`, 'group', 'allocate', '--from-file', file, '--account', SANDBOX_DEFAULTS.accountId], {
      env: { LICENSECTL_CONFIG_DIR: config, LICENSECTL_TOKEN: sb.adminToken, HTTP_PROXY: `http://127.0.0.1:${port(proxy)}` },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('2 groups: 2 allocated, 0 failed\n');
    // The reads before the writes go through the proxy too; the writes are the PUTs.
    expect(proxied.filter((p) => p.startsWith('GET ') || p.startsWith('POST ')).length).toBeGreaterThan(0);
    expect(proxied.filter((p) => p.startsWith('PUT ')).sort()).toEqual(
      SANDBOX_DEFAULTS.uipathGroups.slice(0, 2).map((g) => `PUT ${sb.url}/acme/lease_/api/account/${SANDBOX_DEFAULTS.accountId}/user-license/group/${g}`).sort(),
    );
  });
});
