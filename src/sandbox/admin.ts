// Admin endpoints under /_sandbox: no auth, not logged, never faulted, no latency. They let a test
// that spawns the CLI look inside (was a request sent? what is stored?) and seed bulk data. The
// request log holds the newest REQUEST_LOG_LIMIT (10,000) API requests.

import { isJsonObject } from '../json.js';
import { badRequest, jsonObject, type Reply } from './http.js';
import { toJson } from './persist.js';
import type { Route, Services } from './router.js';
import type { RequestLogEntry } from './server.js';
import { seedGroups, seedLicenseTypes } from './state.js';

const MAX_SEED = 1_000_000;

function seedSpec(body: Record<string, unknown>, key: string, fields: Record<string, 'string' | 'count' | 'optional-string'>) {
  const spec = body[key];
  if (spec === undefined) return undefined;
  if (!isJsonObject(spec)) throw badRequest(`${key} must be an object`);
  for (const [name, kind] of Object.entries(fields)) {
    const v = spec[name];
    if (kind === 'count' && !(Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= MAX_SEED)) {
      throw badRequest(`${key}.${name} must be an integer between 0 and ${MAX_SEED}`);
    }
    if (kind === 'string' && (typeof v !== 'string' || v === '')) throw badRequest(`${key}.${name} must be a non-empty string`);
    if (kind === 'optional-string' && v !== undefined && typeof v !== 'string') throw badRequest(`${key}.${name} must be a string`);
  }
  return spec;
}

export function adminRoutes(svc: Services, requests: RequestLogEntry[]): Route[] {
  return [
    {
      pattern: ['_sandbox', 'requests'],
      handlers: {
        GET: () => ({ status: 200, body: requests }),
        DELETE: () => {
          requests.length = 0; // in place: Sandbox.requests is this same array
          return { status: 204 };
        },
      },
    },
    { pattern: ['_sandbox', 'state'], handlers: { GET: () => ({ status: 200, body: toJson(svc.state, false) }) } },
    {
      pattern: ['_sandbox', 'seed'],
      handlers: {
        POST: (ctx): Reply => {
          const body = jsonObject(ctx);
          const lt = seedSpec(body, 'licenseTypes', { instance: 'string', group: 'string', count: 'count' });
          const groups = seedSpec(body, 'groups', { accountId: 'string', count: 'count', prefix: 'optional-string' });
          if (!lt && !groups) throw badRequest('give licenseTypes {instance, group, count} and/or groups {accountId, count, prefix?}');
          const answer: { licenseTypes?: number[]; groups?: string[] } = {};
          if (lt) answer.licenseTypes = seedLicenseTypes(svc.state, lt.instance as string, lt.group as string, lt.count as number);
          if (groups) {
            answer.groups = seedGroups(svc.state, groups.accountId as string, groups.count as number, groups.prefix as string | undefined);
          }
          svc.changed();
          return { status: 200, body: answer };
        },
      },
    },
  ];
}
