import { describe, expect, test } from "vitest";
import { readAhead } from "./read-ahead.js";

/** A source that records when each item is asked for, and whether it was closed. */
function source(count: number, failAt?: number) {
  const asked: number[] = [];
  let closed = false;
  async function* items(): AsyncGenerator<number> {
    try {
      for (let i = 0; i < count; i++) {
        asked.push(i);
        await new Promise((r) => setImmediate(r));
        if (i === failAt) throw new Error(`item ${i} failed`);
        yield i;
      }
    } finally {
      closed = true;
    }
  }
  return { items: items(), asked, closed: () => closed };
}

describe("readAhead", () => {
  test("yields every item in order, asking for the next one while the consumer holds the current one", async () => {
    const s = source(3);
    const seen: number[] = [];
    for await (const item of readAhead(s.items)) {
      seen.push(item);
      await new Promise((r) => setImmediate(r));
      // the next item was asked for before this one was finished with (none after the last)
      expect(s.asked).toContain(Math.min(item + 1, 2));
    }
    expect(seen).toEqual([0, 1, 2]);
    expect(s.closed()).toBe(true);
  });

  test("a consumer that stops early closes the source, after the item in flight", async () => {
    const s = source(10);
    for await (const item of readAhead(s.items)) if (item === 1) break;
    expect(s.asked).toEqual([0, 1, 2]);
    expect(s.closed()).toBe(true);
  });

  test("an error of the source reaches the consumer", async () => {
    const s = source(5, 2);
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(s.items)) seen.push(item);
      })(),
    ).rejects.toThrow("item 2 failed");
    expect(seen).toEqual([0, 1]);
    expect(s.closed()).toBe(true);
  });
});
