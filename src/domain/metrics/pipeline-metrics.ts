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

/** what a group's runs did, as bits of its state */
const SEEN = 1;
const PASSED = 2;
const FAILED = 4;

/**
 * Per-group tallies kept between questions and reset after each (an organisation has hundreds of thousands of
 * groups): the state bits, the most tests one of its runs ran (-1: none said) and the most a failed one failed, in
 * 32-bit integers like the runs' counts.
 */
const tally = {
  state: new Uint8Array(0),
  tests: new Int32Array(0),
  failedTests: new Int32Array(0),
  touched: new Int32Array(0),
};

function tallyFor(groups: number): typeof tally {
  if (tally.state.length < groups) {
    tally.state = new Uint8Array(groups);
    tally.tests = new Int32Array(groups).fill(-1);
    tally.failedTests = new Int32Array(groups);
    tally.touched = new Int32Array(groups);
  }
  return tally;
}

/**
 * Tests that both failed and passed on the same commit and pipeline / tests run (GUIDE §2). Runs report test
 * counts, not names, so a commit and pipeline with a failing and a passing run counts the failing run's failed
 * tests as flaky, out of the tests it ran. Without test counts the basis is runs: commit-and-pipeline groups that
 * both failed and passed / groups.
 */
export function testFlakinessRate(runs: Builds, list: Int32Array): TestFlakinessRate {
  const { state, tests, failedTests, touched } = tallyFor(runs.groups);
  let groups = 0;
  for (const i of list) {
    const status = runs.status[i] as number;
    if (status !== SUCCESS && status !== FAILURE) continue;
    const g = runs.group[i] as number;
    if (state[g] === 0) touched[groups++] = g;
    state[g] = (state[g] as number) | SEEN | (status === SUCCESS ? PASSED : FAILED);
    const total = runs.testsTotal[i] as number;
    if (total < 0) continue;
    tests[g] = Math.max(tests[g] as number, total);
    const failures = runs.testsFailed[i] as number;
    if (status === FAILURE && failures >= 0) failedTests[g] = Math.max(failedTests[g] as number, failures);
  }
  let flaky = 0;
  let testsRun = 0;
  let withTests = 0;
  let flakyGroups = 0;
  for (let t = 0; t < groups; t++) {
    const g = touched[t] as number;
    const passed = ((state[g] as number) & PASSED) !== 0;
    if ((tests[g] as number) >= 0) {
      withTests++;
      testsRun += tests[g] as number;
      if (passed) flaky += failedTests[g] as number;
    }
    if (passed && ((state[g] as number) & FAILED) !== 0) flakyGroups++;
    state[g] = 0;
    tests[g] = -1;
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
