import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  type Bucket,
  bucketKinds,
  bucketLabel,
  bucketStart,
  bucketsOf,
  canonicalTimeZone,
  isTimeZone,
  localDay,
  nextBucketStart,
} from "./buckets.js";

const HOUR = 3_600_000;
const utc = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test instant ${iso}`);
  return ms;
};
const lengthHours = (start: number, bucket: Bucket, tz: string): number =>
  (nextBucketStart(start, bucket, tz) - start) / HOUR;

describe("UTC buckets", () => {
  const at = utc("2026-03-01T15:30:00Z"); // a Sunday

  test("day, ISO week (Monday) and month starts", () => {
    expect(bucketStart(at, "day", "UTC")).toBe(utc("2026-03-01T00:00:00Z"));
    expect(bucketStart(at, "week", "UTC")).toBe(utc("2026-02-23T00:00:00Z"));
    expect(bucketStart(at, "month", "UTC")).toBe(utc("2026-03-01T00:00:00Z"));
    expect(nextBucketStart(utc("2026-03-01T00:00:00Z"), "day", "UTC")).toBe(utc("2026-03-02T00:00:00Z"));
    expect(nextBucketStart(utc("2026-02-23T00:00:00Z"), "week", "UTC")).toBe(utc("2026-03-02T00:00:00Z"));
    expect(nextBucketStart(utc("2026-02-01T00:00:00Z"), "month", "UTC")).toBe(utc("2026-03-01T00:00:00Z"));
    expect(nextBucketStart(utc("2026-12-01T00:00:00Z"), "month", "UTC")).toBe(utc("2027-01-01T00:00:00Z"));
  });

  test("labels", () => {
    expect(bucketLabel(at, "day", "UTC")).toBe("2026-03-01");
    expect(bucketLabel(at, "week", "UTC")).toBe("2026-W09");
    expect(bucketLabel(at, "month", "UTC")).toBe("2026-03");
    expect(localDay(at, "UTC")).toBe("2026-03-01");
  });

  test("an event exactly on a boundary belongs to the bucket that starts there", () => {
    const monday = utc("2026-03-02T00:00:00Z");
    for (const bucket of ["day", "week"] as const) {
      expect(bucketStart(monday, bucket, "UTC")).toBe(monday);
      expect(bucketStart(monday - 1, bucket, "UTC")).toBeLessThan(monday);
    }
    const april = utc("2026-04-01T00:00:00Z");
    expect(bucketStart(april, "month", "UTC")).toBe(april);
    expect(bucketStart(april - 1, "month", "UTC")).toBe(utc("2026-03-01T00:00:00Z"));
    expect(localDay(april - 1, "UTC")).toBe("2026-03-31");
  });

  test("the answer does not depend on the order of calls (per-zone caches)", () => {
    const instants = [at, utc("2026-03-02T00:00:00Z"), at - 1, utc("2025-12-31T23:59:59.999Z"), at];
    const forward = instants.map((t) => bucketStart(t, "week", "Europe/Berlin"));
    const backward = instants
      .slice()
      .reverse()
      .map((t) => bucketStart(t, "week", "Europe/Berlin"))
      .reverse();
    expect(backward).toEqual(forward);
  });
});

describe("time zones", () => {
  const berlin = "Europe/Berlin";

  test("Berlin: local midnight, the 23 h day of 2026-03-29 and the 25 h day of 2026-10-25", () => {
    const spring = bucketStart(utc("2026-03-29T12:00:00Z"), "day", berlin);
    expect(spring).toBe(utc("2026-03-28T23:00:00Z")); // 00:00 CET
    expect(lengthHours(spring, "day", berlin)).toBe(23);
    expect(nextBucketStart(spring, "day", berlin)).toBe(utc("2026-03-29T22:00:00Z")); // 00:00 CEST
    const autumn = bucketStart(utc("2026-10-25T12:00:00Z"), "day", berlin);
    expect(autumn).toBe(utc("2026-10-24T22:00:00Z"));
    expect(lengthHours(autumn, "day", berlin)).toBe(25);
    expect(lengthHours(bucketStart(utc("2026-06-10T12:00:00Z"), "day", berlin), "day", berlin)).toBe(24);
  });

  test("Berlin: the week containing a DST change is 167 h (or 169 h)", () => {
    const week = bucketStart(utc("2026-03-29T12:00:00Z"), "week", berlin);
    expect(week).toBe(utc("2026-03-22T23:00:00Z")); // Monday 2026-03-23 00:00 CET
    expect(lengthHours(week, "week", berlin)).toBe(167);
    expect(bucketLabel(week, "week", berlin)).toBe("2026-W13");
    expect(lengthHours(bucketStart(utc("2026-10-25T12:00:00Z"), "week", berlin), "week", berlin)).toBe(169);
    const march = bucketStart(utc("2026-03-15T00:00:00Z"), "month", berlin);
    expect(march).toBe(utc("2026-02-28T23:00:00Z"));
    expect(lengthHours(march, "month", berlin)).toBe(31 * 24 - 1);
  });

  test("Berlin: an instant just after local midnight belongs to the local day, not the UTC day", () => {
    const at = utc("2026-06-30T22:30:00Z"); // 2026-07-01 00:30 CEST
    expect(localDay(at, berlin)).toBe("2026-07-01");
    expect(localDay(at, "UTC")).toBe("2026-06-30");
    expect(bucketStart(at, "month", berlin)).toBe(utc("2026-06-30T22:00:00Z"));
    expect(bucketLabel(at, "month", berlin)).toBe("2026-07");
  });

  test("Asia/Kathmandu (+05:45): midnight is 18:15 UTC the day before", () => {
    const start = bucketStart(utc("2026-03-01T12:00:00Z"), "day", "Asia/Kathmandu");
    expect(start).toBe(utc("2026-02-28T18:15:00Z"));
    expect(localDay(start, "Asia/Kathmandu")).toBe("2026-03-01");
    expect(localDay(start - 1, "Asia/Kathmandu")).toBe("2026-02-28");
    expect(lengthHours(start, "day", "Asia/Kathmandu")).toBe(24);
  });

  test("a local midnight that does not exist maps to the first instant of that local day", () => {
    // America/Santiago starts DST on 2026-09-06 at 00:00, which becomes 01:00 (-04 → -03).
    const santiago = "America/Santiago";
    const start = bucketStart(utc("2026-09-06T12:00:00Z"), "day", santiago);
    expect(start).toBe(utc("2026-09-06T04:00:00Z")); // 01:00 -03
    expect(localDay(start, santiago)).toBe("2026-09-06");
    expect(localDay(start - 1, santiago)).toBe("2026-09-05");
    expect(lengthHours(start, "day", santiago)).toBe(23);
    // America/Sao_Paulo did the same on 2018-11-04.
    expect(bucketStart(utc("2018-11-04T12:00:00Z"), "day", "America/Sao_Paulo")).toBe(
      utc("2018-11-04T03:00:00Z"),
    );
  });

  test("a local midnight that happens twice starts the day at its first occurrence", () => {
    // America/Havana ends DST on 2026-11-01 at 01:00, which becomes 00:00 again (-04 → -05).
    const start = bucketStart(utc("2026-11-01T12:00:00Z"), "day", "America/Havana");
    expect(start).toBe(utc("2026-11-01T04:00:00Z"));
    expect(lengthHours(start, "day", "America/Havana")).toBe(25);
    expect(bucketStart(utc("2026-11-01T05:30:00Z"), "day", "America/Havana")).toBe(start);
  });

  test("a day the zone skipped is an empty bucket that bucketsOf leaves out", () => {
    // Samoa moved across the date line: 2011-12-29 23:59:59 -10 was followed by 2011-12-31 00:00:00 +14.
    const apia = "Pacific/Apia";
    const days = bucketsOf(utc("2011-12-29T12:00:00Z"), utc("2011-12-31T12:00:00Z"), "day", apia);
    expect(days.map((d) => d.label)).toEqual(["2011-12-29", "2011-12-31", "2012-01-01"]);
    expect(days[1]).toEqual({
      start: utc("2011-12-30T10:00:00Z"),
      end: utc("2011-12-31T10:00:00Z"),
      label: "2011-12-31",
    });
    expect(lengthHours(bucketStart(utc("2011-12-29T12:00:00Z"), "week", apia), "week", apia)).toBe(6 * 24);
  });

  test("unknown zones are rejected", () => {
    expect(() => bucketStart(0, "day", "Mars/Olympus")).toThrow(RangeError);
    expect(() => bucketsOf(0, 1, "day", "+01:00")).toThrow(RangeError);
  });

  test("instants that are not numbers in years 1..9999 are rejected", () => {
    expect(() => bucketStart(Number.NaN, "day", "UTC")).toThrow(RangeError);
    expect(() => localDay(Number.POSITIVE_INFINITY, "Europe/Berlin")).toThrow(RangeError);
    expect(() => bucketStart(8.64e15, "day", "UTC")).toThrow(RangeError);
  });
});

describe("ISO week labels at year boundaries", () => {
  test.each([
    ["2026-01-01T12:00:00Z", "2026-W01", "2025-12-29T00:00:00Z"], // a Thursday: week 1 of 2026
    ["2025-12-29T00:00:00Z", "2026-W01", "2025-12-29T00:00:00Z"],
    ["2025-12-28T23:59:59.999Z", "2025-W52", "2025-12-22T00:00:00Z"],
    ["2027-01-01T12:00:00Z", "2026-W53", "2026-12-28T00:00:00Z"], // 2026 has 53 weeks
    ["2027-01-04T00:00:00Z", "2027-W01", "2027-01-04T00:00:00Z"],
    ["2024-12-30T08:00:00Z", "2025-W01", "2024-12-30T00:00:00Z"],
    ["2021-01-03T08:00:00Z", "2020-W53", "2020-12-28T00:00:00Z"],
    ["2026-03-01T00:00:00Z", "2026-W09", "2026-02-23T00:00:00Z"],
  ])("%s is in %s, starting %s", (iso, label, start) => {
    expect(bucketLabel(utc(iso), "week", "UTC")).toBe(label);
    expect(bucketStart(utc(iso), "week", "UTC")).toBe(utc(start));
  });

  test("in a zone ahead of UTC the local new year decides", () => {
    const at = utc("2026-12-31T23:30:00Z"); // 2027-01-01 00:30 in Berlin
    expect(bucketLabel(at, "week", "Europe/Berlin")).toBe("2026-W53");
    expect(bucketLabel(at, "month", "Europe/Berlin")).toBe("2027-01");
    expect(bucketLabel(at, "month", "UTC")).toBe("2026-12");
    expect(bucketLabel(utc("2027-01-03T23:30:00Z"), "week", "Europe/Berlin")).toBe("2027-W01");
  });
});

describe("bucketsOf", () => {
  test("a window spanning months, in UTC", () => {
    const months = bucketsOf(utc("2026-01-15T10:00:00Z"), utc("2026-04-01T00:00:00Z"), "month", "UTC");
    expect(months).toEqual([
      { start: utc("2026-01-01T00:00:00Z"), end: utc("2026-02-01T00:00:00Z"), label: "2026-01" },
      { start: utc("2026-02-01T00:00:00Z"), end: utc("2026-03-01T00:00:00Z"), label: "2026-02" },
      { start: utc("2026-03-01T00:00:00Z"), end: utc("2026-04-01T00:00:00Z"), label: "2026-03" },
    ]);
    const oneMore = bucketsOf(utc("2026-01-15T10:00:00Z"), utc("2026-04-01T00:00:00.001Z"), "month", "UTC");
    expect(oneMore.map((b) => b.label)).toEqual(["2026-01", "2026-02", "2026-03", "2026-04"]);
  });

  test("a window spanning months, in Berlin across the spring DST change", () => {
    const months = bucketsOf(
      utc("2026-02-10T00:00:00Z"),
      utc("2026-04-10T00:00:00Z"),
      "month",
      "Europe/Berlin",
    );
    expect(months).toEqual([
      { start: utc("2026-01-31T23:00:00Z"), end: utc("2026-02-28T23:00:00Z"), label: "2026-02" },
      { start: utc("2026-02-28T23:00:00Z"), end: utc("2026-03-31T22:00:00Z"), label: "2026-03" },
      { start: utc("2026-03-31T22:00:00Z"), end: utc("2026-04-30T22:00:00Z"), label: "2026-04" },
    ]);
  });

  test("buckets are contiguous and cover the window; weeks and days", () => {
    const from = utc("2025-12-20T05:00:00Z");
    const to = utc("2026-01-20T05:00:00Z");
    for (const bucket of bucketKinds) {
      const buckets = bucketsOf(from, to, bucket, "America/New_York");
      expect(buckets[0]?.start).toBeLessThanOrEqual(from);
      expect(buckets.at(-1)?.end).toBeGreaterThanOrEqual(to);
      for (let i = 1; i < buckets.length; i++) expect(buckets[i]?.start).toBe(buckets[i - 1]?.end);
    }
    const weeks = bucketsOf(from, to, "week", "UTC");
    expect(weeks.map((w) => w.label)).toEqual([
      "2025-W51",
      "2025-W52",
      "2026-W01",
      "2026-W02",
      "2026-W03",
      "2026-W04",
    ]);
    expect(bucketsOf(from, to, "day", "UTC")).toHaveLength(32);
  });

  test("an empty or inverted window has no buckets", () => {
    const t = utc("2026-03-01T00:00:00Z");
    expect(bucketsOf(t, t, "day", "UTC")).toEqual([]);
    expect(bucketsOf(t + 1, t, "day", "UTC")).toEqual([]);
  });
});

describe("isTimeZone", () => {
  test("IANA names and UTC", () => {
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Asia/Kathmandu")).toBe(true);
    expect(isTimeZone("America/Argentina/Buenos_Aires")).toBe(true);
    expect(isTimeZone("Etc/GMT+5")).toBe(true);
  });

  test("not zones: unknown names, offsets, empty", () => {
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
    expect(isTimeZone("+01:00")).toBe(false);
    expect(isTimeZone("Z")).toBe(false);
    expect(isTimeZone("Europe/Berlin ")).toBe(false);
  });

  test("decision: names match case-insensitively (as in Intl); canonicalTimeZone gives the spelling to keep", () => {
    expect(isTimeZone("utc")).toBe(true);
    expect(isTimeZone("europe/berlin")).toBe(true);
    expect(canonicalTimeZone("utc")).toBe("UTC");
    expect(canonicalTimeZone("Etc/UTC")).toBe("UTC");
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("Mars/Olympus")).toBeUndefined();
    expect(bucketStart(utc("2026-03-29T12:00:00Z"), "day", "europe/berlin")).toBe(
      utc("2026-03-28T23:00:00Z"),
    );
  });
});

describe("properties", () => {
  const zones = [
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/St_Johns",
    "America/Santiago",
    "America/Havana",
    "America/Sao_Paulo",
    "Asia/Kathmandu",
    "Asia/Beirut",
    "Asia/Tokyo",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Pacific/Apia",
    "Pacific/Kiritimati",
    "Africa/Casablanca",
  ];
  const instant = fc.integer({ min: utc("1970-01-01T00:00:00Z"), max: utc("2100-01-01T00:00:00Z") });

  test("bucketStart(at) <= at < nextBucketStart(bucketStart(at)), and bucketStart is idempotent", () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), fc.constantFrom(...bucketKinds), (at, tz, bucket) => {
        const start = bucketStart(at, bucket, tz);
        const next = nextBucketStart(start, bucket, tz);
        expect(start).toBeLessThanOrEqual(at);
        expect(next).toBeGreaterThan(at);
        expect(bucketStart(start, bucket, tz)).toBe(start);
        expect(bucketStart(next, bucket, tz)).toBe(next);
        expect(bucketLabel(start, bucket, tz)).toBe(bucketLabel(at, bucket, tz));
        expect(bucketLabel(next, bucket, tz)).not.toBe(bucketLabel(at, bucket, tz));
      }),
      { numRuns: 2000 },
    );
  });

  test("a day bucket is the local day: same local date inside, a different one just before", () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...zones), (at, tz) => {
        const start = bucketStart(at, "day", tz);
        expect(localDay(start, tz)).toBe(localDay(at, tz));
        expect(localDay(start - 1, tz)).not.toBe(localDay(at, tz));
        expect(bucketLabel(at, "day", tz)).toBe(localDay(at, tz));
        // The local date Intl reports for the instant agrees.
        const parts = new Intl.DateTimeFormat("en-CA", {
          timeZone: tz,
          year: "numeric",
          month: "2-digit",
          day: "2-digit",
        }).format(at);
        expect(localDay(at, tz)).toBe(parts);
      }),
      { numRuns: 1000 },
    );
  });
});
