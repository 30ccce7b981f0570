import { interpolate, radixBucket, selectRanks } from "./rank-selection.js";
import { type DurationSummary, mean, SUMMARY_PS, summarizeDurations, summaryOf } from "./stats.js";
import { lowerBound } from "./window.js";

/**
 * A scope's spans (ms, never negative; NaN where there is none) in time order, indexed so that any range — a
 * window, a series bucket — is summarized without visiting every value for its percentiles. The spans are not
 * kept: `at` works each one out from the scope's columns when it is read. An organisation's seven span columns
 * were 80 MB of a scope (ADR 0009), and a summary reads few of their values.
 *
 * The positions of the spans are grouped by radix bucket (a bucket's values all sort before the next bucket's)
 * and ascend within a bucket. How many values of a range fall in a bucket is then two binary searches, so the
 * buckets holding the median, p75 and p90 are found from the bucket counts alone, and only their values in the
 * range are collected and selected. The mean comes from exact block sums (whole milliseconds), else from reading
 * the range with the same compensated sum as summarizeDurations, whose results this equals exactly.
 */
export interface SpanIndex {
  n: number;
  /** span k */
  at: (k: number) => number;
  /** positions, grouped by bucket in value order, ascending within each; null for a few spans (read whole) */
  positions: Int32Array | null;
  /** the buckets that occur, and where each one's positions start (one more entry closes the last) */
  starts: Int32Array;
  /**
   * Running sums at every BLOCK-th position, when every span is a whole number of ms and their total is below
   * 2^53: then every sum is exact, and a range's mean from them equals the compensated sum's. Otherwise null.
   */
  blockSums: Float64Array | null;
}

const BLOCK = 256;

/** Below this many spans a range is read whole: the index would not pay for itself. */
const INDEX_FROM = 1 << 14;

export function spanIndex(n: number, at: (k: number) => number): SpanIndex {
  const negative = (x: number) => new RangeError(`a span cannot be negative, got ${x}`);
  if (n < INDEX_FROM) {
    // no histogram (256 KB) for the thousand small scopes of a breakdown
    for (let k = 0; k < n; k++) if (at(k) < 0) throw negative(at(k));
    return { n, at, positions: null, starts: new Int32Array(1), blockSums: null };
  }
  const counts = new Int32Array(1 << 16);
  for (let k = 0; k < n; k++) {
    const x = at(k);
    if (x < 0) throw negative(x);
    if (Number.isNaN(x)) continue;
    const b = radixBucket(x);
    counts[b] = (counts[b] as number) + 1;
  }
  const buckets: number[] = [];
  counts.forEach((count, b) => {
    if (count > 0) buckets.push(b);
  });
  // counts becomes each bucket's next free position
  const starts = new Int32Array(buckets.length + 1);
  buckets.forEach((b, k) => {
    starts[k + 1] = (starts[k] as number) + (counts[b] as number);
    counts[b] = starts[k] as number;
  });
  const positions = new Int32Array(starts[buckets.length] as number);
  for (let k = 0; k < n; k++) {
    const x = at(k);
    if (Number.isNaN(x)) continue;
    const b = radixBucket(x);
    positions[counts[b] as number] = k;
    counts[b] = (counts[b] as number) + 1;
  }
  return { n, at, positions, starts, blockSums: blockSumsOf(n, at) };
}

function blockSumsOf(n: number, at: (k: number) => number): Float64Array | null {
  const sums = new Float64Array(Math.floor(n / BLOCK) + 1);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (i % BLOCK === 0) sums[i / BLOCK] = sum;
    const x = at(i);
    if (Number.isNaN(x)) continue;
    if (!Number.isInteger(x)) return null;
    sum += x;
    if (sum > Number.MAX_SAFE_INTEGER) return null;
  }
  if (n % BLOCK === 0) sums[n / BLOCK] = sum;
  return sums;
}

/** The spans [start, end) as values of their own: a short range, or a mean without exact block sums. */
function copyOf(index: SpanIndex, start: number, end: number): Float64Array {
  const copy = new Float64Array(end - start);
  for (let k = start; k < end; k++) copy[k - start] = index.at(k);
  return copy;
}

/** The sum of the spans [start, end), exactly, from the block sums and the ends' partial blocks. */
function exactSum(at: (k: number) => number, sums: Float64Array, start: number, end: number): number {
  const plain = (from: number, to: number) => {
    let sum = 0;
    for (let i = from; i < to; i++) {
      const x = at(i);
      if (!Number.isNaN(x)) sum += x;
    }
    return sum;
  };
  const first = Math.ceil(start / BLOCK);
  const last = Math.floor(end / BLOCK);
  if (first >= last) return plain(start, end);
  return (
    plain(start, first * BLOCK) +
    ((sums[last] as number) - (sums[first] as number)) +
    plain(last * BLOCK, end)
  );
}

/** The same summary as summarizeDurations over the spans [start, end). */
export function summarizeRange(index: SpanIndex, start: number, end: number): DurationSummary {
  const { at, positions, starts } = index;
  const buckets = starts.length - 1;
  // A short range is cheaper to read whole than to search in every bucket.
  if (positions === null || end - start < buckets * 16) return summarizeDurations(copyOf(index, start, end));
  // Per bucket, the run of its positions inside [start, end).
  const runOf = (k: number): [number, number] => {
    const from = starts[k] as number;
    const to = starts[k + 1] as number;
    const key = (j: number) => positions[from + j] as number;
    return [from + lowerBound(to - from, key, start), from + lowerBound(to - from, key, end)];
  };
  const sizes = new Int32Array(buckets);
  let count = 0;
  for (let k = 0; k < buckets; k++) {
    const [a, b] = runOf(k);
    sizes[k] = b - a;
    count += b - a;
  }
  const percentiles = interpolate(count, SUMMARY_PS, (ranks) => {
    const found = new Map<number, number>();
    let k = 0;
    let before = 0;
    for (let r = 0; r < ranks.length; ) {
      while (before + (sizes[k] as number) <= (ranks[r] as number)) before += sizes[k++] as number;
      // every needed rank in this bucket, selected from one copy of its values in the range
      const local: number[] = [];
      for (; r < ranks.length && (ranks[r] as number) < before + (sizes[k] as number); r++)
        local.push((ranks[r] as number) - before);
      const [a, b] = runOf(k);
      const inBucket = new Float64Array(b - a);
      for (let j = a; j < b; j++) inBucket[j - a] = at(positions[j] as number);
      for (const [rank, value] of selectRanks(inBucket, local)) found.set(before + rank, value);
    }
    return found;
  });
  const average =
    index.blockSums === null
      ? mean(copyOf(index, start, end))
      : count === 0
        ? undefined
        : exactSum(at, index.blockSums, start, end) / count;
  return summaryOf(count, average, percentiles);
}
