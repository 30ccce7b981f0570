/**
 * Finding the values a full sort would put at given ranks, without sorting: multi-quickselect over a private
 * copy, or for large inputs a radix histogram of the values' bit patterns (buckets order like the values), after
 * which only the buckets holding a needed rank are collected and selected.
 */

/** Below this length a typed-array sort beats the bookkeeping of a multi-select. */
const SORT_BELOW = 64;
const BUCKET_BITS = 16;

/** percentile_cont for each p over n values, given a way to find the values at sorted ranks. */
export function interpolate(
  n: number,
  ps: readonly number[],
  select: (ranks: readonly number[]) => Map<number, number>,
): (number | undefined)[] {
  if (n === 0) return ps.map(() => undefined);
  const ranks: number[] = [];
  for (const p of ps) {
    const pos = p * (n - 1);
    ranks.push(Math.floor(pos), Math.ceil(pos));
  }
  const at = select([...new Set(ranks)].sort((x, y) => x - y));
  return ps.map((p) => {
    const pos = p * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    const first = at.get(lo) as number;
    const second = at.get(hi) as number;
    if (lo === hi || first === second) return first;
    // The same expression PostgreSQL evaluates (first + (second - first) * fraction).
    return first + (second - first) * (pos - lo);
  });
}

/** The values at sorted ranks (ascending, distinct, within `a`) of `a`, which it reorders (a private copy). */
export function selectRanks(a: Float64Array, ranks: readonly number[]): Map<number, number> {
  const n = a.length;
  if (n < SORT_BELOW || ranks.length * 4 > n) a.sort();
  else multiSelect(a, 0, n - 1, ranks, 0, ranks.length - 1, 2 * Math.ceil(Math.log2(n)));
  return new Map(ranks.map((r) => [r, a[r] as number]));
}

// A double's high word, mapped so that unsigned order is numeric order (negatives reversed, sign flipped).
const word = new Float64Array(1);
const words = new Uint32Array(word.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
export function radixBucket(x: number): number {
  word[0] = x;
  const high = words[HIGH] as number;
  return ((high & 0x80000000) !== 0 ? ~high : high | 0x80000000) >>> (32 - BUCKET_BITS);
}

/** Kept between calls: a question must not allocate a histogram, and the slots are reset after use. */
export const histogram = new Uint32Array(1 << BUCKET_BITS);
const slotOf = new Int32Array(1 << BUCKET_BITS).fill(-1);
/** Where the collected buckets go, grown as needed (a bucket can hold a tenth of millions of values). */
let collected = new Float64Array(1 << 16);

interface Slot {
  /** how many values sort before this bucket */
  before: number;
  /** the needed ranks, relative to `before` */
  ranks: number[];
  values: Float64Array;
  size: number;
}

/**
 * The values at sorted ranks of the non-NaN `values`, without copying them all. The histogram already holds the
 * count per bucket (buckets are ordered like the values; meanAndCount fills it): collect just the buckets that
 * hold a needed rank and select inside them.
 */
export function collectRanks(values: ArrayLike<number>, ranks: readonly number[]): Map<number, number> {
  const slots: Slot[] = [];
  const used: number[] = [];
  let bucket = 0;
  let before = 0;
  let room = 0;
  for (const r of ranks) {
    while (before + (histogram[bucket] as number) <= r) before += histogram[bucket++] as number;
    if (slotOf[bucket] === -1) {
      slotOf[bucket] = used.length;
      used.push(bucket);
      room += histogram[bucket] as number;
    }
  }
  if (collected.length < room) collected = new Float64Array(Math.max(room, collected.length * 2));
  let offset = 0;
  before = 0;
  bucket = 0;
  for (const r of ranks) {
    while (before + (histogram[bucket] as number) <= r) before += histogram[bucket++] as number;
    let slot = slots[slotOf[bucket] as number];
    if (slot === undefined) {
      const size = histogram[bucket] as number;
      slot = { before, ranks: [], values: collected.subarray(offset, offset + size), size: 0 };
      offset += size;
      slots.push(slot);
    }
    slot.ranks.push(r - before);
  }
  try {
    for (let i = 0; i < values.length; i++) {
      const x = values[i] as number;
      if (Number.isNaN(x)) continue;
      const slot = slotOf[radixBucket(x)] as number;
      if (slot !== -1) {
        const s = slots[slot] as Slot;
        s.values[s.size++] = x;
      }
    }
  } finally {
    for (const b of used) slotOf[b] = -1;
  }
  const at = new Map<number, number>();
  for (const s of slots) for (const [r, v] of selectRanks(s.values, s.ranks)) at.set(s.before + r, v);
  return at;
}

/**
 * Reorders a[left..right] so that every index in ranks[rlo..rhi] (sorted, all within [left, right]) holds
 * the value a full sort would put there. Hoare partitioning around a median of three copes with many equal
 * values; past `depth` levels (an adversarial input) it falls back to sorting the range (introselect).
 */
function multiSelect(
  a: Float64Array,
  left: number,
  right: number,
  ranks: readonly number[],
  rlo: number,
  rhi: number,
  depth: number,
): void {
  while (rlo <= rhi && left < right) {
    if (right - left < SORT_BELOW || depth-- <= 0) {
      a.subarray(left, right + 1).sort();
      return;
    }
    const pivot = medianOfThree(a[left] as number, a[(left + right) >>> 1] as number, a[right] as number);
    let i = left;
    let j = right;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[left..j] <= pivot, a[j+1..i-1] == pivot (final places), a[i..right] >= pivot.
    let split = rlo;
    while (split <= rhi && (ranks[split] as number) <= j) split++;
    let rightStart = split;
    while (rightStart <= rhi && (ranks[rightStart] as number) < i) rightStart++;
    // Recurse into the smaller side of the ranks, loop on the other.
    if (split - rlo <= rhi - rightStart + 1) {
      if (split > rlo) multiSelect(a, left, j, ranks, rlo, split - 1, depth);
      left = i;
      rlo = rightStart;
    } else {
      if (rightStart <= rhi) multiSelect(a, i, right, ranks, rightStart, rhi, depth);
      right = j;
      rhi = split - 1;
    }
  }
}

function medianOfThree(x: number, y: number, z: number): number {
  if (x < y) {
    if (y < z) return y;
    return x < z ? z : x;
  }
  if (x < z) return x;
  return y < z ? z : y;
}
