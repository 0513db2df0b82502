// The catalog of UiPath user bundle codes (docs/api.md §1). The CLI checks codes against it
// to catch typos; the sandbox accepts only these. Vendors add codes over time, hence
// `--allow-unknown-codes` on the CLI side.

export type CodeStatus = 'named' | 'multiuser' | 'legacy';

export interface BundleCode {
  code: string;
  product: string;
  status: CodeStatus;
}

export const BUNDLE_CODES: readonly BundleCode[] = [
  { code: 'ACNU', product: 'Action Center', status: 'named' },
  { code: 'ATTUNU', product: 'Attended', status: 'named' },
  { code: 'RPADEVPRONU', product: 'Automation Developer', status: 'named' },
  { code: 'AKIT', product: 'Automation Express', status: 'named' },
  { code: 'CTZDEVNU', product: 'Citizen Developer', status: 'named' },
  { code: 'AXPNU', product: 'Express', status: 'named' },
  { code: 'IDU', product: 'Insights Designer', status: 'named' },
  { code: 'PMBU', product: 'Process Mining Business User', status: 'named' },
  { code: 'PMD', product: 'Process Mining Developer', status: 'named' },
  { code: 'TSTNU', product: 'Tester', status: 'named' },
  { code: 'TSTDEVPRONU', product: 'Test Developer Pro', status: 'named' },
  { code: 'RPADEVNU', product: 'RPA Developer (no longer sold)', status: 'named' },
  { code: 'ACCU', product: 'Action Center - Multiuser', status: 'multiuser' },
  { code: 'ATTUCU', product: 'Attended - Multiuser', status: 'multiuser' },
  { code: 'CTZDEVCU', product: 'Citizen Developer - Multiuser', status: 'multiuser' },
  { code: 'RPADEVCU', product: 'RPA Developer - Multiuser', status: 'multiuser' },
  { code: 'RPADEVPROCU', product: 'Automation Developer - Multiuser', status: 'multiuser' },
  { code: 'ATTCU', product: 'Attended - Concurrent (legacy)', status: 'legacy' },
  { code: 'ATTNU', product: 'Attended - Named User (legacy)', status: 'legacy' },
  { code: 'STDCU', product: 'Studio - Concurrent (legacy)', status: 'legacy' },
  { code: 'STDNU', product: 'Studio - Named User (legacy)', status: 'legacy' },
  { code: 'STDPROCU', product: 'Studio Pro - Concurrent (legacy)', status: 'legacy' },
  { code: 'STDPRONU', product: 'Studio Pro - Named User (legacy)', status: 'legacy' },
  { code: 'STDXCU', product: 'StudioX - Concurrent (legacy)', status: 'legacy' },
  { code: 'STDXNU', product: 'StudioX - Named User (legacy)', status: 'legacy' },
];

const KNOWN = new Set(BUNDLE_CODES.map((c) => c.code));

export function isKnownCode(code: string): boolean {
  return KNOWN.has(code);
}

/**
 * The codes of a list as typed by a person: split on commas, semicolons or white space, trimmed,
 * upper-cased (every catalog code is upper-case, so `idu` means IDU), each kept once in order.
 */
export function parseCodeList(text: string): string[] {
  return normalizeCodes(text.split(/[\s,;]+/));
}

/** Trimmed, upper-cased, empty entries dropped, duplicates sent once (first position kept). */
export function normalizeCodes(codes: readonly string[]): string[] {
  // A row holds a few codes: a scan beats building a Set for each (three lists a row of a bulk file).
  if (codes.length > 32) return [...new Set(codes.map((c) => c.trim().toUpperCase()).filter((c) => c !== ''))];
  const out: string[] = [];
  for (const raw of codes) {
    const c = raw.trim().toUpperCase();
    if (c !== '' && !out.includes(c)) out.push(c);
  }
  return out;
}
