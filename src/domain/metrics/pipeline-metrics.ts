import { type Builds, FAILURE, IN_PROGRESS, SUCCESS } from "./builds.js";
import type { BuildSuccessRate, TestFlakinessRate } from "./results.js";
import { inWindow, type Window } from "./window.js";

/**
 * CI runs belong to the window in which they finished; runs still in progress are left out. `runs` are the
 * columns, `list` the indices of the runs in question.
 */

export function buildSuccessRate(runs: Builds, list: Int32Array, w: Window): BuildSuccessRate {
  let succeeded = 0;
  let failed = 0;
  let cancelled = 0;
  for (const i of list) {
    const status = runs.status[i] as number;
    if (status === IN_PROGRESS || !inWindow(runs.at[i] as number, w)) continue;
    if (status === SUCCESS) succeeded++;
    else if (status === FAILURE) failed++;
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
export function testFlakinessRate(runs: Builds, list: Int32Array, w: Window): TestFlakinessRate {
  const finished = (i: number) => {
    const status = runs.status[i] as number;
    return (status === SUCCESS || status === FAILURE) && inWindow(runs.at[i] as number, w);
  };
  // Per group (repository, commit, pipeline), in typed arrays indexed by group number.
  let n = 0;
  for (const i of list) if ((runs.group[i] as number) >= n && finished(i)) n = (runs.group[i] as number) + 1;
  const passed = new Uint8Array(n);
  const failed = new Uint8Array(n);
  const hasTests = new Uint8Array(n);
  const total = new Float64Array(n);
  const failedTests = new Float64Array(n);
  for (const i of list) {
    if (!finished(i)) continue;
    const g = runs.group[i] as number;
    const success = runs.status[i] === SUCCESS;
    if (success) passed[g] = 1;
    else failed[g] = 1;
    const tests = runs.testsTotal[i] as number;
    if (!Number.isNaN(tests)) {
      hasTests[g] = 1;
      total[g] = Math.max(total[g] as number, tests);
      const failures = runs.testsFailed[i] as number;
      if (!success)
        failedTests[g] = Math.max(failedTests[g] as number, Number.isNaN(failures) ? 0 : failures);
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
