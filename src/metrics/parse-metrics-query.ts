import { z } from "zod";
import {
  type Bucket,
  bucketKinds,
  bucketStart,
  canonicalTimeZone,
  localDay,
  nextBucketStart,
} from "../domain/metrics/buckets.js";
import type { MetricsQuery } from "../domain/metrics/query.js";
import { benchmarks, defaultBenchmark, isBenchmark } from "../domain/metrics/tiers.js";
import { DAY_MS } from "../domain/metrics/window.js";
import { isInstantProblem, parseInstant } from "../domain/time.js";
import { StrideError } from "../errors.js";

/** The metrics query as it arrives (query string or CLI flags): strings, all optional. */
export const metricsQueryInput = z.strictObject({
  team: z.string().min(1).max(256).optional(),
  service: z.string().min(1).max(256).optional(),
  repo: z.string().min(1).max(512).optional(),
  env: z.string().min(1).max(256).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  bucket: z.string().optional(),
  tz: z.string().optional(),
  benchmark: z.string().optional(),
});

export type MetricsQueryInput = z.infer<typeof metricsQueryInput>;
export const metricsQueryKeys = Object.keys(metricsQueryInput.shape);

const DEFAULT_DAYS = 30;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export interface QueryLimits {
  maxWindowDays: number;
  now: number;
}

/**
 * Validates and completes a metrics query. Defaults: the 30 days before now, UTC, the 2023 benchmark, and day
 * buckets up to 92 days, weeks up to 366, months beyond. A date without a time (`2026-03-01`) means that day's
 * midnight in the query's time zone; a date-time must carry its zone.
 */
export function parseMetricsQuery(raw: Record<string, unknown>, limits: QueryLimits): MetricsQuery {
  const parsed = metricsQueryInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.code === "unrecognized_keys") {
      throw new StrideError(
        "unknown_filter",
        `unknown parameter ${issue.keys.map((k) => `"${k}"`).join(", ")}`,
        `use ${metricsQueryKeys.join(", ")}`,
        issue.keys[0],
      );
    }
    const field = issue?.path.join(".") ?? "";
    throw new StrideError(
      "invalid_request",
      `${field}: ${issue?.message ?? "invalid"}`,
      "send each parameter once, as text",
      field,
    );
  }
  const input = parsed.data;
  const tz = canonicalTimeZone(input.tz ?? "UTC");
  if (tz === undefined) {
    throw new StrideError(
      "unknown_time_zone",
      `"${input.tz}" is not an IANA time zone`,
      'use a name such as "UTC", "Europe/Berlin" or "America/New_York"',
      "tz",
    );
  }
  const benchmark = input.benchmark ?? defaultBenchmark;
  if (!isBenchmark(benchmark)) {
    throw new StrideError(
      "unknown_benchmark",
      `"${benchmark}" is not a DORA benchmark Stride knows`,
      `use one of ${benchmarks.join(", ")}`,
      "benchmark",
    );
  }
  const to = input.to === undefined ? limits.now : parseQueryInstant(input.to, "to", tz);
  const from =
    input.from === undefined ? to - DEFAULT_DAYS * DAY_MS : parseQueryInstant(input.from, "from", tz);
  if (from >= to) {
    throw new StrideError(
      "invalid_window",
      `from (${input.from ?? "default"}) is not before to (${input.to ?? "now"})`,
      "send from earlier than to; the window is [from, to)",
      "from",
    );
  }
  if (to - from > limits.maxWindowDays * DAY_MS) {
    throw new StrideError(
      "window_too_large",
      `the window is ${Math.ceil((to - from) / DAY_MS)} days; the limit is ${limits.maxWindowDays}`,
      "ask for a shorter window, or raise STRIDE_MAX_WINDOW_DAYS",
      "from",
    );
  }
  const days = (to - from) / DAY_MS;
  const bucket = input.bucket ?? (days <= 92 ? "day" : days <= 366 ? "week" : "month");
  if (!(bucketKinds as readonly string[]).includes(bucket)) {
    throw new StrideError(
      "invalid_request",
      `bucket "${bucket}" is not one of ${bucketKinds.join(", ")}`,
      "use bucket=day, week or month",
      "bucket",
    );
  }
  const scope = Object.fromEntries(
    (["team", "service", "repo", "env"] as const)
      .filter((k) => input[k] !== undefined)
      .map((k) => [k, input[k]]),
  );
  return { scope, from, to, bucket: bucket as Bucket, tz, benchmark };
}

/** A query-string instant: ISO 8601 with a zone, or a date meaning its midnight in `tz`. */
export function parseQueryInstant(value: string, field: string, tz: string): number {
  if (DATE_ONLY.test(value)) {
    const utcNoon = parseInstant(`${value}T12:00:00Z`);
    if (!isInstantProblem(utcNoon)) {
      // Noon UTC is that date in every zone within ±12 h; step a day for the few beyond.
      const start = bucketStart(utcNoon, "day", tz);
      const day = localDay(start, tz);
      if (day === value) return start;
      return day > value ? bucketStart(start - 1, "day", tz) : nextBucketStart(start, "day", tz);
    }
  }
  const parsed = parseInstant(value);
  if (isInstantProblem(parsed)) {
    throw new StrideError(
      parsed.code,
      `${field}: ${parsed.message}`,
      `${parsed.hint}, or a date such as 2026-03-01`,
      field,
    );
  }
  return parsed;
}
