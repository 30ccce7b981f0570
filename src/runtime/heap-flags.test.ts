import { setImmediate as nextTurn } from "node:timers/promises";
import { expect, test } from "vitest";
import { collectGarbage } from "./heap-flags.js";

test("collectGarbage collects what nothing holds any more", async () => {
  let held: object | null = { large: new Array(1000).fill(0) };
  const ref = new WeakRef(held);
  held = null;
  // a WeakRef's target lives until the end of the job that made or read it
  await nextTurn();
  collectGarbage();
  expect(ref.deref()).toBeUndefined();
});
