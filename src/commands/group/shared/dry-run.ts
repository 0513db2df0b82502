// `--dry-run`: the exact request(s) that would be sent, token redacted, nothing sent.

import type { RequestSpec } from '../../../api/http.js';
import { buildUrl } from '../../../api/url.js';
import type { Output } from '../../../output/output.js';

export interface PlannedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export function plan(baseUrl: string, spec: RequestSpec): PlannedRequest {
  return {
    method: spec.method,
    url: buildUrl(baseUrl, spec.path, spec.query).toString(),
    headers: { Authorization: 'Bearer ***', 'Content-Type': 'application/json', Accept: 'application/json' },
    body: spec.json,
  };
}

/** Each request as method + URL, header lines, a blank line and the body; blocks separated by a blank line. */
export function printPlans(out: Output, plans: readonly PlannedRequest[], opts: { asArray: boolean }): void {
  if (out.json) {
    out.writeJson(opts.asArray ? plans : plans[0]);
    return;
  }
  const blocks = plans.map((p) =>
    [`${p.method} ${p.url}`, ...Object.entries(p.headers).map(([k, v]) => `${k}: ${v}`), '', JSON.stringify(p.body)].join('\n'),
  );
  if (blocks.length > 0) out.line(blocks.join('\n\n'));
}
