import { type Builds, FAILURE, IN_PROGRESS, SUCCESS } from "./builds.js";
import { scratch } from "./columns.js";
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
/** a run of the group reported test counts */
const TESTED = 8;

/**
 * Tests that both failed and passed on the same commit and pipeline / tests run (GUIDE §2). Runs report test
 * counts, not names, so a commit and pipeline with a failing and a passing run counts the failing run's failed
 * tests as flaky, out of the tests it ran. Without test counts the basis is runs: commit-and-pipeline groups that
 * both failed and passed / groups.
 */
export function testFlakinessRate(runs: Builds, list: Int32Array): TestFlakinessRate {
  // Per-group tallies (an organisation has hundreds of thousands of groups) as scratch memory, given back at the end
  // and never held between questions; zero pages cost nothing until a group is touched. The state bits, the most
  // tests one of its runs ran, the most a failed one failed, and the groups touched.
  const tallies = [
    scratch(Uint8Array, runs.groups),
    scratch(Int32Array, runs.groups),
    scratch(Int32Array, runs.groups),
    scratch(Int32Array, runs.groups),
  ] as const;
  const [state, tests, failedTests, touched] = [
    tallies[0].array,
    tallies[1].array,
    tallies[2].array,
    tallies[3].array,
  ];
  let groups = 0;
  for (const i of list) {
    const status = runs.status[i] as number;
    if (status !== SUCCESS && status !== FAILURE) continue;
    const g = runs.group[i] as number;
    if (state[g] === 0) touched[groups++] = g;
    state[g] = (state[g] as number) | SEEN | (status === SUCCESS ? PASSED : FAILED);
    const total = runs.testsTotal[i] as number;
    if (total < 0) continue;
    state[g] = (state[g] as number) | TESTED;
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
    if (((state[g] as number) & TESTED) !== 0) {
      withTests++;
      testsRun += tests[g] as number;
      if (passed) flaky += failedTests[g] as number;
    }
    if (passed && ((state[g] as number) & FAILED) !== 0) flakyGroups++;
  }
  for (const t of tallies) t.free();
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
