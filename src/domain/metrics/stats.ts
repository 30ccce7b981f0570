/**
 * Descriptive statistics for metric values (pure, no I/O).
 *
 * Percentiles follow PostgreSQL's `percentile_cont`: for n values sorted v[0..n-1], the position of p is
 * p*(n-1), and the result interpolates linearly between v[floor(pos)] and v[ceil(pos)] — so the median of
 * 1 h and 2 h is 1.5 h.
 *
 * NaN entries are ignored, like SQL NULLs (they are not values, so they neither count nor move a
 * percentile); an input with no other values is "empty". Infinities are ordinary (if odd) values.
 * Inputs are never mutated.
 *
 * Small inputs are copied and the needed ranks selected (multi-quickselect). Large ones (an organisation's
 * year of changes is millions of values) are never copied whole: one pass counts values per radix bucket of
 * their bit pattern, a second collects only the buckets holding a needed rank, and selection runs there. Both
 * paths find the exact values a full sort would put at those ranks.
 */

import type { Durations } from "./results.js";

/** Below this length a typed-array sort beats the bookkeeping of a multi-select. */
const SORT_BELOW = 64;
/** From this length the two-pass radix path beats copying everything. */
const RADIX_FROM = 1 << 15;
const BUCKET_BITS = 16;

/** percentile_cont over values (unsorted input is fine; does not mutate it); p in [0,1]; undefined when empty */
export function percentile(values: ArrayLike<number>, p: number): number | undefined {
  return percentiles(values, [p])[0];
}

/**
 * Several percentiles at once, in the order of `ps`. Copies the values once into a Float64Array and selects
 * just the ranks needed (multi-quickselect, O(n log k) for k ranks) instead of sorting everything.
 */
export function percentiles(values: ArrayLike<number>, ps: readonly number[]): (number | undefined)[] {
  for (const p of ps) checkP(p);
  if (ps.length === 0) return [];
  return percentilesOf(values, ps);
}

/** Arithmetic mean (compensated summation, so millions of large values keep their precision); undefined when empty. */
export function mean(values: ArrayLike<number>): number | undefined {
  return meanAndCount(values, false)[0];
}

/** With `bucketed`, the same pass also counts the values per radix bucket (see collectRanks). */
function meanAndCount(values: ArrayLike<number>, bucketed: boolean): [number | undefined, number] {
  let n = 0;
  let sum = 0;
  let compensation = 0;
  if (bucketed) histogram.fill(0);
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (Number.isNaN(x)) continue;
    n++;
    if (bucketed) {
      const b = radixBucket(x);
      histogram[b] = (histogram[b] as number) + 1;
    }
    // Neumaier's variant of Kahan summation.
    const t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) compensation += sum - t + x;
    else compensation += x - t + sum;
    sum = t;
  }
  if (n === 0) return [undefined, 0];
  // With an infinity the compensation term is NaN; the plain sum is the right answer then.
  const total = Number.isFinite(sum) ? sum + compensation : sum;
  return [total / n, n];
}

export interface DurationSummary {
  count: number;
  medianSeconds: number | null;
  p75Seconds: number | null;
  p90Seconds: number | null;
  meanSeconds: number | null;
}

/** input in milliseconds, output in seconds (not rounded; full precision); nulls when there are no values */
export function summarizeDurations(ms: ArrayLike<number>): DurationSummary {
  const large = ms.length >= RADIX_FROM;
  const [average, count] = meanAndCount(ms, large);
  return summaryOf(
    count,
    average,
    large
      ? interpolate(count, SUMMARY_PS, (ranks) => collectRanks(ms, ranks))
      : percentilesOf(ms, SUMMARY_PS),
  );
}

/** A summary from its parts; percentiles in the order of SUMMARY_PS. */
export function summaryOf(
  count: number,
  average: number | undefined,
  [median, p75, p90]: (number | undefined)[],
): DurationSummary {
  const seconds = (v: number | undefined): number | null => (v === undefined ? null : v / 1000);
  return {
    count,
    medianSeconds: seconds(median),
    p75Seconds: seconds(p75),
    p90Seconds: seconds(p90),
    meanSeconds: seconds(average),
  };
}

function checkP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be within [0, 1], got ${p}`);
}

/** A duration metric: the summary, with its sample size and why there is no value when there is none. */
export function durations(spansMs: ArrayLike<number>, noDataReason: string): Durations {
  return durationsOf(summarizeDurations(spansMs), noDataReason);
}

export function durationsOf(summary: DurationSummary, noDataReason: string): Durations {
  return {
    ...summary,
    sampleSize: summary.count,
    noData: summary.count === 0 ? noDataReason : null,
    warnings: [],
  };
}

export const SUMMARY_PS: readonly number[] = Object.freeze([0.5, 0.75, 0.9]);

function percentilesOf(values: ArrayLike<number>, ps: readonly number[]): (number | undefined)[] {
  if (values.length < RADIX_FROM) {
    const copy = copyWithoutNaN(values);
    return interpolate(copy.length, ps, (ranks) => selectRanks(copy, ranks));
  }
  const count = meanAndCount(values, true)[1];
  return interpolate(count, ps, (ranks) => collectRanks(values, ranks));
}

/**
 * Collects the durations of one metric in a buffer kept between questions and grown as needed: an organisation's
 * year is millions of spans, and a fresh array per metric, window and series bucket keeps the garbage collector
 * busy over a heap full of records. Start, add, summarize, then start the next; never nested.
 */
class SpanCollector {
  private values = new Float64Array(1 << 12);
  private n = 0;
  start(capacity = 0): void {
    if (this.values.length < capacity) this.values = new Float64Array(capacity);
    this.n = 0;
  }
  /** from → to in ms; an unknown (NaN) or reversed pair is no span */
  add(from: number, to: number): void {
    if (!(to >= from)) return;
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = to - from;
  }
  summary(): DurationSummary {
    return summarizeDurations(this.values.subarray(0, this.n));
  }
  durations(noDataReason: string): Durations {
    return durations(this.values.subarray(0, this.n), noDataReason);
  }
}

/** The collector the metric functions share (they run one at a time). */
export const spans = new SpanCollector();

function copyWithoutNaN(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    if (!Number.isNaN(x)) out[k++] = x;
  }
  return k === n ? out : out.subarray(0, k);
}

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
const histogram = new Uint32Array(1 << BUCKET_BITS);
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
function collectRanks(values: ArrayLike<number>, ranks: readonly number[]): Map<number, number> {
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
