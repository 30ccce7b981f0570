import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPostgres } from "../testing/postgres-server.js";
import { benchNoop, benchStride, type IngestFigures, type LoadShape } from "./ingest-bench.js";

/**
 * `npm run bench`: figures, never assertions. Speeds are reported as ratios to a baseline measured in the same
 * run, because the machines are shared and noisy.
 */
const shape: LoadShape = {
  singleRequests: Number(process.env.BENCH_SINGLE ?? 6000),
  singleConcurrency: 32,
  batches: Number(process.env.BENCH_BATCHES ?? 40),
  batchSize: 1000,
  batchConcurrency: 4,
};

const dir = mkdtempSync(join(tmpdir(), "stride-bench-"));
const pg = await startPostgres();
try {
  const noop = await benchNoop(shape);
  const sqlite = await benchStride("Stride on SQLite", `sqlite:${join(dir, "bench.db")}`, shape);
  const postgres = await benchStride("Stride on PostgreSQL", pg.url, shape);
  report([noop, sqlite, postgres]);
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}

function rate(r: { events: number; seconds: number }): number {
  return r.events / r.seconds;
}

function report(rows: IngestFigures[]): void {
  const [base] = rows;
  if (base === undefined) return;
  const fmt = (n: number) => Math.round(n).toLocaleString("en").padStart(9);
  const pct = (n: number) => `${(n * 100).toFixed(0)} %`.padStart(6);
  console.log(
    `\nIngest throughput (events/s; load from a separate process; ${shape.singleConcurrency} connections for`,
  );
  console.log(`single-event POSTs, ${shape.batchConcurrency} for ${shape.batchSize}-event batches)\n`);
  console.log(
    `${"target".padEnd(22)} ${"single".padStart(9)} ${"vs no-op".padStart(8)}   ${"batch".padStart(9)} ${"vs no-op".padStart(8)}  failed`,
  );
  for (const r of rows) {
    console.log(
      `${r.target.padEnd(22)} ${fmt(rate(r.single))} ${pct(rate(r.single) / rate(base.single)).padStart(8)}   ` +
        `${fmt(rate(r.batch))} ${pct(rate(r.batch) / rate(base.batch)).padStart(8)}  ${r.single.failed + r.batch.failed}`,
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
