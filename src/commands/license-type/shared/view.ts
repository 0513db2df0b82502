// How a license type looks in a terminal and in a pipe. Every field goes through cell(), so a
// `name` the server sends as an object is shown as JSON (the vendor types it "object").
import type { LicenseType } from '../../../api/fusion.js';
import type { Column, Output } from '../../../output/output.js';
import { cell, safeText } from '../../../output/format.js';

export const LICENSE_TYPE_COLUMNS: Column<LicenseType>[] = [
  { header: 'ID', value: (lt) => lt.id },
  { header: 'NAME', value: (lt) => lt.name },
  { header: 'SKU', value: (lt) => lt.sku },
  { header: 'DESCRIPTION', value: (lt) => lt.description },
];

/** One license type: the JSON object, "field  value" lines, or one TSV row (id, name, sku, description). */
export function printLicenseType(out: Output, lt: LicenseType): void {
  if (out.json) return out.writeJson(lt);
  out.object([
    ['id', lt.id],
    ['name', lt.name],
    ['sku', lt.sku],
    ['description', lt.description],
  ]);
}

/** A field value for a message: strings quoted, anything else as JSON. */
export function quote(value: unknown): string {
  if (value === undefined) return '(none)';
  return typeof value === 'string' ? JSON.stringify(value) : cell(value);
}

/** "7 (Teams Phone Standard)": how a message names a license type. */
export function label(id: number, name: unknown): string {
  const text = safeText(cell(name));
  return text === '' ? String(id) : `${id} (${text})`;
}
