import { toIso } from "../time.js";
import type { BenchmarkTable } from "./benchmark-tables.js";
import { type Bucket, bucketsOf } from "./buckets.js";
import {
  changeFailureRate,
  deploymentAttemptSuccessRate,
  deploymentFrequency,
  recoveryTime,
  reworkRate,
  timeToDeploy,
} from "./delivery-metrics.js";
import { detectedRange } from "./incident-columns.js";
import {
  meanTimeBetweenFailures,
  timeToAcknowledge,
  timeToDetect,
  timeToRestore,
} from "./incident-metrics.js";
import { leadTime, leadTimeBreakdown } from "./lead-time-metrics.js";
import type { LinkedDataset } from "./linked.js";
import { buildSuccessRate, testFlakinessRate } from "./pipeline-metrics.js";
import { dataQualityWarnings } from "./quality-warnings.js";
import { DEFINITIONS_VERSION, type MetricsQuery, type ScopeQuery, type Warning } from "./query.js";
import type { Metrics } from "./results.js";
import { resolveScope } from "./scope.js";
import { type ScopedData, selectScope, windowed } from "./scoped-data.js";
import { benchmarkTable, overallTier, type Tier } from "./tiers.js";
import { type KeyMetrics, type Trend, trendOf } from "./trend.js";
import type { Window } from "./window.js";

export interface SeriesPoint {
  start: string;
  end: string;
  label: string;
  deployments: number;
  leadTimeMedianSeconds: number | null;
  changeFailureRate: number | null;
  recoveryTimeMedianSeconds: number | null;
  reworkRate: number | null;
  incidents: number;
}

export interface MetricsDocument {
  scope: ScopeQuery & { services: string[] | null };
  window: { from: string; to: string; days: number; tz: string; bucket: Bucket };
  definitionVersion: string;
  benchmark: BenchmarkTable;
  metrics: Metrics;
  tiers: {
    deploymentFrequency: Tier | null;
    leadTime: Tier | null;
    changeFailureRate: Tier | null;
    recoveryTime: Tier | null;
    overall: Tier | null;
  };
  trend: Trend;
  series: SeriesPoint[];
  warnings: Warning[];
}

/** Every metric for one scope and window (GUIDE §2), with tiers, trend, series and data-quality warnings. */
export function computeMetrics(linked: LinkedDataset, query: MetricsQuery): MetricsDocument {
  const scope = resolveScope(linked, query.scope);
  const data = selectScope(linked, scope);
  const w: Window = { from: query.from, to: query.to };
  const metrics = metricsFor(data, w, query);
  const previous = { from: w.from - (w.to - w.from), to: w.from };
  const before = keyMetricsFor(data, previous, query);
  const keyTiers = [
    metrics.deploymentFrequency.tier,
    metrics.leadTime.tier,
    metrics.changeFailureRate.tier,
    metrics.recoveryTime.tier,
  ];
  return {
    scope: { ...query.scope, services: scope.services === null ? null : [...scope.services].sort() },
    window: {
      from: toIso(w.from),
      to: toIso(w.to),
      days: (w.to - w.from) / 86_400_000,
      tz: query.tz,
      bucket: query.bucket,
    },
    definitionVersion: DEFINITIONS_VERSION,
    benchmark: benchmarkTable(query.benchmark),
    metrics,
    tiers: {
      deploymentFrequency: keyTiers[0] ?? null,
      leadTime: keyTiers[1] ?? null,
      changeFailureRate: keyTiers[2] ?? null,
      recoveryTime: keyTiers[3] ?? null,
      overall: overallTier(keyTiers.filter((t): t is Tier => t !== null)),
    },
    trend: trendOf(metrics, before, previous),
    series: seriesFor(data, w, query),
    warnings: [...scope.warnings, ...dataQualityWarnings(linked, scope, windowed(data, w), w)],
  };
}

function metricsFor(all: ScopedData, w: Window, query: MetricsQuery): Metrics {
  const { attempts, targets, lead, incidents, builds, runs } = windowed(all, w);
  return {
    deploymentFrequency: deploymentFrequency(targets, w, query.tz, query.benchmark),
    leadTime: leadTime(lead, w, query.benchmark),
    changeFailureRate: changeFailureRate(targets, w, query.benchmark),
    recoveryTime: recoveryTime(targets, w, query.benchmark),
    reworkRate: reworkRate(targets, w),
    timeToRestore: timeToRestore(incidents, w),
    meanTimeBetweenFailures: meanTimeBetweenFailures(incidents, w),
    buildSuccessRate: buildSuccessRate(runs, builds),
    testFlakinessRate: testFlakinessRate(runs, builds),
    timeToDetect: timeToDetect(incidents, w),
    timeToAcknowledge: timeToAcknowledge(incidents, w),
    timeToDeploy: timeToDeploy(targets, w),
    deploymentAttemptSuccessRate: deploymentAttemptSuccessRate(attempts, w),
    leadTimeBreakdown: leadTimeBreakdown(lead, w),
  };
}

/** Only what the trend compares, for the previous window. */
function keyMetricsFor(all: ScopedData, w: Window, query: MetricsQuery): KeyMetrics {
  const { targets, lead } = all;
  return {
    deploymentFrequency: deploymentFrequency(targets, w, query.tz, query.benchmark),
    leadTime: leadTime(lead, w, query.benchmark),
    changeFailureRate: changeFailureRate(targets, w, query.benchmark),
    recoveryTime: recoveryTime(targets, w, query.benchmark),
    reworkRate: reworkRate(targets, w),
  };
}

const rangeSize = ([start, end]: [number, number]) => end - start;

/** Buckets are clipped to the window, so the first and last may be partial. */
function seriesFor(all: ScopedData, window: Window, query: MetricsQuery): SeriesPoint[] {
  return bucketsOf(window.from, window.to, query.bucket, query.tz).map((b) => {
    const w = { from: Math.max(b.start, window.from), to: Math.min(b.end, window.to) };
    const { targets, lead } = all;
    const cfr = changeFailureRate(targets, w, query.benchmark);
    return {
      start: toIso(w.from),
      end: toIso(w.to),
      label: b.label,
      deployments: cfr.total,
      leadTimeMedianSeconds: leadTime(lead, w, query.benchmark).medianSeconds,
      changeFailureRate: cfr.rate,
      recoveryTimeMedianSeconds: recoveryTime(targets, w, query.benchmark).medianSeconds,
      reworkRate: reworkRate(targets, w).rate,
      incidents: rangeSize(detectedRange(all.incidents, w)),
    };
  });
}
