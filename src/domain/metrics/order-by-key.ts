import { scratch } from "./columns.js";

/**
 * Indices 0…n-1 ordered by an integer key below 2^keyBits, equal keys by index. Keys from a range no wider than
 * the indices are counted into place (4 bytes a possible key); others are packed with the index into one double
 * and sorted natively (8 bytes an index). A comparator sort of millions of indices copies them onto the JS heap and
 * calls back per comparison; at the scale of an organisation's shipments that copy was tens of MB at the load's
 * peak. Keys too wide to pack beside the index take the comparator.
 */
export function orderByKey(
  n: number,
  keyBits: number,
  key: (i: number) => number,
  /** where to write the order (n entries: a scratch array, say); a new array by default */
  order: Int32Array = new Int32Array(n),
): Int32Array {
  let largest = -1;
  for (let i = 0; i < n; i++) largest = Math.max(largest, key(i));
  if (largest < n) return countedOrder(n, largest + 1, key, order);
  const indexBits = bitsFor(n);
  if (keyBits + indexBits > 53) {
    for (let i = 0; i < n; i++) order[i] = i;
    return order.sort((a, b) => key(a) - key(b) || a - b);
  }
  const scale = 2 ** indexBits;
  const keys = scratch(Float64Array, n);
  const packed = keys.array;
  for (let i = 0; i < n; i++) packed[i] = key(i) * scale + i;
  packed.sort();
  for (let k = 0; k < n; k++) order[k] = (packed[k] as number) % scale;
  keys.free();
  return order;
}

/** A counting sort: stable, so equal keys stay in index order. */
function countedOrder(n: number, keys: number, key: (i: number) => number, order: Int32Array): Int32Array {
  const counted = scratch(Int32Array, keys + 1);
  const next = counted.array;
  for (let i = 0; i < n; i++) next[key(i) + 1] = (next[key(i) + 1] as number) + 1;
  for (let k = 1; k <= keys; k++) next[k] = (next[k] as number) + (next[k - 1] as number);
  for (let i = 0; i < n; i++) {
    const k = key(i);
    order[next[k] as number] = i;
    next[k] = (next[k] as number) + 1;
  }
  counted.free();
  return order;
}

/** How many bits hold every number below n. */
export function bitsFor(n: number): number {
  return n <= 1 ? 1 : Math.ceil(Math.log2(n));
}
