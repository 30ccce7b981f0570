import { describe, expect, test } from "vitest";
import { linkDataset } from "../linking/link-dataset.js";
import { computeMetrics } from "./compute-metrics.js";
import { defaultEngineSettings } from "./dataset.js";
import type { MetricsQuery } from "./query.js";
import { at, HOUR, scenario } from "./scenario.fixture.js";

const week: MetricsQuery = {
  scope: {},
  from: at(2, 0),
  to: at(9, 0),
  bucket: "day",
  tz: "UTC",
  benchmark: "2023",
};
const run = (query: Partial<MetricsQuery> = {}) =>
  computeMetrics(linkDataset(scenario(), defaultEngineSettings), { ...week, ...query });
const S = HOUR / 1000;

describe("the hand-checked week", () => {
  const doc = run();
  const m = doc.metrics;

  test("deployment frequency: d1 d2 d3 d4 d6 d7 (d5 is a rollback, d8 finishes at the window's end)", () => {
    // 6 deployments on 5 days (Mar 2, 3, 3, 4, 6, 8): 5 deploy days a week ≥ 3 → daily; one of five days had two
    expect(m.deploymentFrequency).toMatchObject({
      count: 6,
      perDay: 6 / 7,
      deployDaysPerWeek: 5,
      category: "daily",
      tier: "high",
    });
  });

  test("change failure rate: d2 (incident i1), d4 (rolled back by d5), d6 (hotfixed by d7) of 6", () => {
    expect(m.changeFailureRate).toMatchObject({
      failed: 3,
      total: 6,
      rate: 0.5,
      byCause: { incident: 1, rollback: 1, hotfix: 1 },
      tier: "low",
    });
  });

  test("recovery time: d2 12:30 → d3 fix 13:30 (before i1 resolved 13:40) 1 h; d4 → d5 1 h; d6 → d7 60.5 h", () => {
    expect(m.recoveryTime.count).toBe(3);
    expect(m.recoveryTime.medianSeconds).toBe(S);
    expect(m.recoveryTime.p90Seconds).toBeCloseTo(S + 0.8 * (60.5 * S - S), 6);
    expect(m.recoveryTime.meanSeconds).toBeCloseTo((S + S + 60.5 * S) / 3, 6);
    expect(m.recoveryTime.tier).toBe("high"); // exactly 1 h is not "< 1 hour"
  });

  test("rework rate: d3 (fix while i1 open), d5 (rollback), d7 (hotfix) of 7 including the rollback", () => {
    expect(m.reworkRate).toMatchObject({
      rework: 3,
      total: 7,
      rate: 3 / 7,
      byReason: { rollback: 1, hotfix: 1, fix: 1 },
    });
  });

  test("lead time: c2 2 h, c3 3 h, c4 3 h, c5 25 h; c1 shipped before the window; c6 negative, excluded", () => {
    const lt = m.leadTime;
    expect(lt).toMatchObject({ count: 4, medianSeconds: 3 * S, tier: "elite" });
    expect(lt.p75Seconds).toBeCloseTo(8.5 * S, 6);
    expect(lt.p90Seconds).toBeCloseTo(18.4 * S, 6);
    expect(lt.meanSeconds).toBeCloseTo(8.25 * S, 6);
    expect(lt.warnings).toEqual([expect.objectContaining({ code: "negative_lead_time_excluded", count: 1 })]);
  });

  test("overall tier: high, elite, low, high → mean 2.75 → high", () => {
    expect(doc.tiers).toEqual({
      deploymentFrequency: "high",
      leadTime: "elite",
      changeFailureRate: "low",
      recoveryTime: "high",
      overall: "high",
    });
  });

  test("incidents: restore i1 1 h and i3 30 min, i2 open; MTBF i1 → i2 of api; detect 10 min; acknowledge 5 min", () => {
    expect(m.timeToRestore).toMatchObject({
      count: 2,
      medianSeconds: 0.75 * S,
      meanSeconds: 0.75 * S,
      open: 1,
    });
    expect(m.timeToRestore.warnings[0]).toMatchObject({ code: "open_incidents", count: 1 });
    expect(m.meanTimeBetweenFailures).toMatchObject({ count: 1, meanSeconds: (4 * 24 + 21.5) * S });
    expect(m.timeToDetect).toMatchObject({ count: 1, medianSeconds: 600 });
    expect(m.timeToAcknowledge).toMatchObject({ count: 1, medianSeconds: 300 });
  });

  test("pipeline: builds 2 of 3 (one cancelled); flakiness 3 of 150 tests; deploys take 10 min (d6 20)", () => {
    expect(m.buildSuccessRate).toMatchObject({
      succeeded: 2,
      failed: 1,
      cancelled: 1,
      total: 3,
      rate: 2 / 3,
    });
    expect(m.testFlakinessRate).toMatchObject({ flaky: 3, total: 150, rate: 0.02, basis: "tests" });
    expect(m.timeToDeploy).toMatchObject({ count: 7, medianSeconds: 600 });
    expect(m.deploymentAttemptSuccessRate).toMatchObject({ succeeded: 7, total: 9, rate: 7 / 9 });
  });

  test("value stream of PR 1 (c2): coding 1 h, pickup 30 min, review 30 min, deploy 2 h; staging 1 h + 1 h", () => {
    const b = m.leadTimeBreakdown;
    expect([
      b.coding.medianSeconds,
      b.pickup.medianSeconds,
      b.review.medianSeconds,
      b.deploy.medianSeconds,
    ]).toEqual([S, S / 2, S / 2, 2 * S]);
    expect(b.slowest).toBe("deploy");
    expect(b.timeToStaging.medianSeconds).toBe(S);
    expect(b.stagingToProduction.medianSeconds).toBe(S);
  });

  test("a pull request counts once, in the window of the first deployment that shipped any of its commits", () => {
    const data = scenario();
    const c3 = data.changes.find((c) => c.sha === data.deployments.find((d) => d.id === "d2")?.changes?.[0]);
    if (c3 === undefined) throw new Error("the scenario changed");
    c3.pullRequest = 1; // a later commit of PR 1, shipped by d2 on day 3 (PR 1 first shipped with d1 on day 2)
    const linked = linkDataset(data, defaultEngineSettings);
    const whole = computeMetrics(linked, week).metrics.leadTimeBreakdown;
    expect(whole.sampleSize).toBe(1);
    expect(whole.deploy.medianSeconds).toBe(2 * S); // merged 08:00 → d1 10:00, not → d2
    const later = computeMetrics(linked, { ...week, from: at(3, 0) }).metrics.leadTimeBreakdown;
    expect(later.sampleSize).toBe(0);
    expect(later.noData).not.toBeNull();
  });

  test("warnings name what is missing", () => {
    // d7 lists no changes (d3 lists none: an empty list is known; the rollback d5 is not a change deployment)
    const codes = Object.fromEntries(doc.warnings.map((w) => [w.code, w.count]));
    expect(codes).toEqual({
      deployments_without_changes: 1,
      incidents_without_service: 1,
      incidents_unattributed: 2,
    });
  });

  test("series by day: each deployment in the bucket of its finish; the window's end is exclusive", () => {
    expect(doc.series.map((p) => p.label)).toEqual([
      "2026-03-02",
      "2026-03-03",
      "2026-03-04",
      "2026-03-05",
      "2026-03-06",
      "2026-03-07",
      "2026-03-08",
    ]);
    expect(doc.series.map((p) => p.deployments)).toEqual([1, 2, 1, 0, 1, 0, 1]);
    expect(doc.series[1]).toMatchObject({
      changeFailureRate: 0.5,
      recoveryTimeMedianSeconds: S,
      incidents: 1,
    });
    expect(doc.series[3]).toMatchObject({ changeFailureRate: null, leadTimeMedianSeconds: null });
  });

  test("trend against the previous week: d0 alone (1 a week) → 6 a week is improving", () => {
    expect(doc.trend.deploymentsPerDay).toMatchObject({
      previous: 1 / 7,
      current: 6 / 7,
      direction: "improving",
    });
    expect(doc.trend.previousWindow).toEqual({
      from: "2026-02-23T00:00:00.000Z",
      to: "2026-03-02T00:00:00.000Z",
    });
  });
});

