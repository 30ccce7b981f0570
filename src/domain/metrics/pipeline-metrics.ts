import { type Builds, FAILURE, IN_PROGRESS, SUCCESS } from "./builds.js";
import type { BuildSuccessRate, TestFlakinessRate } from "./results.js";

/**
 * CI runs belong to the window in which they finished (else started); runs still in progress are left out. `runs`
 * are the columns, `list` the indices of the window's runs (see `windowed`).
 */

export function buildSuccessRate(runs: Builds, list: Int32Array): BuildSuccessRate {
  let succeeded = 0;
  let failed = 0;
  let cancelled = 0;
  for (const i of list) {
    const status = runs.status[i] as number;
    if (status === IN_PROGRESS) continue;
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
/** Per-group tallies kept between questions and reset after each (an organisation has hundreds of thousands). */
const tally = {
  seen: new Uint8Array(0),
  passed: new Uint8Array(0),
  failed: new Uint8Array(0),
  tests: new Float64Array(0),
  failedTests: new Float64Array(0),
  touched: new Int32Array(0),
};

function tallyFor(groups: number): typeof tally {
  if (tally.seen.length < groups) {
    tally.seen = new Uint8Array(groups);
    tally.passed = new Uint8Array(groups);
    tally.failed = new Uint8Array(groups);
    tally.tests = new Float64Array(groups).fill(Number.NaN);
    tally.failedTests = new Float64Array(groups);
    tally.touched = new Int32Array(groups);
  }
  return tally;
}

export function testFlakinessRate(runs: Builds, list: Int32Array): TestFlakinessRate {
  const { seen, passed, failed, tests, failedTests, touched } = tallyFor(runs.groups);
  let groups = 0;
  for (const i of list) {
    const status = runs.status[i] as number;
    if (status !== SUCCESS && status !== FAILURE) continue;
    const g = runs.group[i] as number;
    if (seen[g] === 0) {
      seen[g] = 1;
      touched[groups++] = g;
    }
    if (status === SUCCESS) passed[g] = 1;
    else failed[g] = 1;
    const total = runs.testsTotal[i] as number;
    if (total < 0) continue;
    tests[g] = Number.isNaN(tests[g] as number) ? total : Math.max(tests[g] as number, total);
    const failures = runs.testsFailed[i] as number;
    if (status === FAILURE && failures >= 0) failedTests[g] = Math.max(failedTests[g] as number, failures);
  }
  let flaky = 0;
  let testsRun = 0;
  let withTests = 0;
  let flakyGroups = 0;
  for (let t = 0; t < groups; t++) {
    const g = touched[t] as number;
    if (!Number.isNaN(tests[g] as number)) {
      withTests++;
      testsRun += tests[g] as number;
      if (passed[g] === 1) flaky += failedTests[g] as number;
    }
    if (passed[g] === 1 && failed[g] === 1) flakyGroups++;
    seen[g] = 0;
    passed[g] = 0;
    failed[g] = 0;
    tests[g] = Number.NaN;
    failedTests[g] = 0;
  }
  return withTests > 0 ? rateOf(flaky, testsRun, "tests") : rateOf(flakyGroups, groups, "runs");
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
