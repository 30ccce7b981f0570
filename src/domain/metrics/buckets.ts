/**
 * Calendar buckets (day, ISO week starting Monday, month) in UTC or an IANA time zone (pure, no I/O).
 *
 * A bucket is the half-open interval [start, next start) of epoch milliseconds. A bucket starts at the
 * first instant of its first local day: local midnight, or — where midnight does not exist because the
 * clock jumps over it (DST starting at 00:00, as in America/Santiago) — the instant of the jump. Days are
 * therefore 23, 24 or 25 h long around DST changes, and a day skipped entirely (Pacific/Apia, 2011-12-30)
 * is empty.
 *
 * Local calendar fields come from Intl.DateTimeFormat (full ICU ships with Node 20). formatToParts costs
 * microseconds, so each zone keeps a cache of computed day starts: bucketing an instant is then a couple
 * of Map look-ups and integer arithmetic.
 */

export type Bucket = "day" | "week" | "month";

export const bucketKinds: readonly Bucket[] = Object.freeze(["day", "week", "month"] as const);

const SECOND = 1000;
const DAY = 86_400_000;
/** Instants from 0001-01-08 to 9999-12-24 UTC: every date Intl is asked about stays within years 1..9999. */
const MIN_INSTANT = -62_135_596_800_000 + 7 * DAY;
const MAX_INSTANT = 253_402_300_800_000 - 8 * DAY;
/** No zone's offset (including historical local mean time) reaches this far from UTC. */
const MAX_OFFSET = 26 * 3_600_000;

/**
 * Whether tz names a time zone: an IANA name such as "Europe/Berlin", a backward-compatible alias
 * ("US/Pacific", "GMT", "EST5EDT"), or "UTC".
 *
 * Decision: names are matched ASCII-case-insensitively, as ECMA-402 (Intl) does, so "utc" and
 * "europe/berlin" are valid; canonicalTimeZone gives the spelling to store and display. Offset strings
 * ("+01:00", "Z") are not time zone names and are rejected (newer Intl versions would accept offsets).
 */
export function isTimeZone(tz: string): boolean {
  return canonicalTimeZone(tz) !== undefined;
}

/**
 * The canonical spelling of a time zone name ("utc" → "UTC", "europe/berlin" → "Europe/Berlin"), else
 * undefined. Canonical is ICU's notion: Node 20 answers "Asia/Calcutta" for "Asia/Kolkata" and "UTC" for
 * "Etc/UTC" and "GMT".
 */
