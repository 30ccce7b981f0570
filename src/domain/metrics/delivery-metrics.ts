import { bucketStart, nextBucketStart } from "./buckets.js";
import {
  type DeploymentColumns,
  FAILED,
  FAILED_BY_HOTFIX,
  FAILED_BY_INCIDENT,
  FAILED_BY_ROLLBACK,
  IN_PROGRESS,
  REWORK,
  REWORK_HOTFIX,
  REWORK_ROLLBACK,
  ROLLBACK,
  rangeOf,
  SUCCESS,
  type TargetColumns,
} from "./deployment-columns.js";
import type {
  AttemptSuccessRate,
  ChangeFailureRate,
  DeploymentFrequency,
  Durations,
  RecoveryTime,
  ReworkRate,
} from "./results.js";
import { spans } from "./stats.js";
import {
  type Benchmark,
  changeFailureRateTier,
  deploymentCategory,
  deploymentFrequencyTier,
  recoveryTimeTier,
} from "./tiers.js";
import { type Window, windowDays } from "./window.js";

/**
 * The deployment-based metrics (GUIDE §2). `targets` are the successful deployments to the scope's environments
 * as columns in time order; a deployment belongs to the window of its finish, found by binary search. Rollbacks
 * are deployments but not changes: frequency and the failure rate leave them out, the rework rate keeps them.
 */

export function deploymentFrequency(
  targets: TargetColumns,
  w: Window,
  tz: string,
  benchmark: Benchmark,
): DeploymentFrequency {
  // Deployments per local day: in time order, each day is one run, so only day changes need the time zone.
  const perDay: number[] = [];
  let dayEnd = Number.NEGATIVE_INFINITY;
  let count = 0;
  const [start, end] = rangeOf(targets, w);
  for (let k = start; k < end; k++) {
    if (((targets.flags[k] as number) & ROLLBACK) !== 0) continue;
    const at = targets.at[k] as number;
    if (at >= dayEnd) {
      dayEnd = nextBucketStart(bucketStart(at, "day", tz), "day", tz);
      perDay.push(0);
    }
    perDay[perDay.length - 1] = (perDay[perDay.length - 1] as number) + 1;
    count++;
  }
  const days = windowDays(w);
  const category = count === 0 ? null : deploymentCategory(perDay, days);
  return {
    count,
    perDay: count / days,
    perWeek: (count / days) * 7,
    deployDaysPerWeek: (perDay.length / days) * 7,
    category,
    tier: category === null ? null : deploymentFrequencyTier(category, benchmark),
    sampleSize: count,
    noData: count === 0 ? "no successful production deployments in this window" : null,
    warnings: [],
  };
}

export function changeFailureRate(
  targets: TargetColumns,
  w: Window,
  benchmark: Benchmark,
): ChangeFailureRate {
  let total = 0;
  let failed = 0;
  const byCause = { incident: 0, rollback: 0, hotfix: 0 };
  const [start, end] = rangeOf(targets, w);
  for (let k = start; k < end; k++) {
    const flags = targets.flags[k] as number;
    if ((flags & ROLLBACK) !== 0) continue;
    total++;
    if ((flags & FAILED) === 0) continue;
    failed++;
    if ((flags & FAILED_BY_INCIDENT) !== 0) byCause.incident++;
    if ((flags & FAILED_BY_ROLLBACK) !== 0) byCause.rollback++;
    if ((flags & FAILED_BY_HOTFIX) !== 0) byCause.hotfix++;
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

/** Failed deployments of the window, from failure to restore (GUIDE §2); a restore before the failure counts 0. */
export function recoveryTime(targets: TargetColumns, w: Window, benchmark: Benchmark): RecoveryTime {
  let open = 0;
  spans.start();
  const [start, end] = rangeOf(targets, w);
  const { rows, byRow } = targets;
  for (let k = start; k < end; k++) {
    // a failed deployment's flag says so: the instants are looked up for those only
    const flags = targets.flags[k] as number;
    if ((flags & FAILED) === 0 || (flags & ROLLBACK) !== 0) continue;
    const failedAt = byRow.failedAt.get(rows[k] as number);
    if (failedAt === undefined) continue;
    const restoredAt = byRow.restoredAt.get(rows[k] as number);
    if (restoredAt === undefined) open++;
    else spans.add(failedAt, Math.max(failedAt, restoredAt));
  }
  const summary = spans.summary();
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
    sampleSize: summary.count,
    noData: summary.count === 0 ? "no restored failed deployments in this window" : null,
    warnings,
  };
}

export function reworkRate(targets: TargetColumns, w: Window): ReworkRate {
  let rework = 0;
  const byReason = { rollback: 0, hotfix: 0, fix: 0 };
  const [start, end] = rangeOf(targets, w);
  for (let k = start; k < end; k++) {
    const flags = targets.flags[k] as number;
    if ((flags & REWORK) === 0) continue;
    rework++;
    if ((flags & REWORK_ROLLBACK) !== 0) byReason.rollback++;
    else if ((flags & REWORK_HOTFIX) !== 0) byReason.hotfix++;
    else byReason.fix++;
  }
  const total = end - start;
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

export function timeToDeploy(targets: TargetColumns, w: Window): Durations {
  spans.start();
  const [start, end] = rangeOf(targets, w);
  // a span from 0: kept when the finish is not before the start, like any other span
  for (let k = start; k < end; k++) spans.add(0, targets.deploySpan[k] as number);
  return spans.durations("no production deployment in this window reported both its start and finish");
}

/** Attempts to the scope's environments that finished in the window, by outcome (in-progress ones are left out). */
export function deploymentAttemptSuccessRate(attempts: DeploymentColumns, w: Window): AttemptSuccessRate {
  let total = 0;
  let succeeded = 0;
  const [start, end] = rangeOf(attempts, w);
  for (let k = start; k < end; k++) {
    const flags = attempts.flags[k] as number;
    if ((flags & IN_PROGRESS) !== 0) continue;
    total++;
    if ((flags & SUCCESS) !== 0) succeeded++;
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
