// A UiPath group named on the command line or in a file: its ID (a GUID, with or without braces,
// any case) or its name. A name is looked up in Identity's list of the organization's groups,
// fetched once per run and kept in memory only (never on disk: names change).

import type { IdentityGroup } from '../api/identity.js';
import { editDistance } from './catalog/suggest.js';
import { CliError, usageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** The canonical form of a GUID (lower-case, no braces), or undefined when `ref` is not one. */
export function canonicalGroupId(ref: string): string | undefined {
  const m = GUID.exec(ref.trim());
  return m ? m[1]!.toLowerCase() : undefined;
}

/** Resolves group references against Identity's list, fetched at most once. */
export class GroupDirectory {
  private groups: Promise<IdentityGroup[]> | undefined;

  constructor(private readonly load: () => Promise<IdentityGroup[]>) {}

  /** The group's ID: a GUID as given (canonical), a name through Identity. */
  async resolve(ref: string): Promise<string> {
    const id = canonicalGroupId(ref);
    if (id !== undefined) return id;
    return (await this.byName(ref)).id;
  }

  /** The one group whose name (else display name) is `name`, compared case-insensitively. */
  async byName(name: string): Promise<IdentityGroup> {
    const wanted = name.trim().toLowerCase();
    if (wanted === '') throw usageError('a group name must not be empty');
    this.groups ??= this.load();
    const groups = await this.groups;
    let matches = groups.filter((g) => g.name.toLowerCase() === wanted);
    if (matches.length === 0) matches = groups.filter((g) => g.displayName?.toLowerCase() === wanted);
    if (matches.length === 1) return matches[0]!;
    if (matches.length > 1) {
      const listed = matches.slice(0, 10).map((g) => `${g.id} (${g.name})`).join(', ');
      throw usageError(`${matches.length} groups are named "${name}": ${listed}; give the group's ID instead`);
    }
    const near = nearestNames(name, groups.map((g) => g.name));
    const hint = near.length > 0 ? `; nearest: ${near.join(', ')}` : '';
    throw new CliError(`no group named "${name}" in the organization${hint}`, { code: 'not_found', exitCode: ExitCode.notFound });
  }
}

/** Up to three names closest to `name` (case-insensitive edit distance), closest first. */
export function nearestNames(name: string, names: readonly string[], max = 3): string[] {
  const typed = name.trim().toLowerCase();
  const limit = Math.max(2, Math.ceil(typed.length / 2));
  return names
    .map((n) => ({ n, d: n.toLowerCase().includes(typed) || typed.includes(n.toLowerCase()) ? 0 : editDistance(typed, n.toLowerCase()) }))
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .slice(0, max)
    .map((x) => x.n);
}
