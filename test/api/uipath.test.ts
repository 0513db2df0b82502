import type { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../../src/api/http.js';
import { allocateGroup, allocateRequest, parseAllocation } from '../../src/api/uipath.js';
import { ApiError, CliError } from '../../src/errors.js';
import { mockClient } from '../helpers/mock-client.js';

const ORIGIN = 'https://cloud.example.com';
const BASE = `${ORIGIN}/acme`;
const ACCOUNT = 'a1c3e5f7-0b2d-4f6a-8c1e-3d5f7a9b1c2e';
const GROUP = 'b2d4f6a8-1c3e-4a5b-9d7f-2e4a6c8e0f13';
const PATH = `/acme/lease_/api/account/${ACCOUNT}/user-license/group/${GROUP}`;

let agent: MockAgent;
let client: HttpClient;

beforeEach(() => {
  ({ agent, client } = mockClient({ baseUrl: BASE, maxAttempts: 3 }));
});

afterEach(async () => {
  await agent.close();
});

const stored = { groupId: GROUP, organizationId: ACCOUNT, useExternalLicense: false, userBundleCodes: ['RPADEVPRONU', 'IDU'] };

describe('allocateGroup', () => {
  it('PUTs both body keys with bearer auth and JSON headers, and returns the stored allocation', async () => {
    let seen: { body: unknown; headers: Record<string, string> } | undefined;
    agent
      .get(ORIGIN)
      .intercept({ path: PATH, method: 'PUT' })
      .reply((opts) => {
        seen = { body: JSON.parse(String(opts.body)), headers: opts.headers as Record<string, string> };
        return { statusCode: 200, data: stored, responseOptions: { headers: { 'content-type': 'application/json' } } };
      });
    const res = await allocateGroup(client, { accountId: ACCOUNT, groupId: GROUP }, { userBundleCodes: ['RPADEVPRONU', 'IDU'], useExternalLicense: false });
    expect(res).toEqual({ allocation: stored, status: 200, attempts: 1 });
    expect(seen?.body).toEqual({ userBundleCodes: ['RPADEVPRONU', 'IDU'], useExternalLicense: false });
    expect(JSON.stringify(seen?.body)).toBe('{"userBundleCodes":["RPADEVPRONU","IDU"],"useExternalLicense":false}');
    expect(seen?.headers.authorization).toBe('Bearer tok-123456');
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.headers.accept).toBe('application/json');
  });

  it('percent-encodes an opaque group id as one path segment', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: `/acme/lease_/api/account/${ACCOUNT}/user-license/group/a%2Fb%20c%3F`, method: 'PUT' })
      .reply(200, { ...stored, groupId: 'a/b c?' });
    const res = await allocateGroup(client, { accountId: ACCOUNT, groupId: 'a/b c?' }, { userBundleCodes: ['IDU'], useExternalLicense: true });
    expect(res.allocation.groupId).toBe('a/b c?');
  });

  it('retries a 503 and reports the number of attempts', async () => {
    const pool = agent.get(ORIGIN);
    pool.intercept({ path: PATH, method: 'PUT' }).reply(503, { error: 'busy' });
    pool.intercept({ path: PATH, method: 'PUT' }).reply(200, stored);
    const res = await allocateGroup(client, { accountId: ACCOUNT, groupId: GROUP }, { userBundleCodes: ['IDU'], useExternalLicense: false });
    expect(res.attempts).toBe(2);
  });

  const failing: [number, string, number, RegExp][] = [
    [409, 'conflict', 5, /^the organization has not purchased enough licenses for this allocation of group b2d4f6a8-1c3e-4a5b-9d7f-2e4a6c8e0f13 \(409\): exceeds PMD$/],
    [404, 'not_found', 3, /^group b2d4f6a8-1c3e-4a5b-9d7f-2e4a6c8e0f13 not found in organization a1c3e5f7-0b2d-4f6a-8c1e-3d5f7a9b1c2e \(404\): check the group's ID or name/],
    [403, 'forbidden', 4, /^the token lacks the scope PM\.License\.Write \(403\): log in with a client or user that has it: exceeds PMD$/],
    [400, 'bad_request', 5, /^the server rejected the allocation for group b2d4f6a8-1c3e-4a5b-9d7f-2e4a6c8e0f13 \(400\): exceeds PMD$/],
  ];
  for (const [status, code, exitCode, message] of failing) {
    it(`maps ${status} to exit ${exitCode} with a message that says what it means`, async () => {
      agent.get(ORIGIN).intercept({ path: PATH, method: 'PUT' }).reply(status, { error: code, message: 'exceeds PMD' });
      const err = await allocateGroup(client, { accountId: ACCOUNT, groupId: GROUP }, { userBundleCodes: ['PMD'], useExternalLicense: false }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      const e = err as ApiError;
      expect(e.status).toBe(status);
      expect(e.code).toBe(code);
      expect(e.exitCode).toBe(exitCode);
      expect(e.attempts).toBe(1);
      expect(e.message).toMatch(message);
    });
  }

  it('rejects a 200 answer that is not an allocation (exit 1)', async () => {
    agent.get(ORIGIN).intercept({ path: PATH, method: 'PUT' }).reply(200, { groupId: GROUP, organizationId: ACCOUNT, useExternalLicense: 'no', userBundleCodes: [] });
    const err = await allocateGroup(client, { accountId: ACCOUNT, groupId: GROUP }, { userBundleCodes: ['IDU'], useExternalLicense: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(1);
    expect((err as CliError).code).toBe('bad_response');
    expect((err as CliError).message).toBe(
      `the server accepted the allocation of group ${GROUP} but its answer is not a group allocation: "useExternalLicense" is not a boolean`,
    );
  });
});

describe('allocateRequest', () => {
  it('is a PUT to lease_/api/account/{accountId}/user-license/group/{groupId}', () => {
    const spec = allocateRequest({ accountId: 'acc', groupId: 'grp' }, { userBundleCodes: ['IDU'], useExternalLicense: true });
    expect(spec.method).toBe('PUT');
    expect(spec.path).toEqual(['lease_', 'api', 'account', 'acc', 'user-license', 'group', 'grp']);
    expect(spec.json).toEqual({ userBundleCodes: ['IDU'], useExternalLicense: true });
  });
});

describe('parseAllocation', () => {
  it.each([
    [undefined, 'the body is empty'],
    [[], 'it is not a JSON object'],
    [{ organizationId: 'o', useExternalLicense: false, userBundleCodes: [] }, '"groupId" is not a string'],
    [{ groupId: 'g', useExternalLicense: false, userBundleCodes: [] }, '"organizationId" is not a string'],
    [{ groupId: 'g', organizationId: 'o', useExternalLicense: false, userBundleCodes: [1] }, '"userBundleCodes" is not an array of strings'],
  ])('refuses %j', (data, problem) => {
    expect(() => parseAllocation(data, 'g')).toThrow(`its answer is not a group allocation: ${problem}`);
  });

  it('accepts extra fields and returns the answer as sent', () => {
    const data = { ...stored, extra: 1 };
    expect(parseAllocation(data, GROUP)).toBe(data);
  });
});
