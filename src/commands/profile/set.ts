import type { Context } from '../../context.js';
import { baseUrlProblem } from '../../api/url.js';
import { profileNameProblem, type Profile } from '../../config/profile.js';
import { usageError } from '../../errors.js';
import { groupProblem, instanceProblem } from '../license-type/shared/target.js';

interface Opts { baseUrl?: string; account?: string; instance?: string; group?: string; allowInsecureHttp?: boolean; use?: boolean }

export async function run(ctx: Context, [name]: string[], opts: Opts): Promise<void> {
  const badName = profileNameProblem(name ?? '');
  if (badName || name === undefined) throw usageError(badName ?? 'a profile name is required');
  // --base-url is also a global option, so commander may hand it to the program instead.
  const baseUrl = opts.baseUrl ?? ctx.globals.baseUrl;
  if (baseUrl !== undefined) {
    const problem = baseUrlProblem(baseUrl);
    if (problem) throw usageError(`--base-url: ${problem}`);
  }
  // Checked here as at every use (a store edited by hand is still checked there).
  const badInstance = opts.instance === undefined ? undefined : instanceProblem(opts.instance);
  if (badInstance) throw usageError(`bad DRaaS instance ${JSON.stringify(opts.instance)}: ${badInstance}`);
  const badGroup = opts.group === undefined ? undefined : groupProblem(opts.group);
  if (badGroup) throw usageError(`bad group ${JSON.stringify(opts.group)}: ${badGroup}`);
  const created = await ctx.store().update((data) => {
    const existing = data.profiles[name];
    if (!existing && baseUrl === undefined) throw usageError(`profile "${name}" does not exist yet: --base-url is required to create it`);
    const next: Profile = { ...(existing ?? { baseUrl: baseUrl! }) };
    if (baseUrl !== undefined) next.baseUrl = baseUrl.replace(/\/+$/, '');
    if (opts.account !== undefined) next.account = opts.account;
    if (opts.instance !== undefined) next.instance = opts.instance;
    if (opts.group !== undefined) next.group = opts.group;
    if (opts.allowInsecureHttp) next.allowInsecureHttp = true;
    data.profiles[name] = next;
    if (opts.use || data.current === undefined) data.current = name;
    return !existing;
  });
  if (ctx.out.json) ctx.out.writeJson({ name, created });
  else ctx.out.success(`${created ? 'Created' : 'Updated'} profile "${name}"`);
}
