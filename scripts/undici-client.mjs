// What the bundle gets for `import ... from 'undici'` (scripts/build.mjs aliases it here): only the
// HTTP/1 client side src/api/http.ts uses. undici's index also loads fetch, WebSocket, the cache,
// mocks and interceptors; in the bundle that is 1.4 MB to load on every request-making command.
// Type checking and vitest still see the real package. A name http.ts imports that is not
// exported here fails the build (esbuild: "No matching export"), so this cannot drift silently.
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import request from 'undici/lib/api/api-request.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js';

// As undici's index does for its whole API (request, stream, pipeline, ...): we only use request.
Dispatcher.prototype.request = request;

export { Agent, Dispatcher, EnvHttpProxyAgent };
