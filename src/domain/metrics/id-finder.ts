/**
 * Finds a row by id without a map entry per row: the rows' positions sorted by id, searched by halving. A Map of an
 * organisation's 479 k deployment ids was 14 MB of the heap (ADR 0009); this is 2. Like a Map filled in row order, a
 * repeated id finds the last row that has it.
 */
import type { StringList } from "./string-list.js";

export type IdFinder = (id: string) => number;

/**
 * `ids.get(row)`: each row's id (read again at each search: the list may be packed after the sort); the finder
 * answers -1 for an id no row has. It holds `ids` and its sorted positions only: made here, not inside a caller's
 * function, it keeps nothing else of the caller's alive.
 */
export function idFinder(ids: StringList): IdFinder {
  const idAt = (i: number) => ids.get(i);
  const byId = Int32Array.from({ length: ids.length }, (_, i) => i).sort((a, b) => {
    const x = idAt(a);
    const y = idAt(b);
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  return (id) => {
    // the first position whose id is after `id`; the one before it is the last with `id`, if any
    let lo = 0;
    let hi = byId.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (idAt(byId[mid] as number) <= id) lo = mid + 1;
      else hi = mid;
    }
    const found = lo > 0 ? (byId[lo - 1] as number) : -1;
    return found >= 0 && idAt(found) === id ? found : -1;
  };
}
