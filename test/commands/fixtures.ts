// What the in-process command tests share: one mocked API origin, the profile-less environment that
import { isDeepStrictEqual } from 'node:util';
// points at it, and replies shaped like the vendors' (JSON with its content type).
import { expect } from 'vitest';
import type { MockAgent, MockPool } from 'undici';
import { mockAgent, runInProcess, type InProcessResult } from '../helpers/inprocess.js';

export const ORIGIN = 'http://127.0.0.1:9';
export const ORG = 'acme';
export const BASE_URL = `${ORIGIN}/${ORG}`;
export const TOKEN = 'test-token-0123456789';
export const INSTANCE = 'draas1';
export const GROUP = '1b4e28ba-2fa1-11d2-883f-0016d3cca427';
export const ACCOUNT = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** Base URL and token from the environment, as CI runs licensectl. */
export const ENV = { LICENSECTL_BASE_URL: BASE_URL, LICENSECTL_TOKEN: TOKEN };

export const JSON_HEADERS = { headers: { 'content-type': 'application/json' } };

/** The path of a group's license types (Fusion), with an optional query string. */
export function ltPath(query = '', id?: number): string {
  return `/${ORG}/api/v01/draas/${INSTANCE}/groups/${GROUP}/license_types${id === undefined ? '' : `/${id}`}${query ? `?${query}` : ''}`;
}

/** The requests the agent saw, as "METHOD path?query" plus their raw bodies (call history must be on). */
export function calls(agent: MockAgent): { line: string; body: unknown; headers: Record<string, string> }[] {
  return (agent.getCallHistory()?.calls() ?? []).map((c) => ({
    line: `${c.method} ${c.fullUrl.slice(c.origin.length)}`,
    body: c.body ?? undefined,
    headers: Object.fromEntries(Object.entries(c.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])),
  }));
}

/** `n` license types with ids from 1, as the vendor lists them. */
export function types(n: number, from = 1) {
  return Array.from({ length: n }, (_, i) => ({ id: from + i, name: `Type ${from + i}`, sku: `sku-${from + i}`, description: `Desc ${from + i}` }));
}

/** One row of a command's test table: the command line, the API it meets, and all it must print. */
export interface Case {
  name: string;
  args: string[];
  /** A terminal (stdout and stderr), NO_COLOR unless `env` says otherwise; default a pipe. */
  tty?: boolean;
  env?: Record<string, string | undefined>;
  input?: string;
  stdinTty?: boolean;
  /** Interceptors on the mocked origin; every one must be used. */
  mock?: (api: MockPool) => void;
  code: number;
  stdout: string | RegExp;
  stderr: string | RegExp;
  /** "METHOD path" of every request sent, in order (default: not checked). */
  requests?: string[];
  now?: () => number;
  configDir?: string;
  /** Terminal width (with tty). */
  columns?: number;
}

/** Runs one case in-process and checks exit code, stdout, stderr and (if given) the requests. */
export async function check(c: Case): Promise<InProcessResult> {
  const agent = mockAgent().enableCallHistory();
  c.mock?.(agent.get(ORIGIN));
  const r = await runInProcess(c.args, {
    env: { ...ENV, ...(c.tty ? { NO_COLOR: '1' } : {}), ...c.env },
    tty: c.tty,
    input: c.input,
    stdinTty: c.stdinTty,
    dispatcher: agent,
    now: c.now,
    configDir: c.configDir,
    columns: c.columns,
  });
  const text = { code: r.code, stdout: r.stdout, stderr: r.stderr };
  expect(text).toEqual({
    code: c.code,
    stdout: typeof c.stdout === 'string' ? c.stdout : expect.stringMatching(c.stdout),
    stderr: typeof c.stderr === 'string' ? c.stderr : expect.stringMatching(c.stderr),
  });
  if (c.requests) expect(calls(agent).map((x) => x.line)).toEqual(c.requests);
  agent.assertNoPendingInterceptors();
  await agent.close();
  return r;
}

/** A body matcher for an interceptor: the request's JSON equals `expected`, whatever the key order. */
export function jsonBody(expected: unknown): (body: string) => boolean {
  return (body) => isDeepStrictEqual(JSON.parse(body), expected);
}

/** The path of one UiPath group's user licenses. */
export function groupPath(groupId: string, account = ACCOUNT): string {
  return `/${ORG}/lease_/api/account/${account}/user-license/group/${groupId}`;
}

/** The 200 answer of an allocation: what the server now stores. */
export function allocation(groupId: string, codes: string[], external = false, account = ACCOUNT) {
  return { groupId, organizationId: account, useExternalLicense: external, userBundleCodes: codes };
}
