import { describe, expect, test } from "vitest";
import { ShaColumn, sameSha, shaOf } from "./columns.js";

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
    expect(sameSha(permuted, 0, 4)).toBe(true);
    expect(sameSha(permuted, 0, 2)).toBe(false); // abc1234 is not abc12340
  });
});
