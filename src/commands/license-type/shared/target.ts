// Which group of which DRaaS instance a license-type command works on: --instance/--group, else the
// profile's stored defaults (`licensectl profile set --instance --group`). Checked before any request is
// sent; a group given by name rather than UUID is then looked up with the group list.
import type { FusionTarget } from '../../../api/fusion.js';
import type { HttpClient, RequestPacer } from '../../../api/http.js';
import { segmentProblem } from '../../../api/url.js';
import type { Context, ResolvedProfile } from '../../../context.js';
import { usageError } from '../../../errors.js';
import { groupUuidByName, isGroupUuid } from './group-name.js';

export interface TargetOptions {
  instance?: string;
  group?: string;
}

export interface Target extends FusionTarget {
  resolved: ResolvedProfile;
}

/** The target with a group name looked up (one request) when --group or the profile names one. */
export async function resolveTarget(ctx: Context, opts: TargetOptions): Promise<Target> {
  const target = checkTarget(ctx, opts);
  if (isGroupUuid(target.group)) return target;
  return { ...target, group: await groupUuidByName(await ctx.http(target.resolved), target.instance, target.group) };
}

/** The target as given, checked; its group is a UUID or a name still to look up. Sends nothing. */
export function checkTarget(ctx: Context, opts: TargetOptions): Target {
  const resolved = ctx.resolveProfile();
  const profile = resolved.profile;
  const from = (flag: string | undefined) => (flag !== undefined ? '' : ` (the default of profile "${resolved.name}")`);

  const instance = opts.instance ?? profile?.instance;
  if (instance === undefined) throw usageError(missing('--instance <name>', 'DRaaS instance', 'instance', resolved));
  const problem = instanceProblem(instance);
  if (problem) throw usageError(`bad DRaaS instance ${JSON.stringify(instance)}${from(opts.instance)}: ${problem}`);

  const group = opts.group ?? profile?.group;
  if (group === undefined) throw usageError(missing('--group <uuid>', 'group', 'group', resolved));
  const bad = groupProblem(group);
  if (bad) throw usageError(`bad group ${JSON.stringify(group)}${from(opts.group)}: ${bad}`);
  return { instance, group, resolved };
}

function missing(flag: string, what: string, key: string, resolved: ResolvedProfile): string {
  const value = key === 'group' ? '<uuid>' : '<name>';
  const fix = resolved.name
    ? `\`licensectl profile set ${resolved.name} --${key} ${value}\``
    : `a profile: \`licensectl profile set <profile> --base-url <url> --${key} ${value} --use\``;
  return `no ${what}: pass ${flag}, or store a default with ${fix}`;
}

/** A UUID with a typo (a digit too many or few, braces, no dashes, a stray letter or path): not taken for a name. */
const BROKEN_UUID = [/^[{(]?[0-9a-f-]{8,}[})]?$/i, /[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}/i];

/** A Fusion group is a UUID, or a group's name (looked up). */
export function groupProblem(value: string): string | undefined {
  if (isGroupUuid(value)) return undefined;
  if (BROKEN_UUID.some((shape) => shape.test(value.trim())) && /[0-9]/.test(value)) {
    return 'it looks like a mistyped UUID: a group is a UUID like 1b4e28ba-2fa1-11d2-883f-0016d3cca427, or a group\'s name';
  }
  if (value.trim() === '') return 'it is empty: give a group UUID like 1b4e28ba-2fa1-11d2-883f-0016d3cca427, or a group name';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'it contains control characters';
  return undefined;
}

/** The instance is one path segment of the API URL. */
export function instanceProblem(value: string): string | undefined {
  if (value.trim() === '') return 'it is empty';
  if (value !== value.trim()) return 'it starts or ends with white space';
  if (segmentProblem(value)) return 'it is not a name';
  if (value.includes('/') || value.includes('\\')) return 'it must be one path segment, without "/"';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return 'it contains control characters';
  return undefined;
}

export function describeTarget(t: FusionTarget): string {
  return `group ${t.group} (DRaaS instance ${t.instance})`;
}

/** The HTTP client for the target's profile (the options as Context.http takes them). */
export function clientFor(ctx: Context, t: Target, opts: { requests?: number; pacer?: RequestPacer; drain?: boolean } = {}): Promise<HttpClient> {
  return ctx.http(t.resolved, opts);
}
