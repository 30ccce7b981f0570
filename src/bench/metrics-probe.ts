import { sql } from "kysely";
import { linkDataset } from "../domain/linking/link-dataset.js";
import { computeBreakdown } from "../domain/metrics/compute-breakdown.js";
import { computeMetrics } from "../domain/metrics/compute-metrics.js";
import { defaultEngineSettings } from "../domain/metrics/dataset.js";
import type { MetricsQuery } from "../domain/metrics/query.js";
import { setHeapFlags } from "../runtime/heap-flags.js";
import { createStore } from "../store/kysely-store.js";
import { openEngine } from "../store/open-store.js";

/**
 * One engine's metrics figures, in a process of its own so its peak RSS is its own.
 * argv: <database url> <window end, epoch ms> <days>; prints one JSON object.
 */
// the product's settings (src/cli/main.ts): the figures are what a user's process does
setHeapFlags();
const [url = "", endArg = "0", daysArg = "365"] = process.argv.slice(2);
const adapter = await openEngine(url);
const store = createStore(adapter);
await store.migrate();
const DAY = 86_400_000;
const to = Number(endArg);
const query: MetricsQuery = {
  scope: {},
  from: to - Number(daysArg) * DAY,
  to,
  bucket: "week",
  tz: "UTC",
  benchmark: "2023",
};

async function time<T>(work: () => T | Promise<T>): Promise<[number, T]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [Number(process.hrtime.bigint() - started) / 1e6, result];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

// The baseline: one plain pass over every row of the changes table.
const [scanMs, scanned] = await time(async () => {
  const row = await sql<{
    n: number;
    s: number;
  }>`select count(*) as n, sum(committed_at % 1000) as s from changes`.execute(adapter.db);
  return Number(row.rows[0]?.n ?? 0);
});
const [loadMs, dataset] = await time(() => store.loadDataset(defaultEngineSettings));
const deployments = dataset.deployments.length;
const incidents = dataset.incidents.length;
// As the service does: the records are dropped once linked.
const [linkMs, linked] = await time(() => linkDataset(dataset, defaultEngineSettings));
dataset.deployments = [];
dataset.incidents = [];
const [firstSummaryMs, doc] = await time(() => computeMetrics(linked, query));
// Warm: the scope is selected, but each question is a different window (nothing answers from a cache of results).
const shifted = (q: MetricsQuery, days: number) => ({
  ...q,
  from: q.from - days * DAY,
  to: q.to - days * DAY,
});
const warmSummary: number[] = [];
for (let i = 1; i <= 7; i++)
  warmSummary.push((await time(() => computeMetrics(linked, shifted(query, i))))[0]);
// A dashboard's default question: the last 30 days by day.
const recent: MetricsQuery = { ...query, from: to - 30 * DAY, bucket: "day" };
const recentSummary: number[] = [];
for (let i = 1; i <= 7; i++)
  recentSummary.push((await time(() => computeMetrics(linked, shifted(recent, i))))[0]);
const [firstBreakdownMs, breakdown] = await time(() => computeBreakdown(linked, query, "service"));
const warmBreakdown: number[] = [];
for (let i = 1; i <= 3; i++)
  warmBreakdown.push((await time(() => computeBreakdown(linked, shifted(query, i), "service")))[0]);

process.stdout.write(
  JSON.stringify({
    engine: store.engine,
    changes: scanned,
    deployments,
    productionDeployments: doc.metrics.deploymentFrequency.count + doc.metrics.reworkRate.byReason.rollback,
    shipments: linked.shipments.n,
    incidents,
    services: breakdown.rows.length,
    scanMs,
    loadMs,
    linkMs,
    firstSummaryMs,
    summaryMs: median(warmSummary),
    recentSummaryMs: median(recentSummary),
    firstBreakdownMs,
    breakdownMs: median(warmBreakdown),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    leadTimeMedianSeconds: doc.metrics.leadTime.medianSeconds,
  }),
);
await store.close();
