import { expect, test } from "vitest";
import { WantedShas } from "./wanted-shas.js";

test("finds the rows of each wanted sha, full or prefix, in any case, at their places in the final order", () => {
  const wanted = new WantedShas(["ABC1234", "abc1234def", "fff0000"]);
  const shas = ["abc1234def0", "0000000aaa", "abc1234000", "ABC1234DEF9"];
  shas.forEach((sha, row) => {
    wanted.see(sha, row);
  });
  // row r ends at shipment order.indexOf(r)
  const order = Int32Array.from([3, 2, 1, 0]);
  const found = wanted.found(order);
  expect(Array.from(found.get("abc1234") ?? [])).toEqual([0, 1, 3]);
  expect(Array.from(found.get("abc1234def") ?? [])).toEqual([0, 3]);
  expect(found.has("fff0000")).toBe(false);
});

test("with nothing wanted it notes nothing", () => {
  const wanted = new WantedShas([]);
  wanted.see("abc1234", 0);
  expect(wanted.found(Int32Array.from([0])).size).toBe(0);
});
