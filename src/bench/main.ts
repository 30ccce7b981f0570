import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase, startPostgres } from "../testing/postgres-server.js";
import { benchDashboard, reportDashboard } from "./dashboard-bench.js";
import { benchGit, reportGit } from "./git-bench.js";
import { benchNoop, benchStride, type IngestFigures, type LoadShape } from "./ingest-bench.js";
import { type MetricsFigures, type OrganisationShape, prepare, probe } from "./metrics-bench.js";
import { benchSources, reportSources } from "./sources-bench.js";

/**
 * `npm run bench [-- ingest|metrics|git|dashboard|sources]`: figures, never assertions. Speeds are reported as ratios to a baseline
 * measured in the same run, because the machines are shared and noisy. Environment: BENCH_ENGINES
 * (sqlite,postgres), BENCH_TEAMS / BENCH_SERVICES / BENCH_DAYS (the metrics organisation, default 100 / 1000 /
 * 365), BENCH_SQLITE_DB (reuse a prepared SQLite file for the metrics bench), BENCH_GIT_COMMITS / BENCH_GIT_TAGS (the
 * `git` bench's repository, default 50,000 / 300).
 */
const parts = process.argv.slice(2);
const wants = (part: string) => parts.length === 0 || parts.includes(part);
const engines = (process.env.BENCH_ENGINES ?? "sqlite,postgres").split(",");
const dir = mkdtempSync(join(tmpdir(), "stride-bench-"));
const pg =
  engines.includes("postgres") && (wants("ingest") || wants("metrics")) ? await startPostgres() : undefined;
try {
  if (wants("ingest")) await ingestBench();
  if (wants("metrics")) await metricsBench();
  if (wants("git")) await gitBench();
  if (wants("sources")) await sourcesBench();
  if (wants("dashboard")) await dashboardBench();
} finally {
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}

async function ingestBench(): Promise<void> {
  const shape: LoadShape = {
    singleRequests: Number(process.env.BENCH_SINGLE ?? 6000),
    singleConcurrency: 32,
    batches: Number(process.env.BENCH_BATCHES ?? 40),
    batchSize: 1000,
    batchConcurrency: 4,
  };
  const rows = [await benchNoop(shape)];
  if (engines.includes("sqlite"))
    rows.push(await benchStride("Stride on SQLite", `sqlite:${join(dir, "ingest.db")}`, shape));
  if (pg) rows.push(await benchStride("Stride on PostgreSQL", await createDatabase(pg.url), shape));
  reportIngest(rows, shape);
}

/** BENCH_PUSHES / BENCH_INCIDENTS (default 1,000 / 3,000): webhook deliveries vs the same events over the API. */
async function sourcesBench(): Promise<void> {
  const shape = {
    pushes: Number(process.env.BENCH_PUSHES ?? 1000),
    commitsPerPush: 20,
    incidents: Number(process.env.BENCH_INCIDENTS ?? 3000),
    concurrency: 32,
    rounds: 3,
  };
  reportSources(await benchSources(dir, shape));
}

async function gitBench(): Promise<void> {
  const shape = {
    commits: Number(process.env.BENCH_GIT_COMMITS ?? 50_000),
    mergeEvery: 10,
    tags: Number(process.env.BENCH_GIT_TAGS ?? 300),
  };
  reportGit(await benchGit(join(dir, "git"), shape));
}

/** BENCH_DASHBOARD_TEAMS / _SERVICES / _DAYS (default 4 / 12 / 90; the metrics bench's large org: 100 / 1000 / 365). */
async function dashboardBench(): Promise<void> {
  const env = process.env;
  const shape = {
    teams: Number(env.BENCH_DASHBOARD_TEAMS ?? 4),
    services: Number(env.BENCH_DASHBOARD_SERVICES ?? 12),
    days: Number(env.BENCH_DASHBOARD_DAYS ?? 90),
    end: "2026-03-01T00:00:00Z",
  };
  const file = env.BENCH_DASHBOARD_DB ?? join(dir, "dashboard", "stride.db");
  mkdirSync(join(file, ".."), { recursive: true });
  reportDashboard(await benchDashboard(file, shape, env.BENCH_DASHBOARD_DB));
}

