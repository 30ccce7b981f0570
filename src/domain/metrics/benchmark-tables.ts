/**
 * DORA benchmark tables (2021, 2023, 2024) as data. The rule for every boundary, and why, is in docs/tiers.md.
 * Every table is JSON-serializable so the API can show which thresholds a tier was computed against.
 */
import type { Benchmark, DeploymentCategory, Tier } from "./tiers.js";

export const SECONDS = {
  hour: 3_600,
  day: 86_400,
  week: 604_800,
  month: 2_592_000,
  sixMonths: 15_552_000,
} as const;

/**
 * A measured value is in the first tier, from elite down, whose bound it satisfies with `comparison`
 * (`value < bound` or `value <= bound`); a value that satisfies none is low.
 */
export type ThresholdBands = {
  readonly unit: "seconds" | "fraction";
  readonly comparison: "<" | "<=";
  readonly elite: number;
  readonly high: number;
  readonly medium: number;
  readonly labels: Readonly<Record<Tier, string>>;
};

export type CategoryBands = {
  /** every category appears in exactly one tier; a tier may have none */
  readonly categories: Readonly<Record<Tier, readonly DeploymentCategory[]>>;
  readonly labels: Readonly<Record<Tier, string>>;
};

export type BenchmarkTable = {
  readonly benchmark: Benchmark;
  readonly source: string;
  readonly deploymentFrequency: CategoryBands;
  readonly leadTime: ThresholdBands;
  readonly changeFailureRate: ThresholdBands;
  readonly recoveryTime: ThresholdBands;
  readonly notes: readonly string[];
};

const { hour, day, week, month, sixMonths } = SECONDS;

const dfModern: CategoryBands = {
  categories: { elite: ["on-demand"], high: ["daily", "weekly"], medium: ["monthly"], low: ["fewer"] },
  labels: {
    elite: "on demand (multiple deploys per day)",
    high: "daily to weekly",
    medium: "weekly to monthly",
    low: "less than monthly",
  },
};

const leadTimeModern: ThresholdBands = {
  unit: "seconds",
  comparison: "<",
  elite: day,
  high: week,
  medium: month,
  labels: {
    elite: "< 1 day",
    high: "1 day – 1 week",
    medium: "1 week – 1 month",
    low: "≥ 1 month (30 days)",
  },
};

const recoveryModern: ThresholdBands = {
  unit: "seconds",
  comparison: "<",
  elite: hour,
  high: day,
  medium: week,
  labels: { elite: "< 1 hour", high: "1 hour – 1 day", medium: "1 day – 1 week", low: "≥ 1 week" },
};

const cfr = (elite: number, high: number, medium: number): ThresholdBands => {
  const pct = (x: number): string => `${Math.round(x * 100)} %`;
  return {
    unit: "fraction",
    comparison: "<=",
    elite,
    high,
    medium,
    labels: {
      elite: `≤ ${pct(elite)}`,
      high: `≤ ${pct(high)}`,
      medium: `≤ ${pct(medium)}`,
      low: `> ${pct(medium)}`,
    },
  };
};

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export const benchmarkTables: Readonly<Record<Benchmark, BenchmarkTable>> = deepFreeze({
  "2021": {
    benchmark: "2021",
    source: "Accelerate State of DevOps 2021 (DORA)",
    deploymentFrequency: {
      categories: { elite: ["on-demand"], high: ["daily", "weekly", "monthly"], medium: [], low: ["fewer"] },
      labels: {
        elite: "on demand (multiple deploys per day)",
        high: "daily to monthly",
        medium: "monthly to every 6 months (not separable from 'fewer': rated low)",
        low: "less than monthly",
      },
    },
    leadTime: {
      unit: "seconds",
      comparison: "<",
      elite: hour,
      high: week,
      medium: sixMonths,
      labels: {
        elite: "< 1 hour",
        high: "1 hour – 1 week",
        medium: "1 week – 6 months",
        low: "≥ 6 months (180 days)",
      },
    },
    changeFailureRate: cfr(0.15, 0.2, 0.3),
    recoveryTime: recoveryModern,
    notes: [
      "Deployment frequency: categories cannot split 'fewer than monthly' at 6 months, so 'fewer' is low and medium is never assigned.",
      "A month is 30 days; 6 months are 180 days.",
    ],
  },
  "2023": {
    benchmark: "2023",
    source: "Accelerate State of DevOps 2023 (DORA)",
    deploymentFrequency: dfModern,
    leadTime: leadTimeModern,
    changeFailureRate: cfr(0.05, 0.1, 0.15),
    recoveryTime: recoveryModern,
    notes: ["A month is 30 days."],
  },
  "2024": {
    benchmark: "2024",
    source: "Accelerate State of DevOps 2024 (DORA)",
    deploymentFrequency: dfModern,
    leadTime: leadTimeModern,
    changeFailureRate: cfr(0.05, 0.1, 0.2),
    recoveryTime: recoveryModern,
    notes: [
      "Change failure rate: the report's cluster values (elite 5 %, high 20 %, medium 10 %, low 40 %) are not monotone; Stride ranks them (5, 10, 20, 40 %) and uses the first three as upper bounds.",
      "Recovery time: the report gives '< 1 day' for both high and medium and '1 week – 1 month' for low, so medium is 1 day – 1 week.",
      "A month is 30 days.",
    ],
  },
});
