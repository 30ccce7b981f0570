/**
 * Descriptive statistics for metric values (pure, no I/O).
 *
 * Percentiles follow PostgreSQL's `percentile_cont`: for n values sorted v[0..n-1], the position of p is
 * p*(n-1), and the result interpolates linearly between v[floor(pos)] and v[ceil(pos)] — so the median of
 * 1 h and 2 h is 1.5 h.
 *
 * NaN entries are ignored, like SQL NULLs (they are not values, so they neither count nor move a
 * percentile); an input with no other values is "empty". Infinities are ordinary (if odd) values.
 * Inputs are never mutated: they are copied into a Float64Array first.
 */

/** Below this length a typed-array sort beats the bookkeeping of a multi-select. */
const SORT_BELOW = 64;

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
  return percentilesOfCopy(copyWithoutNaN(values), ps);
}

/** Arithmetic mean (compensated summation, so millions of large values keep their precision); undefined when empty. */
export function mean(values: ArrayLike<number>): number | undefined {
  let n = 0;
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (Number.isNaN(x)) continue;
    n++;
    // Neumaier's variant of Kahan summation.
    const t = sum + x;
    if (Math.abs(sum) >= Math.abs(x)) compensation += sum - t + x;
    else compensation += x - t + sum;
    sum = t;
  }
  if (n === 0) return undefined;
  // With an infinity the compensation term is NaN; the plain sum is the right answer then.
  const total = Number.isFinite(sum) ? sum + compensation : sum;
  return total / n;
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
  const copy = copyWithoutNaN(ms);
  const average = mean(copy);
  // Selection reorders the copy, which is ours; the mean was taken first anyway (order-independent).
  const [median, p75, p90] = percentilesOfCopy(copy, [0.5, 0.75, 0.9]);
  const seconds = (v: number | undefined): number | null => (v === undefined ? null : v / 1000);
  return {
    count: copy.length,
    medianSeconds: seconds(median),
    p75Seconds: seconds(p75),
    p90Seconds: seconds(p90),
    meanSeconds: seconds(average),
  };
}

function checkP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile must be within [0, 1], got ${p}`);
}

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

/** percentile_cont for each p over `a`, which it reorders (it must be a private copy). */
function percentilesOfCopy(a: Float64Array, ps: readonly number[]): (number | undefined)[] {
  const n = a.length;
  if (n === 0) return ps.map(() => undefined);
  const ranks: number[] = [];
  for (const p of ps) {
    const pos = p * (n - 1);
    ranks.push(Math.floor(pos), Math.ceil(pos));
  }
  const unique = [...new Set(ranks)].sort((x, y) => x - y);
  if (n < SORT_BELOW || unique.length * 4 > n) a.sort();
  else multiSelect(a, 0, n - 1, unique, 0, unique.length - 1, 2 * Math.ceil(Math.log2(n)));
  return ps.map((p) => {
    const pos = p * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    const first = a[lo] as number;
    const second = a[hi] as number;
    if (lo === hi || first === second) return first;
    // The same expression PostgreSQL evaluates (first + (second - first) * fraction).
    return first + (second - first) * (pos - lo);
  });
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
