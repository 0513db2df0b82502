// What the bundle gets for `import ... from 'undici'` (scripts/build.mjs aliases it here): only the
// HTTP/1 client side src/api/http.ts uses. undici's index also loads fetch, WebSocket, the cache,
// mocks and interceptors; in the bundle that is 1.4 MB to load on every request-making command.
// Type checking and vitest still see the real package. A name http.ts imports that is not
// exported here fails the build (esbuild: "No matching export"), so this cannot drift silently.
import connect from 'undici/lib/api/api-connect.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js';

// undici's index adds its whole API (request, stream, pipeline, upgrade, connect) to every
// dispatcher. http.ts itself only dispatches, but ProxyAgent opens its tunnel to an https origin
// with connect(): without it, every request through HTTPS_PROXY failed ("connect is not a
// function"). test/e2e/proxy.test.ts goes through a real CONNECT proxy.
Dispatcher.prototype.connect = connect;

export { Agent, Dispatcher, EnvHttpProxyAgent };
