import { getLicenseType, updateLicenseType, type LicenseType, type LicenseTypeFields } from '../../api/fusion.js';
import type { Context } from '../../context.js';
import { failure, usageError } from '../../errors.js';
import { clientFor, resolveTarget, type TargetOptions } from './shared/target.js';
import { label, printLicenseType, quote } from './shared/view.js';

interface Opts extends TargetOptions {
  name?: string;
  sku?: string;
  description?: string;
}

const FIELDS = ['name', 'sku', 'description'] as const;

/** The API's PUT needs all three fields, so a partial update is GET, merge, PUT (docs/api.md §2). */
export async function run(ctx: Context, [rawId]: string[], opts: Opts): Promise<void> {
  const given = FIELDS.filter((f) => opts[f] !== undefined);
  if (given.length === 0) throw usageError('nothing to change: give at least one of --name, --sku, --description');
  const id = Number(rawId);
  const target = await resolveTarget(ctx, opts);
  const http = await clientFor(ctx, target);

  const current = await getLicenseType(http, target, id);
  const changed = given.filter((f) => !sameValue(current[f], opts[f]));
  const out = ctx.out;
  if (changed.length === 0) {
    if (!out.json) out.note(`No change: license type ${label(id, current.name)} already has ${given.map((f) => `${f} ${quote(opts[f])}`).join(', ')}`);
    return printLicenseType(out, current);
  }

  // PUT needs all three fields as strings: a description the server left out (or null) is sent as "".
  const fields: LicenseTypeFields = { name: current.name, sku: current.sku, description: current.description ?? '' };
  for (const f of given) fields[f] = opts[f];
  // Sending a PUT without name or sku would blank a field the user never asked to change.
  const lacking = (['name', 'sku'] as const).find((f) => fields[f] === undefined || fields[f] === null);
  if (lacking) {
    throw failure(`license type ${id} as the server sent it has no ${lacking}, and the API's PUT needs all three fields: pass --${lacking} too`, 'bad_response');
  }
  const stored = await updateLicenseType(http, target, id, fields);
  const merged: LicenseType = { ...current, ...fields, ...stored, id };
  printLicenseType(out, merged);
  if (!out.json) {
    out.success(`Updated license type ${label(id, merged.name)}`);
    for (const f of changed) out.note(`  ${f}: ${quote(current[f])} → ${quote(merged[f])}`);
  }
}

function sameValue(a: unknown, b: unknown): boolean {
  return typeof a === 'string' ? a === b : JSON.stringify(a) === JSON.stringify(b);
}
