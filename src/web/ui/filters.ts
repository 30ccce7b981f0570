import type { Params } from "./api";

/**
 * The filters every view shares, kept in the URL so a view can be shared: team, service, env, window (a preset
 * such as 30d, or from/to dates), bucket, tz, benchmark. Parsing never throws: problems are listed for the page
 * to show, with a link that drops the bad parameter.
 */
export interface Filters {
  team?: string;
  service?: string;
  env?: string;
  window?: string;
  from?: string;
  to?: string;
  bucket?: string;
  tz?: string;
  benchmark?: string;
}

export type FilterKey = keyof Filters;
export const filterKeys: readonly FilterKey[] = [
  "team",
  "service",
  "env",
  "window",
  "from",
  "to",
  "bucket",
  "tz",
  "benchmark",
];

export const windowPresets = ["7d", "30d", "90d", "180d", "365d"] as const;
export const buckets = ["day", "week", "month"] as const;
export const benchmarks = ["2021", "2023", "2024"] as const;
export const DEFAULT_WINDOW = "30d";
const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export interface FilterProblem {
  param: string;
  message: string;
}

/** Parameters that views add of their own (not filters): kept in the URL, not reported as unknown. */
const viewParams = new Set(["by", "cursor"]);

export function parseFilters(search: string): { filters: Filters; problems: FilterProblem[] } {
  const q = new URLSearchParams(search);
  const filters: Filters = {};
  const problems: FilterProblem[] = [];
  for (const [key, value] of q) {
    if (!(filterKeys as readonly string[]).includes(key)) {
      if (!viewParams.has(key))
        problems.push({ param: key, message: `"${key}" is not a filter Stride knows` });
      continue;
    }
    if (value.trim() === "") continue;
    filters[key as FilterKey] = value;
  }
  const check = (ok: boolean, param: FilterKey, message: string) => {
    if (!ok) problems.push({ param, message });
  };
  if (filters.window !== undefined)
    check(
      (windowPresets as readonly string[]).includes(filters.window),
      "window",
      `window "${filters.window}" is not one of ${windowPresets.join(", ")}`,
    );
  for (const key of ["from", "to"] as const) {
    const v = filters[key];
    if (v !== undefined)
      check(
        (DATE.test(v) || DATE_TIME.test(v)) && !Number.isNaN(Date.parse(v)) && validDate(v),
        key,
        `${key} "${v}" is not a date (use YYYY-MM-DD, or a date-time with Z or an offset)`,
      );
  }
  if (filters.bucket !== undefined)
    check(
      (buckets as readonly string[]).includes(filters.bucket),
      "bucket",
      `bucket "${filters.bucket}" is not one of ${buckets.join(", ")}`,
    );
  if (filters.benchmark !== undefined)
    check(
      (benchmarks as readonly string[]).includes(filters.benchmark),
      "benchmark",
      `benchmark "${filters.benchmark}" is not one of ${benchmarks.join(", ")}`,
    );
  if (filters.tz !== undefined)
    check(isTimeZone(filters.tz), "tz", `"${filters.tz}" is not an IANA time zone`);
  if (
    filters.from !== undefined &&
    filters.to !== undefined &&
    !problems.some((p) => p.param === "from" || p.param === "to")
  ) {
    check(
      Date.parse(filters.from) < Date.parse(filters.to),
      "from",
      `from ${filters.from} is not before to ${filters.to}`,
    );
  }
  return { filters, problems };
}

function validDate(v: string): boolean {
  const [y, m, d] = v.slice(0, 10).split("-").map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The URL query of the filters (only those set), for links between views. */
export function filterQuery(filters: Filters, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const key of filterKeys) {
    const v = filters[key];
    if (v !== undefined && v !== "") q.set(key, v);
  }
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== "") q.set(k, v);
  const s = q.toString();
  return s === "" ? "" : `?${s}`;
}

/** Removes one parameter from a query string (the "way back" from a bad URL). */
export function withoutParam(search: string, param: string): string {
  const q = new URLSearchParams(search);
  q.delete(param);
  const s = q.toString();
  return s === "" ? "" : `?${s}`;
}

/**
 * The API parameters of the filters. A preset window ends at `now` (fixed when the page's filters were read, to
 * the minute, so every request of a view asks about the same window).
 */
export function apiParams(filters: Filters, now: number): Params {
  const params: Params = {
    team: filters.team,
    service: filters.service,
    env: filters.env,
    bucket: filters.bucket,
    tz: filters.tz,
    benchmark: filters.benchmark,
  };
  if (filters.from !== undefined || filters.to !== undefined) {
    params.from = filters.from;
    params.to = filters.to;
  } else {
    const days = windowDays(filters.window);
    params.from = new Date(now - days * DAY_MS).toISOString();
    params.to = new Date(now).toISOString();
  }
  return params;
}

export function windowDays(window: string | undefined): number {
  const n = Number.parseInt(window ?? DEFAULT_WINDOW, 10);
  return Number.isFinite(n) && n > 0 ? n : 30;
}

/** The same scope over the `days` before the window's end (the executive's 90-day trend charts). */
export function trailingParams(params: Params, days: number, now: number): Params {
  const to = typeof params.to === "string" ? params.to : new Date(now).toISOString();
  // A date stays a date (midnight in the query's time zone), so both ends are read the same way.
  const from = DATE.test(to)
    ? new Date(Date.parse(`${to}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10)
    : new Date(Date.parse(to) - days * DAY_MS).toISOString();
  return { ...params, from, to };
}

export function describeWindow(filters: Filters): string {
  if (filters.from !== undefined || filters.to !== undefined)
    return `${filters.from ?? "30 days before"} → ${filters.to ?? "now"}`;
  return `last ${windowDays(filters.window)} days`;
}
