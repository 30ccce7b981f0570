import type { Warning } from "./query.js";
import type { DurationSummary } from "./stats.js";
import type { DeploymentCategory, Tier } from "./tiers.js";

/** What every metric value carries besides its numbers (GUIDE §2, explainability). */
export interface MetricBase {
  /** how many events the value is computed from */
  sampleSize: number;
  /** why there is no value (null when there is one): "no data", never 0 */
  noData: string | null;
  warnings: Warning[];
}

export type Durations = MetricBase & DurationSummary;

export interface DeploymentFrequency extends MetricBase {
  count: number;
  perDay: number;
  perWeek: number;
  deployDaysPerWeek: number;
  category: DeploymentCategory | null;
  tier: Tier | null;
}

export interface LeadTime extends Durations {
  tier: Tier | null;
}

export interface ChangeFailureRate extends MetricBase {
  failed: number;
  total: number;
  rate: number | null;
  /** a deployment can fail for more than one cause; it counts once in `failed` and under each cause */
  byCause: { incident: number; rollback: number; hotfix: number };
  tier: Tier | null;
}

export interface RecoveryTime extends Durations {
  /** failed deployments not yet restored */
  open: number;
  tier: Tier | null;
}

export interface Rate extends MetricBase {
  total: number;
  rate: number | null;
}

export interface ReworkRate extends Rate {
  rework: number;
  byReason: { rollback: number; hotfix: number; fix: number };
}

export interface TimeToRestore extends Durations {
  open: number;
}

export interface BuildSuccessRate extends Rate {
  succeeded: number;
  failed: number;
  cancelled: number;
}

export interface TestFlakinessRate extends Rate {
  flaky: number;
  /** "tests" when runs reported test counts, else "runs" (a commit and pipeline that both failed and passed) */
  basis: "tests" | "runs";
}

export interface AttemptSuccessRate extends Rate {
  succeeded: number;
}

export interface LeadTimeBreakdown extends MetricBase {
  coding: DurationSummary;
  pickup: DurationSummary;
  review: DurationSummary;
  deploy: DurationSummary;
  timeToStaging: DurationSummary;
  stagingToProduction: DurationSummary;
  /** the stage with the longest median */
  slowest: "coding" | "pickup" | "review" | "deploy" | null;
}

export interface Metrics {
  deploymentFrequency: DeploymentFrequency;
  leadTime: LeadTime;
  changeFailureRate: ChangeFailureRate;
  recoveryTime: RecoveryTime;
  reworkRate: ReworkRate;
  timeToRestore: TimeToRestore;
  meanTimeBetweenFailures: Durations;
  buildSuccessRate: BuildSuccessRate;
  testFlakinessRate: TestFlakinessRate;
  timeToDetect: Durations;
  timeToAcknowledge: Durations;
  timeToDeploy: Durations;
  deploymentAttemptSuccessRate: AttemptSuccessRate;
  leadTimeBreakdown: LeadTimeBreakdown;
}

export type MetricName = keyof Metrics;

export const metricNames: readonly MetricName[] = Object.freeze([
  "deploymentFrequency",
  "leadTime",
  "changeFailureRate",
  "recoveryTime",
  "reworkRate",
  "timeToRestore",
  "meanTimeBetweenFailures",
  "buildSuccessRate",
  "testFlakinessRate",
  "timeToDetect",
  "timeToAcknowledge",
  "timeToDeploy",
  "deploymentAttemptSuccessRate",
  "leadTimeBreakdown",
]);

export function isMetricName(value: string): value is MetricName {
  return (metricNames as readonly string[]).includes(value);
}
