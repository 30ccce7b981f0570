import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Column, compareShas, permuteInPlace, ShaColumn, scratch, shaOf } from "./columns.js";

describe("ShaColumn", () => {
  test("gives back every sha it took, whatever its length, in the order asked", () => {
    const shas = [
      "abc1234", // odd length
      "0123456789abcdef0123456789abcdef01234567",
      "abc12340",
      "f".repeat(64), // SHA-256
      "abc1234",
    ];
    const column = new ShaColumn();
    for (const sha of shas) column.push(sha);
    const order = Int32Array.from([4, 3, 2, 1, 0]);
    const permuted = column.take(order);
    expect(Array.from(order, (_, k) => shaOf(permuted, k))).toEqual(Array.from(order, (i) => shas[i]));
    expect(compareShas(permuted, 0, 4)).toBe(0);
    expect(compareShas(permuted, 0, 2)).not.toBe(0); // abc1234 is not abc12340
  });
});

describe("Column", () => {
  test("property: grows in place past its first room, and takes the values in order as an array of their own size", () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 5000 }), fc.integer({ min: 0 }), (values, seed) => {
        const column = new Column(Int32Array);
        for (const v of values) column.push(v);
        // a permutation from the seed
        const order = Int32Array.from(values.keys()).sort(
          (a, b) => ((a * 7919 + seed) % 104729) - ((b * 7919 + seed) % 104729) || a - b,
        );
        const taken = column.take(order);
        expect(Array.from(taken)).toEqual(Array.from(order, (i) => values[i]));
        expect(taken.buffer.resizable).toBe(false);
        // its memory went back: the column is empty
        expect(column.data.length).toBe(0);
      }),
      { numRuns: 30 },
    );
  });

  test("a scratch array's memory goes back when freed", () => {
    const keys = scratch(Float64Array, 3);
    keys.array.set([3, 1, 2]);
    expect(Array.from(keys.array.sort())).toEqual([1, 2, 3]);
    keys.free();
    expect(keys.array.length).toBe(0);
  });
});

describe("permuteInPlace", () => {
  test("row k ends up holding what row order[k] held, for any permutation and row width", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }).chain((n) =>
          fc.tuple(
            fc.shuffledSubarray(
              Array.from({ length: n }, (_, i) => i),
              { minLength: n, maxLength: n },
            ),
            fc.integer({ min: 1, max: 3 }),
            fc.integer({ min: 0, max: 5 }),
          ),
        ),
        ([order, width, spare]) => {
          const n = order.length;
          const data = Float64Array.from({ length: (n + spare) * width }, (_, i) => i * 1.5);
          const expected = order.flatMap((from) =>
            Array.from(data.subarray(from * width, from * width + width)),
          );
          permuteInPlace(data, Int32Array.from(order), width);
          expect(Array.from(data.subarray(0, n * width))).toEqual(expected);
        },
      ),
    );
  });
});