describe("scopes", () => {
  test("a team sees its services' incidents, not the organisation's service-less one", () => {
    const doc = run({ scope: { team: "core" } });
    expect(doc.scope.services).toEqual(["api"]);
    expect(doc.metrics.timeToRestore).toMatchObject({ count: 1, medianSeconds: S });
    expect(doc.metrics.deploymentFrequency.count).toBe(6);
  });

  test("an unknown team is an empty scope with a warning, and no data rather than zeros", () => {
    const doc = run({ scope: { team: "nobody" } });
    expect(doc.warnings[0]).toMatchObject({ code: "unknown_team" });
    expect(doc.metrics.deploymentFrequency).toMatchObject({ count: 0, category: null, tier: null });
    expect(doc.metrics.deploymentFrequency.noData).toMatch(/no successful/);
    expect(doc.metrics.leadTime).toMatchObject({ medianSeconds: null, count: 0 });
    expect(doc.metrics.changeFailureRate.rate).toBeNull();
    expect(doc.tiers.overall).toBeNull();
  });

  test("an environment filter measures that environment", () => {
    const doc = run({ scope: { env: "staging" } });
    expect(doc.metrics.deploymentFrequency.count).toBe(1);
    expect(doc.metrics.leadTime).toMatchObject({ count: 1, medianSeconds: S });
  });

  test("a window holding an incident still open at its end reports it open", () => {
    const doc = run({ from: at(8, 0), to: at(8, 12) });
    expect(doc.metrics.timeToRestore).toMatchObject({ open: 1, count: 0, medianSeconds: null });
    expect(doc.metrics.timeToRestore.noData).not.toBeNull();
  });
});

