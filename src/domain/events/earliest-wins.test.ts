import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { canonicalJson, type EntityState, mergeEvent, versionClock } from "./merge-event.js";
import type { StrideEvent } from "./schema.js";
import { validateEvent } from "./validate-event.js";

function parse(value: Record<string, unknown>): StrideEvent {
  const result = validateEvent(value);
  if (!result.ok) throw new Error(result.error.message);
  return result.event;
}

function fold(events: StrideEvent[]): EntityState | undefined {
  let state: EntityState | undefined;
  for (const e of events) state = mergeEvent(state, e, versionClock(e, 0, canonicalJson(e)));
  return state;
}

const T0 = Date.UTC(2026, 0, 1);
const H = 3_600_000;

describe("first-occurrence instants keep the earliest value sent", () => {
  const pr = {
    type: "pull_request",
    id: "p",
    repo: "acme/shop",
    number: 7,
    title: "t",
    author: "ana",
    createdAt: T0,
  };

  test("a second review (later clock) does not move the first review", () => {
    const first = parse({ ...pr, firstReviewAt: T0 + H });
    const second = parse({ ...pr, firstReviewAt: T0 + 2 * H });
    expect(fold([first, second])?.data.firstReviewAt).toBe(T0 + H);
    expect(fold([second, first])?.data.firstReviewAt).toBe(T0 + H);
  });

  test("an acknowledgement that repeats its own time as detectedAt does not move the detection", () => {
    const base = { type: "incident", id: "i", services: ["api"] };
    const triggered = parse({ ...base, detectedAt: T0 });
    const acknowledged = parse({ ...base, detectedAt: T0 + H, acknowledgedAt: T0 + H });
    const again = parse({ ...base, detectedAt: T0 + 3 * H, acknowledgedAt: T0 + 3 * H });
    for (const order of [
      [triggered, acknowledged, again],
      [again, acknowledged, triggered],
      [acknowledged, again, triggered],
    ]) {
      expect(fold(order)?.data).toMatchObject({ detectedAt: T0, acknowledgedAt: T0 + H });
    }
  });

  test("property: any order of any versions converges, to the least value", () => {
    const base = { type: "incident", id: "i", services: ["api"] };
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ d: fc.nat(100), a: fc.option(fc.nat(100)), sev: fc.constantFrom("sev1", "sev2") }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        (versions) => {
          const events = versions.map((v) =>
            parse({
              ...base,
              detectedAt: T0 + v.d * H,
              severity: v.sev,
              ...(v.a === null ? {} : { acknowledgedAt: T0 + v.a * H }),
            }),
          );
          const forward = fold(events);
          expect(fold([...events].reverse())).toEqual(forward);
          expect(forward?.data.detectedAt).toBe(T0 + Math.min(...versions.map((v) => v.d)) * H);
        },
      ),
    );
  });
});
