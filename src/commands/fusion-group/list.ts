import { listAllGroups, listGroups, type FusionGroup, type GroupPage } from '../../api/fusion-groups.js';
import type { Context } from '../../context.js';
import { usageError } from '../../errors.js';
import type { Column } from '../../output/output.js';
import { instanceProblem } from '../license-type/shared/target.js';

interface Opts {
  instance?: string;
  search?: string;
  all?: boolean;
}

const COLUMNS: Column<FusionGroup>[] = [
  { header: 'UUID', value: (g) => g.uuid },
  { header: 'NAME', value: (g) => g.name },
];

export async function run(ctx: Context, _args: string[], opts: Opts): Promise<void> {
  const resolved = ctx.resolveProfile();
  const instance = opts.instance ?? resolved.profile?.instance;
  if (instance === undefined) {
    const fix = resolved.name ? `\`licensectl profile set ${resolved.name} --instance <name>\`` : 'a profile';
    throw usageError(`no DRaaS instance: pass --instance <name>, or store a default with ${fix}`);
  }
  const problem = instanceProblem(instance);
  if (problem) throw usageError(`bad DRaaS instance ${JSON.stringify(instance)}: ${problem}`);

  const http = await ctx.http(resolved);
  const query = { ...(opts.search !== undefined && { search: opts.search }) };
  const result = opts.all ? await listAllGroups(http, instance, query) : await listGroups(http, instance, query);
  const out = ctx.out;
  if (out.json) return out.writeJson(result.groups);
  out.records(COLUMNS, result.groups, {
    footer: out.mode === 'table' ? footer(result, opts.all) : undefined,
    empty: `No groups${opts.search ? ` match "${opts.search}"` : ''} in DRaaS instance ${instance}.`,
  });
  if (out.mode === 'tsv' && !opts.all && result.next !== undefined) {
    out.note(`page ${result.page} of ${result.pages}, ${result.results} results: add --all for every page`);
  }
}

function footer(p: GroupPage, all: boolean | undefined): string | undefined {
  if (p.groups.length === 0) return undefined;
  const results = `${p.results} ${p.results === 1 ? 'result' : 'results'}`;
  if (all) return `all ${p.pages} ${p.pages === 1 ? 'page' : 'pages'}, ${results}`;
  return `page ${p.page} of ${p.pages}, ${results}${p.next !== undefined ? ': add --all for every page' : ''}`;
}
