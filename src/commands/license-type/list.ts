import { listAllLicenseTypes, listLicenseTypes, type LicenseTypePage, type ListQuery } from '../../api/fusion.js';
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

export async function run(ctx: Context, _args: string[], opts: Opts): Promise<void> {
  if (opts.all && opts.page !== undefined) throw usageError('--all reads every page: leave out --page');
  const target = await resolveTarget(ctx, opts);
  // --all: every page, large answers (up to 1,000 types each).
  const http = await clientFor(ctx, target, opts.all ? { requests: Infinity } : {});
  const query: ListQuery = { search: opts.search, sort: opts.sort, dir: opts.dir, page_size: opts.pageSize };
  const result = opts.all
    ? await listAllLicenseTypes(http, target, query)
    : await listLicenseTypes(http, target, { ...query, page: opts.page });
  const out = ctx.out;
  if (opts.all && result.license_types.length !== result.results) {
    out.warn(`the list changed while it was read: the server counted ${result.results}, ${result.license_types.length} were received`);
  }
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

function footer(p: LicenseTypePage, all: boolean | undefined): string | undefined {
  if (p.results === 0 || p.license_types.length === 0) return undefined;
  const results = `${p.results} ${p.results === 1 ? 'result' : 'results'}`;
  if (all) return `all ${p.pages} ${p.pages === 1 ? 'page' : 'pages'}, ${results}`;
  // The next step, as `group list` says it: a person at a terminal should not have to guess.
  const more = p.page < p.pages ? `: --page ${p.page + 1} for the next, --all for every page` : '';
  return `page ${p.page} of ${p.pages}, ${results}${more}`;
}
