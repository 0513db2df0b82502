import { eachLicenseTypePage, listAllLicenseTypes, listLicenseTypes, type LicenseTypePage, type ListQuery } from '../../api/fusion.js';
import { AdaptiveLimit } from '../../pool-adaptive.js';
import type { Context } from '../../context.js';
import { usageError } from '../../errors.js';
import { clientFor, describeTarget, resolveTarget, type TargetOptions } from './shared/target.js';
import { LICENSE_TYPE_COLUMNS } from './shared/view.js';

interface Opts extends TargetOptions {
  search?: string;
  sort?: string;
  dir?: 'asc' | 'desc';
  pageSize?: number;
  page?: number;
  all?: boolean;
}

/**
 * Pages of --all in flight: from 2, growing while answers keep up (a distant server), to at most 4.
 * Each page in flight holds its answer (about 140 KB for 1,000 types, and what undici has read of
 * the others meanwhile): 100,000 types on loopback peaked at 73 MiB with 1 in flight, 102-124 with
 * 4 and 129-146 with 16, all in about the same time, as the server answers one page at a time;
 * starting at 2 and growing to at most 4: 88-98 MiB (bench/README.md).
 */
const PAGES_IN_FLIGHT = { initial: 2, max: 4 };

export async function run(ctx: Context, _args: string[], opts: Opts): Promise<void> {
  if (opts.all && opts.page !== undefined) throw usageError('--all reads every page: leave out --page');
  const target = await resolveTarget(ctx, opts);
  // --all: every page, large answers (up to 1,000 types each).
  const limit = opts.all ? new AdaptiveLimit(PAGES_IN_FLIGHT) : undefined;
  const http = await clientFor(ctx, target, opts.all ? { requests: Infinity, pacer: limit } : {});
  const query: ListQuery = { search: opts.search, sort: opts.sort, dir: opts.dir, page_size: opts.pageSize };
  const out = ctx.out;
  if (opts.all && out.json) {
    // Streamed: 100,000 types are never all in memory, nor their text.
    const { JsonArrayWriter } = await import('../../output/json-stream.js');
    const writer = new JsonArrayWriter(ctx.io.stdout);
    const summary = await eachLicenseTypePage(http, target, query, limit!, (types) => writer.push(types));
    writer.end();
    return changed(ctx, summary.results, summary.received);
  }
  const result = opts.all
    ? await listAllLicenseTypes(http, target, query, limit)
    : await listLicenseTypes(http, target, { ...query, page: opts.page });
  if (opts.all) changed(ctx, result.results, result.license_types.length);
  if (out.json) return out.writeJson(result.license_types);

  const where = describeTarget(target);
  out.records(LICENSE_TYPE_COLUMNS, result.license_types, {
    footer: out.mode === 'table' ? footer(result, opts.all) : undefined,
    empty: result.results === 0
      ? `No license types${opts.search ? ` match "${opts.search}"` : ''} in ${where}.`
      : `Nothing on page ${result.page}: there ${result.pages === 1 ? 'is 1 page' : `are ${result.pages} pages`}.`,
  });
  if (out.mode === 'tsv' && !opts.all && result.page < result.pages) {
    out.note(`page ${result.page} of ${result.pages}, ${result.results} results: add --all for every page`);
  }
}

function changed(ctx: Context, counted: number, received: number): void {
  if (received !== counted) ctx.out.warn(`the list changed while it was read: the server counted ${counted}, ${received} were received`);
}

function footer(p: LicenseTypePage, all: boolean | undefined): string | undefined {
  if (p.results === 0 || p.license_types.length === 0) return undefined;
  const results = `${p.results} ${p.results === 1 ? 'result' : 'results'}`;
  if (all) return `all ${p.pages} ${p.pages === 1 ? 'page' : 'pages'}, ${results}`;
  // The next step, as `group list` says it: a person at a terminal should not have to guess.
  const more = p.page < p.pages ? `: --page ${p.page + 1} for the next, --all for every page` : '';
  return `page ${p.page} of ${p.pages}, ${results}${more}`;
}
