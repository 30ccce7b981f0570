import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { mean, percentile, percentiles, summarizeDurations } from "./stats.js";

const HOUR = 3_600_000;

/** The textbook definition, for comparison: sort a copy, then interpolate like percentile_cont. */
function naivePercentile(values: readonly number[], p: number): number | undefined {
  return percentileOfSorted(
    values.filter((v) => !Number.isNaN(v)).sort((x, y) => x - y),
    p,
  );
}

function percentileOfSorted(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  const pos = p * (sorted.length - 1);
  const lo = sorted[Math.floor(pos)] as number;
  const hi = sorted[Math.ceil(pos)] as number;
  return lo === hi ? lo : lo + (hi - lo) * (pos - Math.floor(pos));
}

describe("percentile (PostgreSQL percentile_cont)", () => {
  test("the median of 1 h and 2 h is 1.5 h", () => {
    expect(percentile([HOUR, 2 * HOUR], 0.5)).toBe(1.5 * HOUR);
    expect(percentile([2 * HOUR, HOUR], 0.5)).toBe(1.5 * HOUR);
  });

  test("hand-computed values: position p*(n-1), interpolated between floor and ceil", () => {
    const v = [10, 20, 30, 40]; // n = 4
    expect(percentile(v, 0)).toBe(10);
    expect(percentile(v, 1)).toBe(40);
    expect(percentile(v, 0.5)).toBe(25); // pos 1.5
    expect(percentile(v, 0.75)).toBe(32.5); // pos 2.25 → 30 + 10 * 0.25
    expect(percentile(v, 0.9)).toBeCloseTo(37, 12); // pos 2.7 → 30 + 10 * 0.7
    // SELECT percentile_cont(0.9) WITHIN GROUP (ORDER BY x) FROM (VALUES (1),(2),(3),(4),(5),(100)) t(x) → 52.5
    expect(percentile([100, 1, 5, 2, 4, 3], 0.9)).toBe(52.5); // pos 4.5 → 5 + 95 * 0.5
    expect(percentile([3, 1, 2], 0.5)).toBe(2); // odd count: the middle value
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([5, 5, 5, 5], 0.3)).toBe(5);
    expect(percentile([-2, 0, 2], 0.25)).toBe(-1);
  });

  test("no values is no answer, never 0", () => {
    expect(percentile([], 0.5)).toBeUndefined();
    expect(percentiles([], [0.5, 0.9])).toEqual([undefined, undefined]);
    expect(mean([])).toBeUndefined();
  });

  test("NaN entries are ignored like SQL NULLs", () => {
    expect(percentile([Number.NaN, 1, 3, Number.NaN], 0.5)).toBe(2);
    expect(percentile([Number.NaN], 0.5)).toBeUndefined();
    expect(mean([Number.NaN, 1, 3])).toBe(2);
  });

  test("p outside [0, 1] is a programming error", () => {
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
    expect(() => percentile([1], -0.1)).toThrow(RangeError);
    expect(() => percentiles([1], [0.5, Number.NaN])).toThrow(RangeError);
  });

  test("accepts typed arrays and answers in the order asked", () => {
    const v = Float64Array.from([4, 1, 3, 2]);
    expect(percentiles(v, [1, 0, 0.5])).toEqual([4, 1, 2.5]);
    expect(percentiles(v, [])).toEqual([]);
  });

  test("large inputs with many equal values (multi-select path)", () => {
    const values = Array.from({ length: 10_001 }, (_, i) => (i * 7919) % 13);
    const ps = [0, 0.1, 0.5, 0.75, 0.9, 0.99, 1];
    expect(percentiles(values, ps)).toEqual(ps.map((p) => naivePercentile(values, p)));
    const sortedInput = Array.from({ length: 5000 }, (_, i) => i);
    expect(percentiles(sortedInput, [0.5, 0.9])).toEqual([2499.5, 4499.1]);
    expect(percentiles(sortedInput.slice().reverse(), [0.5, 0.9])).toEqual([2499.5, 4499.1]);
  });

  test("property: percentiles equals a sort-based implementation and leaves its input alone", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            // no -0: it equals 0, so which of the two a rank holds depends on the algorithm (a difference of sign
            // only, which toEqual sees); durations are never -0
            fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)),
            fc.integer({ min: -5, max: 5 }),
          ),
          {
            maxLength: 400,
          },
        ),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
        (values, ps) => {
          const before = values.slice();
          const typed = Float64Array.from(values);
          const expected = ps.map((p) => naivePercentile(values, p));
          expect(percentiles(values, ps)).toEqual(expected);
          expect(percentiles(typed, ps)).toEqual(expected);
          expect(values).toEqual(before);
          expect(Array.from(typed)).toEqual(before);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("property: large arrays (multi-select) agree with the sort-based implementation", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 200, maxLength: 3000 }),
        fc.uniqueArray(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }),
        (values, ps) => {
          expect(percentiles(values, ps)).toEqual(ps.map((p) => naivePercentile(values, p)));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("percentiles of large inputs (radix buckets, then selection)", () => {
  /** A deterministic mix of the awkward values: ties, signed zeros, infinities, NaNs, tiny and huge magnitudes. */
  function awkward(seed: number, length: number): Float64Array {
    let state = seed >>> 0 || 1;
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return (state >>> 0) / 2 ** 32;
    };
    const pool = [
      0,
      -0,
      1,
      -1,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.NaN,
      5e-324,
      1e300,
    ];
    return Float64Array.from({ length }, () => {
      const r = next();
      if (r < 0.05) return pool[Math.floor(next() * pool.length)] as number;
      if (r < 0.5) return Math.round(next() * 86_400_000 * 30); // lead-time-like milliseconds
      if (r < 0.7) return 1 + next() * 0.01; // many values inside one bucket
      return (next() - 0.5) * 10 ** Math.floor(next() * 40 - 20);
    });
  }

  test("property: equals the sort-based implementation and leaves its input alone", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1 }),
        fc.integer({ min: 40_000, max: 90_000 }),
        fc.uniqueArray(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }),
        (seed, length, ps) => {
          const values = awkward(seed, length);
          const before = values.slice();
          const sorted = Array.from(values)
            .filter((v) => !Number.isNaN(v))
            .sort((x, y) => x - y);
          expect(percentiles(values, [...ps, 0, 1])).toEqual(
            [...ps, 0, 1].map((p) => percentileOfSorted(sorted, p)),
          );
          expect(values).toEqual(before);
          const ms = values.map((v) => (Number.isFinite(v) ? Math.abs(v) : Number.NaN));
          const summary = summarizeDurations(ms);
          const finite = Array.from(ms)
            .filter((v) => !Number.isNaN(v))
            .sort((x, y) => x - y);
          expect(summary.count).toBe(finite.length);
          expect(summary.medianSeconds).toBe((percentileOfSorted(finite, 0.5) as number) / 1000);
          expect(summary.p90Seconds).toBe((percentileOfSorted(finite, 0.9) as number) / 1000);
        },
      ),
      { numRuns: 12 },
    );
  });

  test("all values inside one bucket, and all equal", () => {
    const near = Float64Array.from({ length: 50_000 }, (_, i) => 1 + ((i * 7919) % 50_000) * 1e-9);
    expect(percentiles(near, [0.5, 0.9])).toEqual(
      [0.5, 0.9].map((p) => naivePercentile(Array.from(near), p)),
    );
    expect(percentiles(new Float64Array(40_000).fill(3), [0, 0.5, 1])).toEqual([3, 3, 3]);
  });
});

