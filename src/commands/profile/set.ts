import type { Context } from '../../context.js';
import { baseUrlProblem } from '../../api/url.js';
import { profileNameProblem, type Profile } from '../../config/profile.js';
import { usageError } from '../../errors.js';
import { groupUuidByName, isGroupUuid } from '../license-type/shared/group-name.js';
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
  // A group name is looked up now, so the profile stores the UUID every later command can use as it is.
  const group = opts.group === undefined || isGroupUuid(opts.group) ? opts.group : await lookUp(ctx, name, opts.group, opts.instance, baseUrl, opts.allowInsecureHttp);
  const created = await ctx.store().update((data) => {
    const existing = data.profiles[name];
    if (!existing && baseUrl === undefined) throw usageError(`profile "${name}" does not exist yet: --base-url is required to create it`);
    const next: Profile = { ...(existing ?? { baseUrl: baseUrl! }) };
    if (baseUrl !== undefined) next.baseUrl = baseUrl.replace(/\/+$/, '');
    if (opts.account !== undefined) next.account = opts.account;
    if (opts.instance !== undefined) next.instance = opts.instance;
    if (group !== undefined) next.group = group;
    if (opts.allowInsecureHttp) next.allowInsecureHttp = true;
    data.profiles[name] = next;
    if (opts.use || data.current === undefined) data.current = name;
    return !existing;
  });
  if (ctx.out.json) ctx.out.writeJson({ name, created });
  else ctx.out.success(`${created ? 'Created' : 'Updated'} profile "${name}"`);
}

/** The UUID of the group named `group`, with the profile as it will be (its stored login, or LICENSECTL_TOKEN). */
async function lookUp(ctx: Context, name: string, group: string, instanceFlag: string | undefined, baseUrlFlag: string | undefined, insecure: boolean | undefined): Promise<string> {
  const existing = ctx.store().read().profiles[name];
  const instance = instanceFlag ?? existing?.instance;
  if (instance === undefined) throw usageError(`--group "${group}" is a name, which is looked up in a DRaaS instance: add --instance <name>, or give the group's UUID`);
  const baseUrl = (baseUrlFlag ?? existing?.baseUrl)?.replace(/\/+$/, '');
  if (baseUrl === undefined) throw usageError(`profile "${name}" does not exist yet: --base-url is required to create it`);
  const profile: Profile = { ...existing, baseUrl, instance, ...(insecure && { allowInsecureHttp: true }) };
  const resolved = { name, profile, baseUrl };
  const uuid = await groupUuidByName(await ctx.http(resolved), instance, group);
  ctx.out.note(`Group "${group}" is ${uuid}.`);
  return uuid;
}
