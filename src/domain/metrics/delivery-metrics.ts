import { localDayNumber } from "./buckets.js";
import type { LinkedDeployment } from "./linked.js";
import type {
  AttemptSuccessRate,
  ChangeFailureRate,
  DeploymentFrequency,
  Durations,
  RecoveryTime,
  ReworkRate,
} from "./results.js";
import { durations, summarizeDurations } from "./stats.js";
import {
  type Benchmark,
  changeFailureRateTier,
  deploymentCategory,
  deploymentFrequencyTier,
  recoveryTimeTier,
} from "./tiers.js";
import { inWindow, type Window, windowDays } from "./window.js";

/**
 * The deployment-based metrics (GUIDE §2). `targets` are the successful deployments to the scope's environments;
 * a deployment belongs to the window of its finish. Rollbacks are deployments but not changes: frequency and the
 * failure rate leave them out, the rework rate keeps them.
 */

/** Rollbacks are deployments but not changes. */
const isChange = (d: LinkedDeployment, w: Window) => d.kind !== "rollback" && inWindow(d.at, w);

export function deploymentFrequency(
  targets: LinkedDeployment[],
  w: Window,
  tz: string,
  benchmark: Benchmark,
): DeploymentFrequency {
  // Deployments per local day; targets usually come in time order, so runs of one day are counted before the map.
  const perDay = new Map<number, number>();
  let count = 0;
  let day = Number.NaN;
  let run = 0;
  for (const d of targets) {
    if (!isChange(d, w)) continue;
    count++;
    const today = localDayNumber(d.at as number, tz);
    if (today === day) run++;
    else {
      if (run > 0) perDay.set(day, (perDay.get(day) ?? 0) + run);
      day = today;
      run = 1;
    }
  }
  if (run > 0) perDay.set(day, (perDay.get(day) ?? 0) + run);
  const days = windowDays(w);
  const category = count === 0 ? null : deploymentCategory([...perDay.values()], days);
  return {
    count,
    perDay: count / days,
    perWeek: (count / days) * 7,
    deployDaysPerWeek: (perDay.size / days) * 7,
    category,
    tier: category === null ? null : deploymentFrequencyTier(category, benchmark),
    sampleSize: count,
    noData: count === 0 ? "no successful production deployments in this window" : null,
    warnings: [],
  };
}

export function changeFailureRate(
  targets: LinkedDeployment[],
  w: Window,
  benchmark: Benchmark,
): ChangeFailureRate {
  let total = 0;
  let failed = 0;
  const byCause = { incident: 0, rollback: 0, hotfix: 0 };
  for (const d of targets) {
    if (!isChange(d, w)) continue;
    total++;
    if (d.failureCauses.length === 0) continue;
    failed++;
    for (const cause of d.failureCauses) byCause[cause]++;
  }
  const rate = total === 0 ? null : failed / total;
  return {
    failed,
    total,
    rate,
    byCause,
    tier: rate === null ? null : changeFailureRateTier(rate, benchmark),
    sampleSize: total,
    noData: rate === null ? "no successful production deployments in this window" : null,
    warnings: [],
  };
}

/** Failed deployments of the window, from failure to restore (GUIDE §2). */
export function recoveryTime(targets: LinkedDeployment[], w: Window, benchmark: Benchmark): RecoveryTime {
  const spans: number[] = [];
  let open = 0;
  for (const d of targets) {
    if (d.failedAt === null || !isChange(d, w)) continue;
    if (d.restoredAt === null) open++;
    else spans.push(Math.max(0, d.restoredAt - d.failedAt));
  }
  const summary = summarizeDurations(spans);
  const warnings =
    open === 0
      ? []
      : [
          {
            code: "failures_not_restored",
            message: `${open} failed deployment(s) not yet restored are left out`,
            count: open,
          },
        ];
  return {
    ...summary,
    open,
    tier: summary.medianSeconds === null ? null : recoveryTimeTier(summary.medianSeconds, benchmark),
    sampleSize: spans.length,
    noData: spans.length === 0 ? "no restored failed deployments in this window" : null,
    warnings,
  };
}

export function reworkRate(targets: LinkedDeployment[], w: Window): ReworkRate {
  let total = 0;
  let rework = 0;
  const byReason = { rollback: 0, hotfix: 0, fix: 0 };
  for (const d of targets) {
    if (!inWindow(d.at, w)) continue;
    total++;
    if (d.rework === null) continue;
    rework++;
    byReason[d.rework]++;
  }
  const rate = total === 0 ? null : rework / total;
  return {
    rework,
    total,
    rate,
    byReason,
    sampleSize: total,
    noData: rate === null ? "no successful production deployments in this window" : null,
    warnings: [],
  };
}

export function timeToDeploy(targets: LinkedDeployment[], w: Window): Durations {
  const spans: number[] = [];
  for (const d of targets) {
    if (!inWindow(d.at, w) || d.startedAt === null || d.finishedAt === null) continue;
    const span = d.finishedAt - d.startedAt;
    if (span >= 0) spans.push(span);
  }
  return durations(spans, "no production deployment in this window reported both its start and finish");
}

/** Attempts to the scope's environments that finished in the window, by outcome (in-progress ones are left out). */
export function deploymentAttemptSuccessRate(attempts: LinkedDeployment[], w: Window): AttemptSuccessRate {
  let total = 0;
  let succeeded = 0;
  for (const d of attempts) {
    if (d.status === "in_progress" || !inWindow(d.at, w)) continue;
    total++;
    if (d.status === "success") succeeded++;
  }
  const rate = total === 0 ? null : succeeded / total;
  return {
    succeeded,
    total,
    rate,
    sampleSize: total,
    noData: rate === null ? "no finished deployment attempts in this window" : null,
    warnings: [],
  };
}
