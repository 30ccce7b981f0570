import { describe, expect, test } from "vitest";
import { generateDemo } from "../../demo/generate-demo.js";
import { datasetFromEvents } from "../../testing/dataset-from-events.js";
import { linkDataset } from "../linking/link-dataset.js";
import { computeBreakdown, NO_TEAM } from "./compute-breakdown.js";
import { computeMetrics } from "./compute-metrics.js";
import { defaultEngineSettings } from "./dataset.js";
import type { MetricsQuery } from "./query.js";

const END = Date.UTC(2026, 2, 1);
const demo = [...generateDemo({ seed: 11, teams: 3, services: 7, days: 60, end: END })];
const linked = linkDataset(datasetFromEvents(demo), defaultEngineSettings);
const query: MetricsQuery = {
  scope: {},
  from: END - 28 * 86_400_000,
  to: END,
  bucket: "week",
  tz: "UTC",
  benchmark: "2023",
};

describe("breakdown by service and team", () => {
  test("each row equals the metrics question scoped to that service or team", () => {
    for (const by of ["service", "team"] as const) {
      const breakdown = computeBreakdown(linked, query, by);
      expect(breakdown.rows.length).toBe(by === "service" ? 7 : 3);
      for (const row of breakdown.rows) {
        const doc = computeMetrics(linked, { ...query, scope: { [by]: row.group } });
        expect(row.deploymentFrequency).toEqual(doc.metrics.deploymentFrequency);
        expect(row.leadTime).toEqual(doc.metrics.leadTime);
        expect(row.changeFailureRate).toEqual(doc.metrics.changeFailureRate);
        expect(row.recoveryTime).toEqual(doc.metrics.recoveryTime);
        expect(row.reworkRate).toEqual(doc.metrics.reworkRate);
        expect(row.overall).toBe(doc.tiers.overall);
      }
    }
  });

  test("services add up to the organisation; a team filter keeps its services only", () => {
    const rows = computeBreakdown(linked, query, "service").rows;
    const org = computeMetrics(linked, query).metrics;
    expect(rows.reduce((n, r) => n + r.deploymentFrequency.count, 0)).toBe(org.deploymentFrequency.count);
    expect(rows.reduce((n, r) => n + r.changeFailureRate.failed, 0)).toBe(org.changeFailureRate.failed);
    const team = computeBreakdown(linked, query, "team").rows[0]?.group ?? "";
    const inTeam = computeBreakdown(linked, { ...query, scope: { team } }, "service").rows;
    expect(inTeam.length).toBeGreaterThan(0);
    expect(inTeam.length).toBeLessThan(7);
    expect(NO_TEAM).toBe("(no team)");
  });
});