async function metricsBench(): Promise<void> {
  const shape: OrganisationShape = {
    teams: Number(process.env.BENCH_TEAMS ?? 100),
    services: Number(process.env.BENCH_SERVICES ?? 1000),
    days: Number(process.env.BENCH_DAYS ?? 365),
    end: "2026-03-01T00:00:00Z",
  };
  console.log(
    `\nMetrics on \`stride demo --teams ${shape.teams} --services ${shape.services} --days ${shape.days}\``,
  );
  const results: MetricsFigures[] = [];
  if (engines.includes("sqlite")) {
    const file = process.env.BENCH_SQLITE_DB ?? join(dir, "metrics", "stride.db");
    mkdirSync(join(file, ".."), { recursive: true });
    const prepareSeconds = await prepare(`sqlite:${file}`, shape, process.env.BENCH_SQLITE_DB);
    results.push({
      ...(await probe(`sqlite:${file}`, shape)),
      ...(prepareSeconds === undefined ? {} : { prepareSeconds }),
    });
  }
  if (pg) {
    const prepareSeconds = await prepare(pg.url, shape);
    results.push({
      ...(await probe(pg.url, shape)),
      ...(prepareSeconds === undefined ? {} : { prepareSeconds }),
    });
  }
  reportMetrics(results);
}

function rate(r: { events: number; seconds: number }): number {
  return r.events / r.seconds;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en").padStart(9);
}

function reportIngest(rows: IngestFigures[], shape: LoadShape): void {
  const [base] = rows;
  if (base === undefined) return;
  const pct = (n: number) => `${(n * 100).toFixed(0)} %`.padStart(8);
  console.log(
    `\nIngest throughput (events/s; load from a separate process; ${shape.singleConcurrency} connections for`,
  );
  console.log(`single-event POSTs, ${shape.batchConcurrency} for ${shape.batchSize}-event batches)\n`);
  console.log(
    `${"target".padEnd(22)} ${"single".padStart(9)} ${"vs no-op".padStart(8)}   ${"batch".padStart(9)} ${"vs no-op".padStart(8)}  failed`,
  );
  for (const r of rows) {
    console.log(
      `${r.target.padEnd(22)} ${fmt(rate(r.single))} ${pct(rate(r.single) / rate(base.single))}   ` +
        `${fmt(rate(r.batch))} ${pct(rate(r.batch) / rate(base.batch))}  ${r.single.failed + r.batch.failed}`,
    );
  }
  console.log("\nReplay (rebuild every normalized table from the raw log)\n");
  for (const r of rows) {
    if (r.replay) {
      console.log(
        `${r.target.padEnd(22)} ${fmt(r.replay.records / r.replay.seconds)} events/s (${r.replay.records.toLocaleString("en")} records in ${r.replay.seconds.toFixed(2)} s)`,
      );
    }
  }
  console.log(`\n${JSON.stringify({ shape, rows })}`);
}

function reportMetrics(rows: MetricsFigures[]): void {
  const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(9);
  const ratio = (n: number, base: number) => `${(n / base).toFixed(2)}×`.padStart(7);
  for (const r of rows) {
    console.log(
      `\n${r.engine}: ${r.changes.toLocaleString("en")} changes, ${r.productionDeployments.toLocaleString("en")} production deployments in the window, ` +
        `${r.incidents.toLocaleString("en")} incidents, ${r.services.toLocaleString("en")} services` +
        (r.prepareSeconds === undefined
          ? ""
          : ` (written through ingest in ${r.prepareSeconds.toFixed(0)} s)`),
    );
    console.log(`  full scan of the changes table (baseline) ${ms(r.scanMs)}`);
    console.log(
      `  load + link from the store (cold)         ${ms(r.loadMs + r.linkMs)} ${ratio(r.loadMs + r.linkMs, r.scanMs)}`,
    );
    console.log(
      `  organisation summary, first / warm        ${ms(r.firstSummaryMs)} ${ms(r.summaryMs)} ${ratio(r.summaryMs, r.scanMs)}`,
    );
    console.log(
      `${"  last 30 days by day, warm".padEnd(44)}${"".padStart(9)} ${ms(r.recentSummaryMs)} ${ratio(r.recentSummaryMs, r.scanMs)}`,
    );
    console.log(
      `  per-service breakdown, first / warm       ${ms(r.firstBreakdownMs)} ${ms(r.breakdownMs)} ${ratio(r.breakdownMs, r.scanMs)}`,
    );
    console.log(`  peak RSS                                  ${r.peakRssMb.toFixed(0).padStart(6)} MB`);
  }
  console.log(`\n${JSON.stringify(rows)}`);
}