export function canonicalTimeZone(tz: string): string | undefined {
  if (!/^[A-Za-z]/.test(tz)) return undefined;
  const cached = zones.get(tz);
  if (cached) return cached.name;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** start (epoch ms) of the bucket containing `at`, in time zone tz */
export function bucketStart(at: number, bucket: Bucket, tz: string): number {
  const zone = zoneOf(tz);
  // Callers usually bucket instants in time order: remember the last bucket of each kind.
  const last = zone.last[bucket];
  if (at >= last.start && at < last.end) return last.start;
  const first = bucketFirstDay(zone.dayOf(checkInstant(at)), bucket);
  last.start = zone.dayStart(first);
  last.end = zone.dayStart(nextBucketFirstDay(first, bucket));
  return last.start;
}

/** the start of the next bucket after the one containing `start` (normally the start of a bucket) */
export function nextBucketStart(start: number, bucket: Bucket, tz: string): number {
  const zone = zoneOf(tz);
  return zone.dayStart(nextBucketFirstDay(bucketFirstDay(zone.dayOf(checkInstant(start)), bucket), bucket));
}

/** every bucket [start, end) overlapping the window [from, to), in order; the first may start before `from`, the last may end after `to` */
export function bucketsOf(
  from: number,
  to: number,
  bucket: Bucket,
  tz: string,
): { start: number; end: number; label: string }[] {
  checkInstant(from);
  checkInstant(to);
  const zone = zoneOf(tz);
  const out: { start: number; end: number; label: string }[] = [];
  if (!(from < to)) return out;
  let day = bucketFirstDay(zone.dayOf(from), bucket);
  let start = zone.dayStart(day);
  while (start < to) {
    const nextDay = nextBucketFirstDay(day, bucket);
    const end = zone.dayStart(nextDay);
    // A day the zone skipped (Pacific/Apia, 2011-12-30) is an empty bucket: it overlaps nothing.
    if (end > start) out.push({ start, end, label: labelOfDay(day, bucket) });
    day = nextDay;
    start = end;
  }
  return out;
}

/** "2026-03-01" for a day, "2026-W09" for an ISO week, "2026-03" for a month, for the bucket containing `at` */
export function bucketLabel(at: number, bucket: Bucket, tz: string): string {
  return labelOfDay(bucketFirstDay(zoneOf(tz).dayOf(checkInstant(at)), bucket), bucket);
}

/** the calendar day key (local date "YYYY-MM-DD") of an instant in tz */
export function localDay(at: number, tz: string): string {
  return formatDate(localDayNumber(at, tz));
}

/** The local calendar date of an instant in tz, as days since 1970-01-01: cheap to compare and count. */
export function localDayNumber(at: number, tz: string): number {
  return zoneOf(tz).dayOf(checkInstant(at));
}

// ---------------------------------------------------------------------------------------------------------
// Day numbers: a local calendar date as days since 1970-01-01 (proleptic Gregorian), independent of zone.

function bucketFirstDay(day: number, bucket: Bucket): number {
  switch (bucket) {
    case "day":
      return day;
    case "week":
      return day - isoWeekday(day) + 1;
    case "month":
      return day - dayOfMonthOf(day) + 1;
  }
}

function nextBucketFirstDay(firstDay: number, bucket: Bucket): number {
  switch (bucket) {
    case "day":
      return firstDay + 1;
    case "week":
      return firstDay + 7;
    case "month": {
      // No month is longer than 31 days: 31 days after the 1st is in the next month.
      const later = firstDay + 31;
      return later - dayOfMonthOf(later) + 1;
    }
  }
}

function labelOfDay(firstDay: number, bucket: Bucket): string {
  switch (bucket) {
    case "day":
      return formatDate(firstDay);
    case "week": {
      // The ISO week-numbering year is the year of the week's Thursday; week 1 holds the year's first Thursday.
      const thursday = firstDay - isoWeekday(firstDay) + 4;
      const { year } = civilFromDays(thursday);
      const week = Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
      return `${pad(year, 4)}-W${pad(week, 2)}`;
    }
    case "month": {
      const { year, month } = civilFromDays(firstDay);
      return `${pad(year, 4)}-${pad(month, 2)}`;
    }
  }
}

/** 1 = Monday … 7 = Sunday (1970-01-01, day 0, was a Thursday). */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

function formatDate(day: number): string {
  const { year, month, dayOfMonth } = civilFromDays(day);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(dayOfMonth, 2)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/*
 * Howard Hinnant's civil-from-days algorithms. Day numbers stay within years 1..9999 (checkInstant), so every
 * intermediate value is a non-negative int32 and `(a / b) | 0` is an exact, fast floor division.
 */

/** Days since 1970-01-01 of a proleptic Gregorian date. */
function daysFromCivil(year: number, month: number, dayOfMonth: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = (y / 400) | 0;
  const yoe = y - era * 400;
  const doy = (((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) | 0) + dayOfMonth - 1;
  const doe = yoe * 365 + ((yoe / 4) | 0) - ((yoe / 100) | 0) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The day of the month (1..31) of a day number: civilFromDays without building an object (hot path). */
function dayOfMonthOf(days: number): number {
  const z = days + 719_468;
  const doe = z - ((z / 146_097) | 0) * 146_097;
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36_524) | 0) - ((doe / 146_096) | 0)) / 365) | 0;
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
  return doy - (((153 * (((5 * doy + 2) / 153) | 0) + 2) / 5) | 0) + 1;
}

/** The proleptic Gregorian date of a day number (the inverse of daysFromCivil). */
function civilFromDays(days: number): { year: number; month: number; dayOfMonth: number } {
  const z = days + 719_468;
  const era = (z / 146_097) | 0;
  const doe = z - era * 146_097;
  const yoe = ((doe - ((doe / 1460) | 0) + ((doe / 36_524) | 0) - ((doe / 146_096) | 0)) / 365) | 0;
  const doy = doe - (365 * yoe + ((yoe / 4) | 0) - ((yoe / 100) | 0));
  const mp = ((5 * doy + 2) / 153) | 0;
  const dayOfMonth = doy - (((153 * mp + 2) / 5) | 0) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, dayOfMonth };
}

// ---------------------------------------------------------------------------------------------------------
// Zones.

interface Zone {
  /** canonical name */
  readonly name: string;
  /** the bucket of each kind that bucketStart answered last (empty at first) */
  readonly last: Record<Bucket, { start: number; end: number }>;
  /** the first instant of local day `day` (for a skipped day: the first instant of the next one) */
  dayStart(day: number): number;
  /** the local day containing `at` */
  dayOf(at: number): number;
}

