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

import { Column } from "./columns.js";
import { collectRanks, histogram, interpolate, radixBucket, selectRanks } from "./rank-selection.js";
import type { Durations } from "./results.js";

/** From this length the two-pass radix path beats copying everything. */
const RADIX_FROM = 1 << 15;

/** percentile_cont over values (unsorted input is fine; does not mutate it); p in [0,1]; undefined when empty */
export function percentile(values: ArrayLike<number>, p: number): number | undefined {
  return percentiles(values, [p])[0];
}

/** Several percentiles at once, in the order of `ps`, selecting just the ranks needed (see the top of this file). */
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

/** A collector holding more than this many bytes gives them back after its summary. */
const KEEP_BYTES = 1 << 16;

/**
 * Collects the durations of one metric in a column grown in place: an organisation's year is millions of spans,
 * and a fresh array per metric, window and series bucket keeps the garbage collector busy over a heap full of
 * records. A small buffer is kept between questions; a large one goes back to the system after its summary, not
 * held at the peak. Start, add, summarize, then start the next; never nested.
 */
class SpanCollector {
  private readonly values = new Column(Float64Array);
  start(): void {
    this.values.length = 0;
  }
  /** from → to in ms; an unknown (NaN) or reversed pair is no span */
  add(from: number, to: number): void {
    if (to >= from) this.values.push(to - from);
  }
  summary(): DurationSummary {
    const summary = summarizeDurations(this.values.data.subarray(0, this.values.length));
    if (this.values.data.byteLength > KEEP_BYTES) this.values.free();
    return summary;
  }
  durations(noDataReason: string): Durations {
    return durationsOf(this.summary(), noDataReason);
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
