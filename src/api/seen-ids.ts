// The ids `list --all` has already handed over, to keep a type seen twice (the list shifted while
// it was read) once. Ids are positive integers, mostly small and dense: a bit per id up to
// DENSE_LIMIT, a Set beyond. Against a Set alone: 100,000 ids, 10-13 ms -> 0.5-3.5 ms, and no new
// array per page when a page holds nothing seen before (bench/README.md).

/** Ids below this get a bit (at most 8 MiB of bits); any other id goes to the Set. */
const DENSE_LIMIT = 2 ** 26;

export class SeenIds {
  private bits = new Uint8Array(1024);
  private readonly sparse = new Set<number>();

  /** Marks `id` seen; true if it was not seen before. */
  add(id: number): boolean {
    if (!(Number.isInteger(id) && id >= 0 && id < DENSE_LIMIT)) {
      if (this.sparse.has(id)) return false;
      this.sparse.add(id);
      return true;
    }
    const byte = id >>> 3;
    if (byte >= this.bits.length) {
      const grown = new Uint8Array(Math.max(this.bits.length * 2, byte + 1));
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (id & 7);
    if ((this.bits[byte]! & mask) !== 0) return false;
    this.bits[byte]! |= mask;
    return true;
  }

  /** The items whose id was not seen before, marking them seen: `items` itself when all are new. */
  fresh<T extends { id: number }>(items: readonly T[]): readonly T[] {
    let kept: T[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (this.add(item.id)) kept?.push(item);
      else kept ??= items.slice(0, i);
    }
    return kept ?? items;
  }
}
