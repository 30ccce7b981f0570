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
import { summarizeDurations } from "./stats.js";
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

function changeDeployments(targets: LinkedDeployment[], w: Window): LinkedDeployment[] {
  return targets.filter((d) => d.kind !== "rollback" && inWindow(d.at, w));
}

export function deploymentFrequency(
  targets: LinkedDeployment[],
  w: Window,
  tz: string,
  benchmark: Benchmark,
): DeploymentFrequency {
  const deployments = changeDeployments(targets, w);
  const perDay = new Map<number, number>();
  for (const d of deployments) {
    const day = localDayNumber(d.at as number, tz);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const days = windowDays(w);
  const count = deployments.length;
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
  const deployments = changeDeployments(targets, w);
  const failed = deployments.filter((d) => d.failureCauses.length > 0);
  const by = (cause: LinkedDeployment["failureCauses"][number]) =>
    failed.filter((d) => d.failureCauses.includes(cause)).length;
  const rate = deployments.length === 0 ? null : failed.length / deployments.length;
  return {
    failed: failed.length,
    total: deployments.length,
    rate,
    byCause: { incident: by("incident"), rollback: by("rollback"), hotfix: by("hotfix") },
    tier: rate === null ? null : changeFailureRateTier(rate, benchmark),
    sampleSize: deployments.length,
    noData: rate === null ? "no successful production deployments in this window" : null,
    warnings: [],
  };
}

/** Failed deployments of the window, from failure to restore (GUIDE §2). */
export function recoveryTime(targets: LinkedDeployment[], w: Window, benchmark: Benchmark): RecoveryTime {
  const failed = changeDeployments(targets, w).filter((d) => d.failedAt !== null);
  const spans: number[] = [];
  let open = 0;
  for (const d of failed) {
    if (d.restoredAt === null) open++;
    else spans.push(Math.max(0, d.restoredAt - (d.failedAt as number)));
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
  const deployments = targets.filter((d) => inWindow(d.at, w));
  const rework = deployments.filter((d) => d.rework !== null);
  const by = (reason: NonNullable<LinkedDeployment["rework"]>) =>
    rework.filter((d) => d.rework === reason).length;
  const rate = deployments.length === 0 ? null : rework.length / deployments.length;
  return {
    rework: rework.length,
    total: deployments.length,
    rate,
    byReason: { rollback: by("rollback"), hotfix: by("hotfix"), fix: by("fix") },
    sampleSize: deployments.length,
    noData: rate === null ? "no successful production deployments in this window" : null,
    warnings: [],
  };
}

export function timeToDeploy(targets: LinkedDeployment[], w: Window): Durations {
  const spans = targets
    .filter((d) => inWindow(d.at, w) && d.startedAt !== null && d.finishedAt !== null)
    .map((d) => (d.finishedAt as number) - (d.startedAt as number))
    .filter((span) => span >= 0);
  return durations(spans, "no production deployment in this window reported both its start and finish");
}

/** Attempts to the scope's environments that finished in the window, by outcome (in-progress ones are left out). */
export function deploymentAttemptSuccessRate(attempts: LinkedDeployment[], w: Window): AttemptSuccessRate {
  const finished = attempts.filter((d) => d.status !== "in_progress" && inWindow(d.at, w));
  const succeeded = finished.filter((d) => d.status === "success").length;
  const rate = finished.length === 0 ? null : succeeded / finished.length;
  return {
    succeeded,
    total: finished.length,
    rate,
    sampleSize: finished.length,
    noData: rate === null ? "no finished deployment attempts in this window" : null,
    warnings: [],
  };
}

export function durations(spansMs: ArrayLike<number>, noDataReason: string): Durations {
  const summary = summarizeDurations(spansMs);
  return {
    ...summary,
    sampleSize: summary.count,
    noData: summary.count === 0 ? noDataReason : null,
    warnings: [],
  };
}
