// An HttpClient over an undici MockAgent that refuses real connections: the set-up the test/api
// tests share. Retries wait milliseconds, not seconds; a test file passes what it relies on
// (base URL, attempts, ...) and may override any default.
import { MockAgent, type Dispatcher } from 'undici';
import { HttpClient, type HttpClientOptions } from '../../src/api/http.js';

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