const zones = new Map<string, Zone>();
const MAX_CACHED_ZONE_NAMES = 2000;

function zoneOf(tz: string): Zone {
  let zone = zones.get(tz);
  if (!zone) {
    const name = canonicalTimeZone(tz);
    if (name === undefined) throw new RangeError(`"${tz}" is not an IANA time zone name`);
    zone = zones.get(name) ?? (name === "UTC" ? utcZone : new IntlZone(name));
    zones.set(name, zone);
    // Other spellings ("utc", "europe/berlin") are remembered too, up to a bound (callers pass user input).
    if (zones.size < MAX_CACHED_ZONE_NAMES) zones.set(tz, zone);
  }
  return zone;
}

function emptyLast(): Record<Bucket, { start: number; end: number }> {
  return { day: { start: 0, end: 0 }, week: { start: 0, end: 0 }, month: { start: 0, end: 0 } };
}

const utcZone: Zone = {
  name: "UTC",
  last: emptyLast(),
  dayStart: (day) => day * DAY,
  dayOf: (at) => Math.floor(at / DAY),
};

/** Above this many cached days a zone's cache starts over (about 270 years of days; bounded memory). */
const MAX_CACHED_DAYS = 100_000;

class IntlZone implements Zone {
  readonly name: string;
  readonly last = emptyLast();
  readonly #format: Intl.DateTimeFormat;
  readonly #starts = new Map<number, number>();

  constructor(name: string) {
    this.name = name;
    this.#format = new Intl.DateTimeFormat("en-US", {
      timeZone: name,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
  }

  dayStart(day: number): number {
    let start = this.#starts.get(day);
    if (start === undefined) {
      start = this.#computeDayStart(day);
      if (this.#starts.size >= MAX_CACHED_DAYS) this.#starts.clear();
      this.#starts.set(day, start);
    }
    return start;
  }

  dayOf(at: number): number {
    // The local date is within a day of the UTC date; step until dayStart(day) <= at < dayStart(day + 1).
    let day = Math.floor(at / DAY);
    while (at < this.dayStart(day)) day--;
    while (at >= this.dayStart(day + 1)) day++;
    return day;
  }

  /** Local wall-clock time at `at`, as epoch-like milliseconds of that local date and time, to the second. */
  #wallSeconds(at: number): number {
    let year = 0;
    let month = 0;
    let dayOfMonth = 0;
    let hour = 0;
    let minute = 0;
    let second = 0;
    for (const part of this.#format.formatToParts(at)) {
      switch (part.type) {
        case "year":
          year = Number(part.value);
          break;
        case "month":
          month = Number(part.value);
          break;
        case "day":
          dayOfMonth = Number(part.value);
          break;
        case "hour":
          hour = Number(part.value);
          break;
        case "minute":
          minute = Number(part.value);
          break;
        case "second":
          second = Number(part.value);
          break;
      }
    }
    return daysFromCivil(year, month, dayOfMonth) * DAY + ((hour * 60 + minute) * 60 + second) * SECOND;
  }

  /** UTC offset in effect at `at` (whole seconds, as all tz offsets and transitions are). */
  #offset(at: number): number {
    const whole = Math.floor(at / SECOND) * SECOND;
    return this.#wallSeconds(whole) - whole;
  }

  #computeDayStart(day: number): number {
    const midnight = day * DAY;
    // Local midnight under the offset in force a day earlier. Where midnight occurs twice (the clock falls
    // back over it, as in America/Havana), that earlier offset gives its first occurrence.
    const early = midnight - this.#offset(midnight - DAY);
    const wall = this.#wallSeconds(early);
    if (wall === midnight) return early;
    // The offset changed in between: try the offset in force at that guess.
    const retry = midnight - (wall - early);
    if (this.#wallSeconds(retry) === midnight) return retry;
    // Midnight does not exist (the clock jumps over it): find the first instant whose local date is on or
    // after `day` by bisection over whole seconds. The local date only moves forward in time.
    let lo = midnight - MAX_OFFSET; // local date before `day`
    let hi = midnight + MAX_OFFSET; // local date on or after `day`
    while (hi - lo > SECOND) {
      const mid = lo + Math.floor((hi - lo) / 2 / SECOND) * SECOND;
      if (this.#wallSeconds(mid) >= midnight) hi = mid;
      else lo = mid;
    }
    return hi;
  }
}

function checkInstant(at: number): number {
  if (!(at >= MIN_INSTANT && at <= MAX_INSTANT)) {
    throw new RangeError(`${at} is not an instant between the years 1 and 9999`);
  }
  return at;
}
