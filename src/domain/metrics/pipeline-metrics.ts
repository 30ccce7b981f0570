import type { LinkedBuild } from "./linked.js";
import type { BuildSuccessRate, TestFlakinessRate } from "./results.js";
import { inWindow, type Window } from "./window.js";

/** CI runs belong to the window in which they finished; runs still in progress are left out. */

const buildAt = (b: LinkedBuild) => b.finishedAt ?? b.startedAt;

export function buildSuccessRate(builds: LinkedBuild[], w: Window): BuildSuccessRate {
  let succeeded = 0;
  let failed = 0;
  let cancelled = 0;
  for (const b of builds) {
    if (b.status === "in_progress" || !inWindow(buildAt(b), w)) continue;
    if (b.status === "success") succeeded++;
    else if (b.status === "failure") failed++;
    else cancelled++;
  }
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
export function testFlakinessRate(builds: LinkedBuild[], w: Window): TestFlakinessRate {
  const finished = (b: LinkedBuild) =>
    (b.status === "success" || b.status === "failure") && inWindow(buildAt(b), w);
  // Per group (repository, commit, pipeline), in typed arrays indexed by group number.
  let n = 0;
  for (const b of builds) if (b.group >= n && finished(b)) n = b.group + 1;
  const passed = new Uint8Array(n);
  const failed = new Uint8Array(n);
  const hasTests = new Uint8Array(n);
  const total = new Float64Array(n);
  const failedTests = new Float64Array(n);
  for (const b of builds) {
    if (!finished(b)) continue;
    const g = b.group;
    if (b.status === "success") passed[g] = 1;
    else failed[g] = 1;
    if (b.testsTotal !== null) {
      hasTests[g] = 1;
      total[g] = Math.max(total[g] as number, b.testsTotal);
      if (b.status === "failure") failedTests[g] = Math.max(failedTests[g] as number, b.testsFailed ?? 0);
    }
  }
  if (hasTests.includes(1)) {
    let flaky = 0;
    let tests = 0;
    for (let g = 0; g < n; g++) {
      if (hasTests[g] === 0) continue;
      tests += total[g] as number;
      if (passed[g] === 1) flaky += failedTests[g] as number;
    }
    return rateOf(flaky, tests, "tests");
  }
  let flakyGroups = 0;
  let groups = 0;
  for (let g = 0; g < n; g++) {
    if (passed[g] === 0 && failed[g] === 0) continue;
    groups++;
    if (passed[g] === 1 && failed[g] === 1) flakyGroups++;
  }
  return rateOf(flakyGroups, groups, "runs");
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
