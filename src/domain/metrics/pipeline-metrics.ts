import type { BuildRecord } from "./dataset.js";
import type { BuildSuccessRate, TestFlakinessRate } from "./results.js";
import { inWindow, type Window } from "./window.js";

/** CI runs belong to the window in which they finished; runs still in progress are left out. */

export function buildSuccessRate(builds: BuildRecord[], w: Window): BuildSuccessRate {
  const finished = builds.filter(
    (b) => b.status !== "in_progress" && inWindow(b.finishedAt ?? b.startedAt, w),
  );
  const succeeded = finished.filter((b) => b.status === "success").length;
  const failed = finished.filter((b) => b.status === "failure").length;
  const cancelled = finished.length - succeeded - failed;
  const total = succeeded + failed;
  const rate = total === 0 ? null : succeeded / total;
  return {
    succeeded,
    failed,
    cancelled,
    total,
    rate,
    sampleSize: total,
    noData: rate === null ? "no CI run finished with success or failure in this window" : null,
    warnings: [],
  };
}

/**
 * Tests that both failed and passed on the same commit and pipeline / tests run (GUIDE §2). Runs report test
 * counts, not names, so a commit and pipeline with a failing and a passing run counts the failing run's failed
 * tests as flaky, out of the tests it ran. Without test counts the basis is runs: commit-and-pipeline groups that
 * both failed and passed / groups.
 */
export function testFlakinessRate(builds: BuildRecord[], w: Window): TestFlakinessRate {
  const groups = new Map<string, BuildRecord[]>();
  for (const b of builds) {
    if ((b.status !== "success" && b.status !== "failure") || !inWindow(b.finishedAt ?? b.startedAt, w))
      continue;
    const key = `${b.repo}@${b.sha}/${b.pipeline}`;
    const list = groups.get(key) ?? [];
    list.push(b);
    groups.set(key, list);
  }
  const withTests = [...groups.values()].filter((runs) => runs.some((r) => r.tests !== null));
  if (withTests.length > 0) {
    let flaky = 0;
    let total = 0;
    for (const runs of withTests) {
      const passed = runs.some((r) => r.status === "success");
      total += Math.max(...runs.map((r) => r.tests?.total ?? 0));
      if (passed)
        flaky += Math.max(0, ...runs.filter((r) => r.status === "failure").map((r) => r.tests?.failed ?? 0));
    }
    return rateOf(flaky, total, "tests");
  }
  const flakyGroups = [...groups.values()].filter(
    (runs) => runs.some((r) => r.status === "success") && runs.some((r) => r.status === "failure"),
  ).length;
  return rateOf(flakyGroups, groups.size, "runs");
}

function rateOf(flaky: number, total: number, basis: TestFlakinessRate["basis"]): TestFlakinessRate {
  const rate = total === 0 ? null : flaky / total;
  return {
    flaky,
    total,
    rate,
    basis,
    sampleSize: total,
    noData: rate === null ? "no finished CI runs in this window" : null,
    warnings: [],
  };
}
