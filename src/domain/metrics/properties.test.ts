import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { linkDataset } from "../linking/link-dataset.js";
import { computeMetrics } from "./compute-metrics.js";
import { type Dataset, type DeploymentRecord, defaultEngineSettings } from "./dataset.js";
import type { MetricsQuery } from "./query.js";

const T0 = Date.UTC(2026, 2, 2);
const H = 3_600_000;
const query: MetricsQuery = {
  scope: {},
  from: T0,
  to: T0 + 14 * 24 * H,
  bucket: "week",
  tz: "UTC",
  benchmark: "2023",
};
const shas = Array.from({ length: 12 }, (_, i) => i.toString(16).repeat(40).slice(0, 40));

const deployment = fc.record({
  service: fc.constantFrom("api", "web"),
  environment: fc.constantFrom("production", "staging"),
  status: fc.constantFrom("success", "success", "success", "failure", "cancelled"),
  kind: fc.constantFrom("deploy", "deploy", "deploy", "rollback", "hotfix"),
  hour: fc.integer({ min: -48, max: 14 * 24 + 48 }),
  changes: fc.option(fc.subarray(shas), { nil: null }),
});

const incident = fc.record({
  service: fc.constantFrom("api", "web"),
  hour: fc.integer({ min: 0, max: 14 * 24 }),
  duration: fc.option(fc.integer({ min: 1, max: 72 }), { nil: null }),
  cause: fc.option(fc.nat(40), { nil: null }),
});

const datasets = fc
  .record({
    deployments: fc.array(deployment, { maxLength: 40 }),
    incidents: fc.array(incident, { maxLength: 8 }),
  })
  .map(
    ({ deployments, incidents }): Dataset => ({
      services: [],
      changes: shas.map((sha, i) => ({
        repo: "acme/app",
        sha,
        authoredAt: T0 + (i * 20 - 60) * H,
        committedAt: T0 + (i * 20 - 50) * H,
        title: `change ${i}`,
        pullRequest: null,
        parents: [],
        files: null,
      })),
      pullRequests: [],
      builds: [],
      deployments: deployments.map(
        (d, i): DeploymentRecord => ({
          id: `d${i}`,
          service: d.service,
          environment: d.environment,
          status: d.status as DeploymentRecord["status"],
          kind: d.kind as DeploymentRecord["kind"],
          startedAt: T0 + d.hour * H - 60_000,
          finishedAt: T0 + d.hour * H,
          sha: null,
          version: null,
          repo: "acme/app",
          changes: d.changes,
        }),
      ),
      incidents: incidents.map((x, i) => ({
        id: `i${i}`,
        services: [x.service],
        environment: null,
        severity: null,
        title: null,
        startedAt: null,
        detectedAt: T0 + x.hour * H,
        acknowledgedAt: null,
        resolvedAt: x.duration === null ? null : T0 + (x.hour + x.duration) * H,
        cause: { deployment: x.cause === null ? null : `d${x.cause}`, sha: null, version: null },
      })),
    }),
  );

const compute = (data: Dataset) => computeMetrics(linkDataset(data, defaultEngineSettings), query);

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe("metric invariants (fast-check)", () => {
  test("every rate is a fraction in [0, 1] or no data", () => {
    fc.assert(
      fc.property(datasets, (data) => {
        const m = compute(data).metrics;
        for (const rate of [
          m.changeFailureRate.rate,
          m.reworkRate.rate,
          m.deploymentAttemptSuccessRate.rate,
          m.buildSuccessRate.rate,
        ]) {
          if (rate !== null) expect(rate >= 0 && rate <= 1).toBe(true);
        }
        expect(m.changeFailureRate.failed).toBeLessThanOrEqual(m.changeFailureRate.total);
      }),
      { numRuns: 300 },
    );
  });

  test("results do not depend on the order events arrived in", () => {
    fc.assert(
      fc.property(datasets, fc.integer({ min: 1, max: 1_000_000 }), (data, seed) => {
        const reordered: Dataset = {
          ...data,
          deployments: shuffled(data.deployments, seed),
          incidents: shuffled(data.incidents, seed + 1),
          changes: shuffled(data.changes, seed + 2),
        };
        expect(compute(reordered)).toEqual(compute(data));
      }),
      { numRuns: 200 },
    );
  });

  test("adding a deployment that ships nothing new never changes lead time", () => {
    fc.assert(
      fc.property(datasets, fc.integer({ min: -48, max: 14 * 24 + 48 }), fc.nat(), (data, hour, pick) => {
        const before = compute(data).metrics.leadTime;
        const finishedAt = T0 + hour * H;
        // Only shas some successful production deployment of the same service already shipped before it.
        const earlier = data.deployments.filter(
          (d) =>
            d.service === "api" &&
            d.environment === "production" &&
            d.status === "success" &&
            d.kind !== "rollback" &&
            (d.finishedAt ?? 0) < finishedAt,
        );
        const old = [...new Set(earlier.flatMap((d) => d.changes ?? []))];
        const changes = old.filter((_, i) => (pick >> i) & 1);
        const redeploy: DeploymentRecord = {
          id: "zz-redeploy",
          service: "api",
          environment: "production",
          status: "success",
          kind: "deploy",
          startedAt: finishedAt - 60_000,
          finishedAt,
          sha: null,
          version: null,
          repo: "acme/app",
          changes,
        };
        const after = compute({ ...data, deployments: [...data.deployments, redeploy] }).metrics.leadTime;
        expect(after).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });
});
