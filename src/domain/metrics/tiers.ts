/**
 * DORA performance tiers: classify the four key metrics against a benchmark table, and combine them into
 * an overall tier. Pure functions; the rules and the reasons for each boundary are in docs/tiers.md.
 */
import { type BenchmarkTable, benchmarkTables, type ThresholdBands } from "./benchmark-tables.js";

export const benchmarks = ["2021", "2023", "2024"] as const;
export type Benchmark = (typeof benchmarks)[number];
export const defaultBenchmark: Benchmark = "2023";

/** Best first. */
export const tiers = ["elite", "high", "medium", "low"] as const;
export type Tier = (typeof tiers)[number];

/** Most frequent first. */
export const deploymentCategories = ["on-demand", "daily", "weekly", "monthly", "fewer"] as const;
export type DeploymentCategory = (typeof deploymentCategories)[number];

export function isBenchmark(value: string): value is Benchmark {
  return (benchmarks as readonly string[]).includes(value);
}

/** The thresholds of a benchmark, JSON-serializable (frozen: copy it before changing anything). */
export function benchmarkTable(benchmark: Benchmark): BenchmarkTable {
  return benchmarkTables[benchmark];
}

/**
 * DORA deployment category of a window.
 * @param deploysPerDay production deployments on each calendar day that had at least one (the caller buckets
 *   them, in UTC or a time zone); entries below 1 are ignored, so zero days may be passed too.
 * @param windowDays length of the window in days (> 0; fractional allowed). Rates scale with it, so windows
 *   shorter than a week are judged on the same per-day rates (a 1-day window with one deploy is "daily").
 *
 * With d = deploy days and W = windowDays, first match wins:
 * - daily cadence when d / (W / 7) >= 3 (deploy days per week); it is "on-demand" when, in addition, more
 *   than half of the deploy days had more than one deployment, else "daily";
 * - "weekly" when d / (W / 7) >= 1; "monthly" when d / (W / 30) >= 1; otherwise (and when empty) "fewer".
 * Comparisons are cross-multiplied (7·d >= 3·W) so integer inputs meet a boundary exactly.
 */
export function deploymentCategory(deploysPerDay: readonly number[], windowDays: number): DeploymentCategory {
  if (!Number.isFinite(windowDays) || windowDays <= 0) {
    throw new RangeError(`windowDays must be a positive number of days, got ${windowDays}`);
  }
  let deployDays = 0;
  let multiDeployDays = 0;
  for (const count of deploysPerDay) {
    if (!(count >= 1)) continue;
    deployDays += 1;
    if (count > 1) multiDeployDays += 1;
  }
  if (7 * deployDays >= 3 * windowDays) return 2 * multiDeployDays > deployDays ? "on-demand" : "daily";
  if (7 * deployDays >= windowDays) return "weekly";
  if (30 * deployDays >= windowDays) return "monthly";
  return "fewer";
}

export function deploymentFrequencyTier(category: DeploymentCategory, benchmark: Benchmark): Tier {
  const { categories } = benchmarkTables[benchmark].deploymentFrequency;
  return tiers.find((tier) => categories[tier].includes(category)) ?? "low";
}

function bandTier(value: number, bands: ThresholdBands): Tier {
  const within = (bound: number): boolean => (bands.comparison === "<" ? value < bound : value <= bound);
  if (within(bands.elite)) return "elite";
  if (within(bands.high)) return "high";
  if (within(bands.medium)) return "medium";
  return "low";
}

function checkDuration(name: string, seconds: number): void {
  if (Number.isNaN(seconds) || seconds < 0) {
    throw new RangeError(`${name} must be a non-negative number of seconds, got ${seconds}`);
  }
}

/** Median change lead time, in seconds. */
export function leadTimeTier(medianSeconds: number, benchmark: Benchmark): Tier {
  checkDuration("medianSeconds", medianSeconds);
  return bandTier(medianSeconds, benchmarkTables[benchmark].leadTime);
}

/** Change failure rate as a fraction in [0, 1] (0.05 = 5 %). */
export function changeFailureRateTier(rate: number, benchmark: Benchmark): Tier {
  if (Number.isNaN(rate) || rate < 0 || rate > 1) {
    throw new RangeError(`rate must be a fraction between 0 and 1, got ${rate}`);
  }
  return bandTier(rate, benchmarkTables[benchmark].changeFailureRate);
}

/** Median failed deployment recovery time (time to restore for 2021), in seconds. */
export function recoveryTimeTier(medianSeconds: number, benchmark: Benchmark): Tier {
  checkDuration("medianSeconds", medianSeconds);
  return bandTier(medianSeconds, benchmarkTables[benchmark].recoveryTime);
}

const score: Readonly<Record<Tier, number>> = { elite: 4, high: 3, medium: 2, low: 1 };

/**
 * Overall tier of the key metrics that have data: scores elite 4, high 3, medium 2, low 1; their mean,
 * rounded half down (a tie goes to the lower tier). Null when no metric has a tier.
 */
export function overallTier(metricTiers: readonly Tier[]): Tier | null {
  if (metricTiers.length === 0) return null;
  const n = metricTiers.length;
  const sum = metricTiers.reduce((total, tier) => total + score[tier], 0);
  // round half down of sum / n, in integers: ceil((2·sum − n) / 2n)
  const rounded = Math.ceil((2 * sum - n) / (2 * n));
  return tiers[score.elite - rounded] ?? "low";
}
