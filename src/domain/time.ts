/** Instants: stored as UTC epoch milliseconds; accepted as ISO 8601 with a zone, or as an epoch number. */

export type InstantProblem = {
  code: "timestamp_without_zone" | "invalid_timestamp";
  message: string;
  hint: string;
};

const ISO_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})$/;
const ISO_LOCAL = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?$/;

const HINT = 'send ISO 8601 with a zone ("2026-03-01T12:00:00Z" or "…+01:00") or epoch seconds/milliseconds';

/**
 * Epoch numbers are read by magnitude: below 1e11 seconds (until year 5138), below 1e14 milliseconds,
 * below 1e17 microseconds, else nanoseconds. Fractions below a millisecond are truncated.
 */
export function epochToMs(value: number): number {
  const abs = Math.abs(value);
  if (abs < 1e11) return Math.trunc(value * 1000);
  if (abs < 1e14) return Math.trunc(value);
  if (abs < 1e17) return Math.trunc(value / 1e3);
  return Math.trunc(value / 1e6);
}

export function parseInstant(value: string | number): number | InstantProblem {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value < 0) {
      return { code: "invalid_timestamp", message: `${value} is not a valid epoch time`, hint: HINT };
    }
    return epochToMs(value);
  }
  const text = value.trim();
  const m = ISO_WITH_ZONE.exec(text);
  if (!m) {
    if (ISO_LOCAL.test(text)) {
      return {
        code: "timestamp_without_zone",
        message: `"${value}" has no time zone, so the instant it names is unknown`,
        hint: 'add "Z" for UTC or the offset, e.g. "2026-03-01T12:00:00Z" or "2026-03-01T13:00:00+01:00"',
      };
    }
    return { code: "invalid_timestamp", message: `"${value}" is not an ISO 8601 timestamp`, hint: HINT };
  }
  const [, y, mo, d, h, mi, s, frac, zone = "Z"] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return { code: "invalid_timestamp", message: `"${value}" is not a calendar date and time`, hint: HINT };
  }
  const ms = frac === undefined ? 0 : Number(frac.length >= 3 ? frac.slice(0, 3) : frac.padEnd(3, "0"));
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - zoneOffsetMs(zone);
}

/** Days in a month. Date.UTC reads years 0–99 as 1900–1999, so those are judged as the year it reads. */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  const y = year < 100 ? 1900 + year : year;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/** "Z", "±hh:mm" or "±hhmm" (the pattern above admits nothing else). */
function zoneOffsetMs(zone: string): number {
  if (zone === "Z" || zone === "z") return 0;
  const sign = zone.charCodeAt(0) === 45 ? -1 : 1; // "-"
  const hours = Number(zone.slice(1, 3));
  const minutes = Number(zone.slice(-2));
  return sign * (hours * 60 + minutes) * 60_000;
}

export function isInstantProblem(value: number | InstantProblem): value is InstantProblem {
  return typeof value !== "number";
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The injected clock: the domain never reads the system time itself. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = Object.freeze({ now: () => Date.now() });
