// The reads a bulk allocate makes before it writes (what the organization owns, then the groups'
// rules in one batch), answered for one group without a rule.
import type { MockPool } from 'undici';
import { ACCOUNT, JSON_HEADERS } from '../commands/fixtures.js';

export function bulkReads(api: MockPool): void {
  const licenses = `/acme/lease_/api/account/${ACCOUNT}/user-license`;
  api.intercept({ path: licenses, method: 'GET' }).reply(200, [{ code: 'IDU', allocated: 0, total: 9 }], JSON_HEADERS);
  api.intercept({ path: `${licenses}/group`, method: 'POST' }).reply(200, [], JSON_HEADERS);
}