describe("explicit incident attribution", () => {
  test("by sha and by 'root cause:' in the title point at the first deployment that shipped the sha", () => {
    const data = scenario();
    data.incidents = [
      {
        ...(data.incidents[1] as (typeof data.incidents)[number]),
        id: "by-sha",
        cause: { deployment: null, sha: data.changes[3]?.sha.slice(0, 8) ?? null, version: null },
      },
      {
        ...(data.incidents[1] as (typeof data.incidents)[number]),
        id: "by-title",
        title: `errors; root cause: ${data.changes[2]?.sha.slice(0, 10)}`,
      },
    ];
    const linked = linkDataset(data, defaultEngineSettings);
    const [bySha, byTitle] = linked.incidents;
    expect(bySha).toMatchObject({ deployment: "d4", attribution: { method: "explicit:sha" } });
    expect(byTitle).toMatchObject({ deployment: "d2", attribution: { method: "explicit:sha" } });
    expect(byTitle?.attribution?.evidence).toMatch(/root cause/);
  });
});

describe("time zones and bucket boundaries", () => {
  // Berlin springs forward on 2026-03-29: that local day runs 23:00Z (Mar 28) → 22:00Z (Mar 29), 23 hours.
  const berlin = (() => {
    const data = scenario();
    data.deployments = [
      {
        ...(data.deployments[1] as (typeof data.deployments)[number]),
        id: "b1",
        finishedAt: Date.UTC(2026, 2, 28, 22, 59),
        changes: [],
      },
      {
        ...(data.deployments[1] as (typeof data.deployments)[number]),
        id: "b2",
        finishedAt: Date.UTC(2026, 2, 28, 23, 0),
        changes: [],
      },
      {
        ...(data.deployments[1] as (typeof data.deployments)[number]),
        id: "b3",
        finishedAt: Date.UTC(2026, 2, 29, 21, 59),
        changes: [],
      },
      {
        ...(data.deployments[1] as (typeof data.deployments)[number]),
        id: "b4",
        finishedAt: Date.UTC(2026, 2, 29, 22, 0),
        changes: [],
      },
    ];
    data.incidents = [];
    return linkDataset(data, defaultEngineSettings);
  })();

  test("a DST change with tz=Europe/Berlin: the 23-hour day holds what falls in it, boundaries open the next bucket", () => {
    const doc = computeMetrics(berlin, {
      ...week,
      from: Date.UTC(2026, 2, 27, 23),
      to: Date.UTC(2026, 2, 30, 22),
      tz: "Europe/Berlin",
    });
    expect(doc.series.map((p) => [p.label, p.start, p.deployments])).toEqual([
      ["2026-03-28", "2026-03-27T23:00:00.000Z", 1],
      ["2026-03-29", "2026-03-28T23:00:00.000Z", 2],
      ["2026-03-30", "2026-03-29T22:00:00.000Z", 1],
    ]);
    // three local days with a deployment in a window of 71 hours
    expect(doc.metrics.deploymentFrequency.count).toBe(4);
    expect(doc.window.days).toBeCloseTo(71 / 24, 10);
  });

  test("the same instants in UTC fall into different days", () => {
    const doc = computeMetrics(berlin, {
      ...week,
      from: Date.UTC(2026, 2, 28),
      to: Date.UTC(2026, 2, 30),
      tz: "UTC",
    });
    expect(doc.series.map((p) => [p.label, p.deployments])).toEqual([
      ["2026-03-28", 2],
      ["2026-03-29", 2],
    ]);
  });
});
