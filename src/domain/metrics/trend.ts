import { toIso } from "../time.js";
import type { Metrics } from "./results.js";
import type { Window } from "./window.js";

export type Direction = "improving" | "worsening" | "unchanged";

export interface TrendValue {
  current: number | null;
  previous: number | null;
  /** current − previous, in the value's unit; null when either side has no data */
  change: number | null;
  direction: Direction | null;
}

export interface Trend {
  previousWindow: { from: string; to: string };
  deploymentsPerDay: TrendValue;
  leadTimeMedianSeconds: TrendValue;
  changeFailureRate: TrendValue;
  recoveryTimeMedianSeconds: TrendValue;
  reworkRate: TrendValue;
}

/** The key metrics against the previous window of equal length; for frequency higher is better, else lower. */
/** The metrics a trend compares: the key ones. */
export type KeyMetrics = Pick<
  Metrics,
  "deploymentFrequency" | "leadTime" | "changeFailureRate" | "recoveryTime" | "reworkRate"
>;

export function trendOf(current: KeyMetrics, previous: KeyMetrics, previousWindow: Window): Trend {
  return {
    previousWindow: { from: toIso(previousWindow.from), to: toIso(previousWindow.to) },
    deploymentsPerDay: value(
      current.deploymentFrequency.count === 0 ? null : current.deploymentFrequency.perDay,
      previous.deploymentFrequency.count === 0 ? null : previous.deploymentFrequency.perDay,
      "higher",
    ),
    leadTimeMedianSeconds: value(current.leadTime.medianSeconds, previous.leadTime.medianSeconds, "lower"),
    changeFailureRate: value(current.changeFailureRate.rate, previous.changeFailureRate.rate, "lower"),
    recoveryTimeMedianSeconds: value(
      current.recoveryTime.medianSeconds,
      previous.recoveryTime.medianSeconds,
      "lower",
    ),
    reworkRate: value(current.reworkRate.rate, previous.reworkRate.rate, "lower"),
  };
}

function value(current: number | null, previous: number | null, better: "higher" | "lower"): TrendValue {
  if (current === null || previous === null) return { current, previous, change: null, direction: null };
  const change = current - previous;
  const direction: Direction =
    change === 0 ? "unchanged" : change > 0 === (better === "higher") ? "improving" : "worsening";
  return { current, previous, change, direction };
}
