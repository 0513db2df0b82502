// A tiny HTTP server for reliability tests: it answers each request with a scripted response
// (status, headers, body, delay, a dropped connection, a body cut off mid-way, a huge streamed
// body) and records what it received and when, so a test can count attempts and measure the
// gaps between them without timing the client itself.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Scripted {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string | string[]>;
  /**
   * A string or Buffer is sent as is (text/plain unless `headers` say otherwise); anything else is
   * sent as JSON. Undefined: no body.
   */
  body?: unknown;
  /** Wait this long (after reading the request body) before answering. */
  delayMs?: number;
  /** Read the request, then cut the connection without answering. */
  drop?: boolean;
  /** Announce the whole body in Content-Length, send only this many bytes of it, then cut the connection. */
  truncateAt?: number;
  /** A body streamed as prefix + chunk × count + suffix, for answers too big to hold in a string. */
  stream?: { chunk: string | Buffer; count: number; prefix?: string; suffix?: string };
}

export interface Received {
  /** 0-based arrival order. */
  index: number;
  /** Arrival time in milliseconds (performance clock of the test process). */
  at: number;
  /** Arrival time by the wall clock (Date.now()), to compare with an HTTP-date Retry-After. */
  wall: number;
  method: string;
  path: string;
  query: string;
  headers: IncomingMessage['headers'];
  /** The request body as text ('' until it has been read). */
  body: string;
}

/** One response for every request, one per request in order (the last repeats), or a function of the request. */
export type Script = Scripted | readonly Scripted[] | ((req: Received) => Scripted);

export interface HostileServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  received: Received[];
  /** Replaces the script; arrival indexes keep counting. */
  script(next: Script): void;
  close(): Promise<void>;
}

function pick(script: Script, req: Received): Scripted {
  if (typeof script === 'function') return script(req);
  if (Array.isArray(script)) return script[Math.min(req.index, script.length - 1)] ?? {};
  return script as Scripted;
}

function encode(s: Scripted): { payload: Buffer | undefined; type: string | undefined } {
  if (s.body === undefined) return { payload: undefined, type: undefined };
  if (Buffer.isBuffer(s.body)) return { payload: s.body, type: 'text/plain' };
  if (typeof s.body === 'string') return { payload: Buffer.from(s.body, 'utf8'), type: 'text/plain; charset=utf-8' };
  return { payload: Buffer.from(JSON.stringify(s.body) ?? 'null', 'utf8'), type: 'application/json' };
}

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

async function writeStream(res: ServerResponse, stream: NonNullable<Scripted['stream']>): Promise<void> {
  const chunk = Buffer.isBuffer(stream.chunk) ? stream.chunk : Buffer.from(stream.chunk, 'utf8');
  if (stream.prefix) res.write(stream.prefix);
  // Bounded by count; waits for the client to drain so a refused body does not pile up in memory.
  for (let i = 0; i < stream.count && !res.destroyed; i++) {
    if (res.write(chunk)) continue;
    await new Promise<void>((resolve) => {
      const done = () => { res.off('drain', done); res.off('close', done); resolve(); };
      res.on('drain', done);
      res.on('close', done);
    });
  }
  if (!res.destroyed) res.end(stream.suffix ?? '');
}

export async function startHostileServer(initial: Script): Promise<HostileServer> {
  let script = initial;
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const t = setTimeout(() => { timers.delete(t); resolve(); }, ms);
    timers.add(t);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const entry: Received = {
      index: received.length,
      at: performance.now(),
      wall: Date.now(),
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      headers: req.headers,
      body: '',
    };
    received.push(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    entry.body = Buffer.concat(chunks).toString('utf8');

    const s = pick(script, entry);
    if (s.delayMs) await sleep(s.delayMs);
    if (res.destroyed) return;
    if (s.drop) return void req.socket.destroy();

    const headers: Record<string, string | string[]> = { ...s.headers };
    const status = s.status ?? 200;
    if (s.stream) {
      if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
      res.writeHead(status, headers);
      return writeStream(res, s.stream);
    }
    const { payload, type } = encode(s);
    if (type && !hasHeader(headers, 'content-type')) headers['content-type'] = type;
    if (payload && !hasHeader(headers, 'content-length')) headers['content-length'] = String(payload.length);
    res.writeHead(status, headers);
    if (s.truncateAt !== undefined && payload) {
      res.write(payload.subarray(0, s.truncateAt));
      // Let the partial body leave before the connection is cut.
      await sleep(20);
      return void req.socket.destroy();
    }
    res.end(payload);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script(next) {
      script = next;
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
