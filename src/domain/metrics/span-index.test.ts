import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { spanIndex as indexOf, summarizeRange } from "./span-index.js";
import { summarizeDurations } from "./stats.js";

/** Lead-time-like spans with ties, zeros, NaNs (no span) and a spread of magnitudes, from a seed. */
function spans(seed: number, length: number): Float64Array {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return Float64Array.from({ length }, () => {
    const r = next();
    if (r < 0.05) return Number.NaN;
    if (r < 0.1) return 0;
    if (r < 0.3) return 3_600_000 * Math.floor(next() * 5); // whole hours: many ties
    if (r < 0.5) return 1 + next() * 0.01; // many values inside one bucket
    return Math.round(10 ** (next() * 10));
  });
}

/** The index reads each span when it needs it, here from an array. */
const spanIndex = (values: Float64Array) => indexOf(values.length, (k) => values[k] as number);

describe("span index", () => {
  test("property: any range summarizes exactly as summarizeDurations over that range", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        (seed, a, b) => {
          const values = spans(seed, 60_000);
          const index = spanIndex(values);
          const [start, end] = [Math.min(a, b), Math.max(a, b)];
          expect(summarizeRange(index, start, end)).toEqual(summarizeDurations(values.subarray(start, end)));
          expect(summarizeRange(index, 0, values.length)).toEqual(summarizeDurations(values));
        },
      ),
      { numRuns: 25 },
    );
  });

  test("property: whole-millisecond spans take their means from exact block sums, with the same results", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        (seed, a, b) => {
          const values = spans(seed, 60_000).map((v) => Math.round(v));
          const index = spanIndex(values);
          expect(index.blockSums).not.toBeNull();
          const [start, end] = [Math.min(a, b), Math.max(a, b)];
          expect(summarizeRange(index, start, end)).toEqual(summarizeDurations(values.subarray(start, end)));
        },
      ),
      { numRuns: 25 },
    );
  });

  test("an empty range and a range of no spans have no values, not zeros", () => {
    const index = spanIndex(Float64Array.from([Number.NaN, Number.NaN, 5]));
    expect(summarizeRange(index, 0, 0).count).toBe(0);
    expect(summarizeRange(index, 0, 2)).toEqual(summarizeDurations([]));
  });

  test("a negative span is a programming error", () => {
    expect(() => spanIndex(Float64Array.from([1, -1]))).toThrow(RangeError);
  });
});
