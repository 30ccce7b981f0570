import { formatDuration, formatRate } from "../domain/format-values.js";
import type { TrendValue } from "../domain/metrics/trend.js";
import type { MetricsAnswer } from "../metrics/metrics-service.js";

/** `stride metrics` output: a readable table, or CSV rows of (metric, field, value). */

function arrow(t: TrendValue): string {
  if (t.direction === null) return "";
  const sign =
    t.direction === "improving" ? "▲ improving" : t.direction === "worsening" ? "▼ worsening" : "= unchanged";
  return sign;
}

export function metricsTable(doc: MetricsAnswer): string {
  const m = doc.metrics;
  const scope = Object.entries(doc.scope)
    .filter(([k, v]) => k !== "services" && v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
  const rows: [string, string, string, string][] = [
    [
      "deployment frequency",
      m.deploymentFrequency.count === 0
        ? "no data"
        : `${m.deploymentFrequency.perDay.toFixed(2)}/day, ${m.deploymentFrequency.count} (${m.deploymentFrequency.category})`,
      m.deploymentFrequency.tier ?? "",
      arrow(doc.trend.deploymentsPerDay),
    ],
    [
      "change lead time",
      m.leadTime.count === 0
        ? "no data"
        : `median ${formatDuration(m.leadTime.medianSeconds)} (p90 ${formatDuration(m.leadTime.p90Seconds)}, n=${m.leadTime.count})`,
      m.leadTime.tier ?? "",
      arrow(doc.trend.leadTimeMedianSeconds),
    ],
    [
      "change failure rate",
      m.changeFailureRate.rate === null
        ? "no data"
        : `${formatRate(m.changeFailureRate.rate)} (${m.changeFailureRate.failed}/${m.changeFailureRate.total})`,
      m.changeFailureRate.tier ?? "",
      arrow(doc.trend.changeFailureRate),
    ],
    [
      "failed deployment recovery",
      m.recoveryTime.count === 0
        ? "no data"
        : `median ${formatDuration(m.recoveryTime.medianSeconds)} (p90 ${formatDuration(m.recoveryTime.p90Seconds)}, n=${m.recoveryTime.count})`,
      m.recoveryTime.tier ?? "",
      arrow(doc.trend.recoveryTimeMedianSeconds),
    ],
    [
      "deployment rework rate",
      m.reworkRate.rate === null
        ? "no data"
        : `${formatRate(m.reworkRate.rate)} (${m.reworkRate.rework}/${m.reworkRate.total})`,
      "",
      arrow(doc.trend.reworkRate),
    ],
    ["overall", "", doc.tiers.overall ?? "", ""],
    ["", "", "", ""],
    [
      "time to restore (incidents)",
      `median ${formatDuration(m.timeToRestore.medianSeconds)}, ${m.timeToRestore.open} open`,
      "",
      "",
    ],
    ["time to detect", `median ${formatDuration(m.timeToDetect.medianSeconds)}`, "", ""],
    ["time to acknowledge", `median ${formatDuration(m.timeToAcknowledge.medianSeconds)}`, "", ""],
    ["mean time between failures", formatDuration(m.meanTimeBetweenFailures.meanSeconds), "", ""],
    ["build success rate", formatRate(m.buildSuccessRate.rate), "", ""],
    ["test flakiness rate", formatRate(m.testFlakinessRate.rate), "", ""],
    ["time to deploy", `median ${formatDuration(m.timeToDeploy.medianSeconds)}`, "", ""],
    ["deployment attempt success", formatRate(m.deploymentAttemptSuccessRate.rate), "", ""],
    [
      "value stream (medians)",
      `coding ${formatDuration(m.leadTimeBreakdown.coding.medianSeconds)} → pickup ${formatDuration(m.leadTimeBreakdown.pickup.medianSeconds)} → review ${formatDuration(m.leadTimeBreakdown.review.medianSeconds)} → deploy ${formatDuration(m.leadTimeBreakdown.deploy.medianSeconds)}`,
      "",
      "",
    ],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) =>
    r
      .map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell))
      .join("  ")
      .trimEnd();
  const header = `Stride metrics: ${scope || "whole organisation"}, ${doc.window.from.slice(0, 10)} → ${doc.window.to.slice(0, 10)} (${doc.window.days} days, ${doc.window.tz}), DORA ${doc.benchmark.benchmark} benchmark`;
  const warnings = doc.warnings.map((w) => `  ! ${w.message}${w.count === undefined ? "" : ` (${w.count})`}`);
  return [
    header,
    "",
    line(["metric", "value", "tier", "trend vs previous window"]),
    ...rows.map(line),
    ...(warnings.length ? ["", "warnings:", ...warnings] : []),
  ].join("\n");
}

/** One row per number: metric, field, value (durations in seconds, rates as fractions, as in the API). */
export function metricsCsv(doc: MetricsAnswer): string {
  const rows = ["metric,field,value"];
  for (const [metric, value] of Object.entries(doc.metrics)) {
    for (const [field, v] of Object.entries(flatten(value as unknown as Record<string, unknown>))) {
      rows.push(`${metric},${field},${csvCell(v)}`);
    }
  }
  return rows.join("\n");
}

function flatten(value: Record<string, unknown>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === "warnings") continue;
    if (v !== null && typeof v === "object" && !Array.isArray(v))
      Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = v;
  }
  return out;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
