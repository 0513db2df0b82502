// An HttpClient over an undici MockAgent that refuses real connections: the set-up the test/api
// tests share. Retries wait milliseconds, not seconds; a test file passes what it relies on
// (base URL, attempts, ...) and may override any default.
import { MockAgent, type Dispatcher } from 'undici';
import { expect } from 'vitest';
import { HttpClient, type HttpClientOptions } from '../../src/api/http.js';
import { CliError } from '../../src/errors.js';

/** A MockAgent that fails any request no interceptor answers, instead of going to the network. */
export function mockAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  return agent;
}

export type MockClientOptions = Partial<HttpClientOptions> & Pick<HttpClientOptions, 'baseUrl'>;

/** An HttpClient that sends through `dispatcher`: user agent licensectl/test, token tok-123456, 5 s time-out, short back-off. */
export function mockHttpClient(dispatcher: Dispatcher, opts: MockClientOptions): HttpClient {
  return new HttpClient({
    userAgent: 'licensectl/test',
    timeoutMs: 5_000,
    auth: { token: async () => 'tok-123456' },
    dispatcher,
    backoff: { baseMs: 1, capMs: 2, retryAfterCapMs: 5 },
    ...opts,
  });
}

/** A fresh agent and a client over it (mockHttpClient); close the agent after the test. */
export function mockClient(opts: MockClientOptions): { agent: MockAgent; client: HttpClient } {
  const agent = mockAgent();
  return { agent, client: mockHttpClient(agent, opts) };
}

/**
 * An HttpClient to a real (loopback) test server at `baseUrl` + `/acme`: no proxy from the
 * environment, 4 attempts, a short back-off that honours Retry-After up to 5 s. It is pushed onto
 * `clients` so the test file can close them all after each test.
 */
export function liveClient(clients: HttpClient[], baseUrl: string, opts: Partial<HttpClientOptions> = {}): HttpClient {
  const c = new HttpClient({
    baseUrl: `${baseUrl}/acme`,
    userAgent: 'licensectl/test',
    timeoutMs: 2_000,
    auth: { token: async () => 'tok-123' },
    maxAttempts: 4,
    backoff: { baseMs: 1, capMs: 5, retryAfterCapMs: 5_000 },
    env: {},
    ...opts,
  });
  clients.push(c);
  return c;
}

/** The CliError a promise rejects with (fails the test when it resolves or throws something else). */
export async function failing(p: Promise<unknown>): Promise<CliError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(CliError);
  return err as CliError;
}