describe("mean", () => {
  test("arithmetic mean", () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean(Float64Array.from([HOUR, 2 * HOUR]))).toBe(1.5 * HOUR);
  });

  test("compensated summation keeps small values next to large ones", () => {
    const values = [1e16, 1, 1, 1, 1, -1e16];
    expect(mean(values)).toBeCloseTo(4 / 6, 12);
  });

  test("infinities are values", () => {
    expect(mean([1, Number.POSITIVE_INFINITY])).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("summarizeDurations", () => {
  test("milliseconds in, seconds out, unrounded", () => {
    expect(summarizeDurations([HOUR, 2 * HOUR])).toEqual({
      count: 2,
      medianSeconds: 5400,
      p75Seconds: 6300,
      p90Seconds: 6840,
      meanSeconds: 5400,
    });
    const s = summarizeDurations([1, 2]);
    expect(s.medianSeconds).toBe(0.0015);
    expect(s.meanSeconds).toBe(0.0015);
  });

  test("no durations is no data, not zero", () => {
    expect(summarizeDurations([])).toEqual({
      count: 0,
      medianSeconds: null,
      p75Seconds: null,
      p90Seconds: null,
      meanSeconds: null,
    });
  });

  test("does not mutate its input", () => {
    const input = [5000, 1000, 3000, 2000, 4000];
    const typed = Float64Array.from(input);
    const summary = summarizeDurations(input);
    summarizeDurations(typed);
    expect(input).toEqual([5000, 1000, 3000, 2000, 4000]);
    expect(Array.from(typed)).toEqual([5000, 1000, 3000, 2000, 4000]);
    expect(summary).toEqual({ count: 5, medianSeconds: 3, p75Seconds: 4, p90Seconds: 4.6, meanSeconds: 3 });
  });
});
