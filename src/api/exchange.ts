// One HTTP request on the wire (undici's dispatch handler), split from http.ts: it collects the
// answer within the per-answer limit and the client's budget for all answers in flight, and owns
// the request's one timer.
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { failure } from '../errors.js';
import { MAX_BODY } from './body.js';

export type RawResponse = { status: number; headers: Record<string, string | string[] | undefined>; text: string };

/** Bytes buffered by the answers in flight of one client. */
export interface Budget {
  used: number;
  max: number;
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
export class Exchange implements Dispatcher.DispatchHandler {
  timedOut = false;
  /** Where it is in its client's InFlight list (-1: not there). */
  slot = -1;
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
    private readonly budget: Budget,
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
    this.budget.used -= this.size;
    this.size = 0;
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
    if (this.size + chunk.length > MAX_BODY) return controller.abort(failure(`the server's answer is larger than ${MAX_BODY / 1024 / 1024} MiB; refusing to read it`, 'bad_response'));
    if (this.budget.used + chunk.length > this.budget.max) {
      return controller.abort(failure(`the server's answers in flight hold more than ${mib(this.budget.max)} together; refusing to read more (lower --concurrency?)`, 'bad_response'));
    }
    this.size += chunk.length;
    this.budget.used += chunk.length;
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

/**
 * The exchanges of a client that are in flight, for Ctrl-C to abort them: an array whose slots are
 * reused, with each exchange knowing its slot (a draining client, as a bulk run's, keeps none). It
 * was a Set, and with a Set every exchange added and deleted was promoted to V8's old generation
 * with all it holds (its request, answer and their strings), to be freed only by the next full GC:
 * in a run of 10,000 PUTs about 2.3 MB a scavenge against 0.05 MB without it, and GC pauses 46-62
 * ms against 28-34 ms (bench/README.md, round 4). The likely cause: the tables a Set in the old
 * generation leaves behind as it rehashes still point at what they held, and keep it alive until then.
 */
export class InFlight {
  private readonly list: Exchange[] = [];

  add(exchange: Exchange): void {
    exchange.slot = this.list.push(exchange) - 1;
  }

  delete(exchange: Exchange): void {
    const slot = exchange.slot;
    if (slot < 0) return;
    exchange.slot = -1;
    const last = this.list.pop()!;
    if (last !== exchange) {
      this.list[slot] = last;
      last.slot = slot;
    }
  }

  get size(): number {
    return this.list.length;
  }

  /** Aborts every exchange in flight (a copy of the list: an abort may end one at once). */
  abortAll(reason: unknown): void {
    for (const exchange of this.list.slice()) exchange.abort(reason);
  }
}

function timeOut(exchange: Exchange): void {
  exchange.timedOut = true;
  exchange.abort(Object.assign(new Error('timed out'), { code: 'TIMEOUT' }));
}

function mib(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;
}
