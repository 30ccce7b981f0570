import { describe, expect, test } from "vitest";
import { epochToMs, parseInstant } from "./time.js";

describe("parseInstant", () => {
  test("ISO 8601 with Z or an offset is read as the instant it names", () => {
    expect(parseInstant("2026-03-01T12:00:00Z")).toBe(Date.UTC(2026, 2, 1, 12));
    expect(parseInstant("2026-03-01T13:00:00+01:00")).toBe(Date.UTC(2026, 2, 1, 12));
    expect(parseInstant("2026-03-01T07:30:00-0430")).toBe(Date.UTC(2026, 2, 1, 12));
    expect(parseInstant("2026-03-01T12:00:00.123456789Z")).toBe(Date.UTC(2026, 2, 1, 12, 0, 0, 123));
  });

  test("a timestamp without a zone is rejected, never guessed", () => {
    expect(parseInstant("2026-03-01T12:00:00")).toMatchObject({ code: "timestamp_without_zone" });
    expect(parseInstant("2026-03-01")).toMatchObject({ code: "timestamp_without_zone" });
  });

  test("malformed and impossible dates are invalid", () => {
    expect(parseInstant("yesterday")).toMatchObject({ code: "invalid_timestamp" });
    expect(parseInstant("2026-02-30T00:00:00Z")).toMatchObject({ code: "invalid_timestamp" });
    expect(parseInstant("2026-13-01T00:00:00Z")).toMatchObject({ code: "invalid_timestamp" });
    expect(parseInstant(-5)).toMatchObject({ code: "invalid_timestamp" });
    expect(parseInstant(Number.NaN)).toMatchObject({ code: "invalid_timestamp" });
  });

  test("epoch numbers are seconds, milliseconds, microseconds or nanoseconds by magnitude", () => {
    const ms = Date.UTC(2026, 2, 1, 12);
    expect(epochToMs(ms / 1000)).toBe(ms);
    expect(epochToMs(ms)).toBe(ms);
    expect(epochToMs(ms * 1000)).toBe(ms);
    // Opsgenie sends nanoseconds beyond 2^53; the millisecond is still exact enough.
    expect(epochToMs(JSON.parse("1772366400123456789"))).toBe(1_772_366_400_123);
  });
});
