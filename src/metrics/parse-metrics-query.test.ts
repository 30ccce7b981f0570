import { describe, expect, test } from "vitest";
import { StrideError } from "../errors.js";
import { parseMetricsQuery } from "./parse-metrics-query.js";

const limits = { maxWindowDays: 731, now: Date.UTC(2026, 2, 31, 12) };

describe("parseMetricsQuery", () => {
  test("defaults: the 30 days before now, UTC, 2023, day buckets", () => {
    expect(parseMetricsQuery({}, limits)).toEqual({
      scope: {},
      from: limits.now - 30 * 86_400_000,
      to: limits.now,
      bucket: "day",
      tz: "UTC",
      benchmark: "2023",
    });
  });

  test("a date means local midnight in the query's zone, across a DST change", () => {
    const q = parseMetricsQuery({ from: "2026-03-29", to: "2026-03-30", tz: "Europe/Berlin" }, limits);
    expect(new Date(q.from).toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(new Date(q.to).toISOString()).toBe("2026-03-29T22:00:00.000Z");
    const kiritimati = parseMetricsQuery(
      { from: "2026-03-01", to: "2026-03-02", tz: "Pacific/Kiritimati" },
      limits,
    );
    expect(new Date(kiritimati.from).toISOString()).toBe("2026-02-28T10:00:00.000Z");
  });

  test("longer windows bucket by week, then month; scope keeps only what was asked", () => {
    expect(parseMetricsQuery({ from: "2025-06-01", to: "2026-03-01", team: "core" }, limits)).toMatchObject({
      bucket: "week",
      scope: { team: "core" },
    });
    expect(parseMetricsQuery({ from: "2024-06-01", to: "2026-03-01" }, limits).bucket).toBe("month");
  });

  test("an error names the parameter and says what to send", () => {
    try {
      parseMetricsQuery({ tz: "Berlin" }, limits);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StrideError);
      expect(error).toMatchObject({ code: "unknown_time_zone", field: "tz" });
    }
  });
});
