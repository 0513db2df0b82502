// What comes back from Netaxis Fusion (docs/api.md §2): a 403 turned into the role the token
// lacks, and the checks that an answer is what the API documents before anything downstream
// relies on it. Used by the license types (fusion.ts) and the group list (fusion-groups.ts).
import { ApiError, CliError, failure } from '../errors.js';
import { isJsonObject } from '../json.js';
import type { LicenseType, LicenseTypePage } from './fusion.js';
import type { HttpClient, RequestSpec } from './http.js';

/** More pages than this is a server that is not telling the truth; never loop on it. */
export const MAX_PAGES = 100_000;

/** Sends a request and turns a 403 into a sentence that names the role the token lacks. */
export async function send(http: HttpClient, spec: RequestSpec, role: string): Promise<unknown> {
  try {
    return (await http.request(spec)).data;
  } catch (err) {
    if (err instanceof ApiError && err.status === 403) {
      const said = err.apiMessage && !err.apiMessage.includes(role) ? `: ${err.apiMessage}` : '';
      throw new ApiError(`the token lacks role ${role} (403)${said}`, 403, err.apiMessage);
    }
    throw err;
  }
}

/** A bad_response error: `what` (the request) answered something the API does not document. */
export function undocumented(what: string, problem: string): CliError {
  return failure(`the server's answer is not what the API documents: ${what}: ${problem}`, 'bad_response');
}

/** A value as an error message names it (long strings cut short). */
export function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/** Checks one license type; `label` says where it came from for the error message. */
export function checkLicenseType(value: unknown, what: string, label: string): LicenseType {
  if (!isJsonObject(value)) throw undocumented(what, `${label} is ${describe(value)}, not an object`);
  const problem = idProblem(value.id);
  if (problem) throw undocumented(what, `${label} has ${problem}`);
  return value as LicenseType;
}

/** Ids are what `get <id>` accepts: positive safe integers. */
export function idProblem(v: unknown): string | undefined {
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) return `an id that is not an integer (${describe(v)})`;
  if (v < 1) return `an id below 1 (${v})`;
  return undefined;
}

/** `body[key]` as a count (a non-negative integer), or an error. */
export function count(body: Record<string, unknown>, key: string, what: string): number {
  const v = body[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw undocumented(what, `"${key}" is ${describe(v)}, not a count`);
  return v;
}

/** Checks a list answer: `{"license_types": [...], "page", "pages", "results"}`. */
export function checkPage(body: unknown, what: string): LicenseTypePage {
  if (!isJsonObject(body)) throw undocumented(what, `expected an object with "license_types", got ${body === undefined ? 'an empty body' : describe(body)}`);
  const items = body.license_types;
  if (!Array.isArray(items)) throw undocumented(what, `"license_types" is ${describe(items)}, not an array`);
  return {
    license_types: items.map((item, i) => checkLicenseType(item, what, `license_types[${i}]`)),
    page: count(body, 'page', what),
    pages: count(body, 'pages', what),
    results: count(body, 'results', what),
  };
}
