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

describe("mergeEvent", () => {
  test("a deployment's success wins over its in_progress, whichever arrives first", () => {
    const started = parse({
      type: "deployment",
      id: "d1",
      service: "api",
      environment: "prod",
      status: "in_progress",
      startedAt: T0,
    });
    const done = parse({ ...started, status: "success", finishedAt: T0 + 60_000, sha: "abcdef1" });
    expect(fold([done, started])).toEqual(fold([started, done]));
    expect(fold([done, started])?.data).toMatchObject({
      status: "success",
      finishedAt: T0 + 60_000,
      sha: "abcdef1",
    });
  });

  test("an incident's resolve before its trigger keeps the resolution", () => {
    const base = { type: "incident", id: "i1", services: ["api"], detectedAt: T0 };
    const triggered = parse({ ...base, severity: "sev2" });
    const resolved = parse({ ...base, resolvedAt: T0 + 3_600_000 });
    expect(fold([resolved, triggered])?.data).toMatchObject({ severity: "sev2", resolvedAt: T0 + 3_600_000 });
    expect(fold([resolved, triggered])).toEqual(fold([triggered, resolved]));
  });

  test("a later status of the same instant does not lose fields an earlier version set", () => {
    const a = parse({
      type: "deployment",
      id: "d",
      service: "s",
      environment: "e",
      status: "in_progress",
      startedAt: T0,
      version: "1.2",
    });
    const b = parse({
      type: "deployment",
      id: "d",
      service: "s",
      environment: "e",
      status: "failure",
      startedAt: T0,
      finishedAt: T0 + 1,
    });
    expect(fold([b, a])?.data).toMatchObject({ version: "1.2", status: "failure" });
  });

  test("property: any permutation of an entity's versions converges to the same state", () => {
    const version = fc.record({
      status: fc.constantFrom("in_progress", "success", "failure", "cancelled"),
      startedOffset: fc.integer({ min: 0, max: 10 }),
      finishedOffset: fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
      version: fc.option(fc.constantFrom("1.0", "1.1", "2.0"), { nil: undefined }),
      stage: fc.option(fc.constantFrom("canary", "full"), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(version, { minLength: 1, maxLength: 8 }), fc.context(), (versions, ctx) => {
        const events = versions.map((v) =>
          parse({
            type: "deployment",
            id: "dep",
            service: "svc",
            environment: "production",
            status: v.status,
            startedAt: T0 + v.startedOffset * 60_000,
            ...(v.finishedOffset === undefined
              ? {}
              : { finishedAt: T0 + (v.startedOffset + v.finishedOffset) * 60_000 }),
            ...(v.version === undefined ? {} : { version: v.version }),
            ...(v.stage === undefined ? {} : { stage: v.stage }),
          }),
        );
        const reference = canonicalJson(fold(events));
        const shuffled = fc.sample(
          fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
          5,
        );
        for (const order of shuffled) {
          ctx.log(JSON.stringify(order.map((e) => e.type === "deployment" && e.status)));
          expect(canonicalJson(fold(order))).toBe(reference);
          // idempotent: every version delivered twice changes nothing
          expect(canonicalJson(fold([...order, ...order]))).toBe(reference);
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** The definition canonicalJson must match: JSON.stringify with each object's keys sorted by a replacer. */
function byReplacer(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v as Record<string, unknown>).sort()) {
      sorted[k] = (v as Record<string, unknown>)[k];
    }
    return sorted;
  });
}

describe("canonicalJson", () => {
  test("property: the same text as the definition, for JSON data and for what JSON.stringify treats specially", () => {
    const special = fc.anything({
      withBoxedValues: true,
      withNullPrototype: true,
      withSparseArray: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withObjectString: true,
      withTypedArray: true,
      key: fc.oneof(fc.string(), fc.constantFrom("10", "9", "0", "__proto__", "toJSON", "", "é", "Z", "a")),
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), special), (value) => {
        expect(canonicalJson(value)).toBe(byReplacer(value));
      }),
      { numRuns: 2000 },
    );
  });

  test("objects that define their own JSON, deep values and cycles take the general path", () => {
    const withToJson = { b: 1, a: { toJSON: () => ({ z: 1, y: 2 }) } };
    expect(canonicalJson(withToJson)).toBe('{"a":{"y":2,"z":1},"b":1}');
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 100; i++) deep = { next: deep, at: i };
    expect(canonicalJson(deep)).toBe(byReplacer(deep));
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(() => byReplacer(cycle)).toThrow();
    expect(() => canonicalJson(cycle)).toThrow();
  });
});
