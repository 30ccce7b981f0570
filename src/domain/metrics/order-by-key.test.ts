import fc from "fast-check";
import { expect, test } from "vitest";
import { bitsFor, orderByKey } from "./order-by-key.js";

const reference = (keys: number[]) =>
  keys.map((_, i) => i).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);

test("orders by key, then by index, packed or not", () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 300 }), (keys) => {
      const key = (i: number) => keys[i] as number;
      expect(Array.from(orderByKey(keys.length, 10, key))).toEqual(reference(keys));
      // too wide to pack beside the index: the comparator path gives the same order
      expect(Array.from(orderByKey(keys.length, 53, key))).toEqual(reference(keys));
    }),
  );
});

test("keys narrower than the indices are counted into the same order", () => {
  fc.assert(
    fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 300 }), (raw) => {
      const keys = raw.map((k) => k % raw.length);
      expect(Array.from(orderByKey(keys.length, bitsFor(keys.length), (i) => keys[i] as number))).toEqual(
        reference(keys),
      );
    }),
  );
});

test("the widest keys that fit stay exact", () => {
  const n = 1000;
  const keyBits = 53 - bitsFor(n);
  const keys = Array.from({ length: n }, (_, i) => 2 ** keyBits - 1 - (i % 7));
  expect(Array.from(orderByKey(n, keyBits, (i) => keys[i] as number))).toEqual(reference(keys));
});

test("bitsFor holds every index below n", () => {
  for (const n of [0, 1, 2, 3, 4, 5, 1024, 1025, 3_889_095]) {
    expect(2 ** bitsFor(n)).toBeGreaterThanOrEqual(n);
    if (n > 2) expect(2 ** (bitsFor(n) - 1)).toBeLessThan(n);
  }
});
