import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { epochToMs, parseInstant } from "./time.js";

/** parseInstant's first definition (Date objects for the calendar check): the fast one must answer the same. */
function parseInstantByDate(text: string): number | "invalid" {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})$/.exec(
      text,
    );
  if (!m) return "invalid";
  const [, y, mo, d, h, mi, s = "0", frac = "0", zone = "Z"] = m;
  const ms = Number(frac.padEnd(3, "0").slice(0, 3));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (
    Number(mo) < 1 ||
    Number(mo) > 12 ||
    check.getUTCDate() !== Number(d) ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    return "invalid";
  }
  if (zone === "Z" || zone === "z") return utc;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

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

  test("the same instants and rejections as the definition with Date objects, leap years and years 0–99 included", () => {
    const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, "0"));
    const stamp = fc
      .record({
        year: fc.oneof(
          fc.integer({ min: 0, max: 120 }),
          fc.integer({ min: 1582, max: 2500 }),
          fc.constant(2000),
        ),
        month: two(13),
        day: two(32),
        hour: two(25),
        minute: two(60),
        second: fc.option(two(60)),
        frac: fc.option(fc.stringMatching(/^[0-9]{1,9}$/)),
        sep: fc.constantFrom("T", "t", " "),
        zone: fc.constantFrom("Z", "z", "+01:00", "-04:30", "+0530", "-1200", "+14:00"),
      })
      .map((p) => {
        const seconds = p.second === null ? "" : `:${p.second}${p.frac === null ? "" : `.${p.frac}`}`;
        return `${String(p.year).padStart(4, "0")}-${p.month}-${p.day}${p.sep}${p.hour}:${p.minute}${seconds}${p.zone}`;
      });
    fc.assert(
      fc.property(stamp, (text) => {
        const fast = parseInstant(text);
        expect(typeof fast === "number" ? fast : "invalid").toBe(parseInstantByDate(text));
      }),
      { numRuns: 5000 },
    );
    expect(parseInstant("2024-02-29T00:00:00Z")).toBe(Date.UTC(2024, 1, 29));
    expect(parseInstant("2100-02-29T00:00:00Z")).toMatchObject({ code: "invalid_timestamp" });
    expect(parseInstant("0000-02-29T00:00:00Z")).toMatchObject({ code: "invalid_timestamp" });
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
