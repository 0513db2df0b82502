// Column widths that make a table fit the terminal. The widest columns give way first (free text
// such as a description or an error), so narrow ones (ids, statuses) stay whole; cli-table3 then
// wraps the narrowed cells at spaces and ends a word too long for its column with an ellipsis.

/** Narrowest a column is made (padding included): below that a cell is unreadable. */
const MIN_WIDTH = 8;

/**
 * Widths (padding included, as cli-table3's colWidths) for columns whose content needs `natural`,
 * in a terminal `columns` wide; undefined when the table fits as it is (or the width is unknown).
 * `wraps[i]`: column i holds text with spaces, which wraps well; the others (ids, codes) are only
 * narrowed (and cut with "…") when narrowing the text columns is not enough.
 */
export function fitColumns(natural: readonly number[], columns: number | undefined, wraps: readonly boolean[] = []): number[] | undefined {
  if (!columns || natural.length === 0) return undefined;
  // One border character before each column and one after the last.
  const room = columns - (natural.length + 1);
  if (sum(natural) <= room) return undefined;
  const text = natural.map((_, i) => wraps[i] ?? true);
  const first = shrink(natural, room, text);
  return sum(first) <= room ? first : shrink(first, room, natural.map(() => true));
}

/** Caps the `movable` columns at the largest width that fits `room` (never below their floor), then hands out what is left. */
function shrink(natural: readonly number[], room: number, movable: readonly boolean[]): number[] {
  const floor = (w: number) => Math.min(w, MIN_WIDTH);
  const at = (cap: number) => natural.map((w, i) => (movable[i] ? Math.max(floor(w), Math.min(w, cap)) : w));
  let cap = Math.max(...natural);
  while (cap > MIN_WIDTH && sum(at(cap)) > room) cap--;
  const widths = at(cap);
  let left = room - sum(widths);
  for (let i = 0; left > 0 && i < widths.length * 2; i++) {
    const k = i % widths.length;
    if (movable[k] && widths[k]! < natural[k]!) {
      widths[k]!++;
      left--;
    }
  }
  return widths;
}

const sum = (ws: readonly number[]) => ws.reduce((a, b) => a + b, 0);

/** How wide a cell's text is on screen: its longest line (padding not included). */
export function textWidth(text: string): number {
  return Math.max(0, ...text.split('\n').map((line) => [...line].length));
}
