// "Did you mean ...?" for user bundle codes: a typo such as RPADEVPRONO is caught before anything is
// sent, and the nearest catalog code is offered.

import { BUNDLE_CODES, isKnownCode } from './codes.js';

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two neighbours
 * (optimal string alignment), so "PMBU" → "PBMU" costs 1, as a person would count it.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The catalog code closest to `input` (compared upper-case), or undefined when none is close
 * enough to be a plausible typo: at most a third of the input's characters may differ (at least 1).
 * Ties go to the code listed first in the catalog (current named-user codes before legacy ones).
 */
export function nearestCode(input: string, candidates: readonly string[] = BUNDLE_CODES.map((c) => c.code)): string | undefined {
  const typed = input.trim().toUpperCase();
  if (typed === '') return undefined;
  const limit = Math.max(1, Math.floor(typed.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const code of candidates) {
    const distance = editDistance(typed, code);
    if (distance < bestDistance) {
      best = code;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** The usage-error text for a code missing from the catalog; `allowFlag`: the command takes --allow-unknown-codes. */
export function unknownCodeMessage(code: string, opts: { allowFlag?: boolean } = {}): string {
  const guess = nearestCode(code);
  const hint = opts.allowFlag === false ? '(see `licensectl group codes`)' : '(see `licensectl group codes`; --allow-unknown-codes sends it anyway)';
  return guess ? `unknown bundle code ${code}: did you mean ${guess}? ${hint}` : `unknown bundle code ${code} ${hint}`;
}

/** The warning when codes missing from the catalog are sent on purpose (--allow-unknown-codes). */
export function sendingUnknownMessage(unknown: readonly string[]): string {
  return `sending code${unknown.length > 1 ? 's' : ''} not in the catalog: ${unknown.join(', ')}`;
}

/** The codes of `codes` that are not in the catalog. */
export function unknownCodes(codes: readonly string[]): string[] {
  return codes.filter((c) => !isKnownCode(c));
}

/**
 * The first of `codes` the organization does not own, said with the nearest owned code and the
 * whole list, or undefined when it owns them all. Single and bulk allocate refuse with it (exit 5).
 */
export function notOwnedMessage(codes: readonly string[], owned: readonly string[]): string | undefined {
  const missing = codes.find((c) => !owned.includes(c));
  if (missing === undefined) return undefined;
  const guess = nearestCode(missing, owned);
  return `the organization does not own ${missing}${guess ? ` (did you mean ${guess}?)` : ''}: it has ${owned.join(', ')} (see \`licensectl account licenses\`)`;
}
