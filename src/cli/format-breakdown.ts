import { formatDuration, formatRate } from "../domain/format-values.js";
import type { Breakdown, BreakdownRow } from "../domain/metrics/compute-breakdown.js";

const columns: [string, (r: BreakdownRow) => string][] = [
  [
    "deploys/day",
    (r) => (r.deploymentFrequency.count === 0 ? "no data" : r.deploymentFrequency.perDay.toFixed(2)),
  ],
  ["lead time", (r) => formatDuration(r.leadTime.medianSeconds)],
  ["failure rate", (r) => formatRate(r.changeFailureRate.rate)],
  ["recovery", (r) => formatDuration(r.recoveryTime.medianSeconds)],
  ["rework", (r) => formatRate(r.reworkRate.rate)],
  ["overall", (r) => r.overall ?? ""],
];

/** `stride metrics --by service|team`: one line per group. */
export function breakdownTable(b: Breakdown): string {
  const rows = [
    [b.by, ...columns.map(([name]) => name)],
    ...b.rows.map((r) => [r.group, ...columns.map(([, f]) => f(r))]),
  ];
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  const head = `Key metrics by ${b.by}, ${b.window.from.slice(0, 10)} → ${b.window.to.slice(0, 10)}`;
  return [
    head,
    "",
    ...rows.map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    ),
  ].join("\n");
}

/** Numbers as in the API: durations in seconds, rates as fractions. */
export function breakdownCsv(b: Breakdown): string {
  const lines = [
    `${b.by},deployments,deploys_per_day,lead_time_median_seconds,change_failure_rate,recovery_median_seconds,rework_rate,overall`,
  ];
  for (const r of b.rows) {
    const cells = [
      r.group,
      r.deploymentFrequency.count,
      r.deploymentFrequency.perDay,
      r.leadTime.medianSeconds,
      r.changeFailureRate.rate,
      r.recoveryTime.medianSeconds,
      r.reworkRate.rate,
      r.overall,
    ];
    lines.push(
      cells
        .map((c) =>
          c === null ? "" : /[",\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : String(c),
        )
        .join(","),
    );
  }
  return lines.join("\n");
}
