import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { loadConfig } from "../config.js";
import { createAppContext } from "../server/app-context.js";
import { buildApp } from "../server/build-app.js";
import { defaultWebDir } from "../server/web-assets.js";
import { openStore } from "../store/open-store.js";
import { launchChromium } from "../testing/browser.js";
import { type OrganisationShape, prepare } from "./metrics-bench.js";

export interface DashboardFigures {
  shape: OrganisationShape;
  prepareSeconds?: number;
  /** navigation start → executive tiles on screen, first visit (empty browser cache, cold server scope) */
  firstTilesMs: number;
  /** the same, repeated visits (median) */
  tilesMs: number;
  /** the tiles' data (GET /api/v1/metrics) fetched and parsed in the same page, median */
  apiInPageMs: number;
  /** the same request from Node, median */
  apiFromNodeMs: number;
  assets: { file: string; bytes: number; gzipBytes: number }[];
}

const RUNS = 7;

/**
 * The executive view in Chromium on a generated organisation: time from navigation to the tiles being filled,
 * against fetching the same data (the one metrics document the tiles show) straight from the API in the same run;
 * and the gzipped size of the built assets.
 */
export async function benchDashboard(
  file: string,
  shape: OrganisationShape,
  reuse?: string,
): Promise<DashboardFigures> {
  const url = `sqlite:${file}`;
  const prepareSeconds = await prepare(url, shape, reuse);
  const config = loadConfig({ env: {}, flags: { databaseUrl: url, port: 0, logLevel: "silent" } });
  const store = await openStore(config.databaseUrl);
  const ctx = createAppContext(config, store, { now: () => Date.now() });
  const app = await buildApp(ctx);
  const origin = await app.listen({ host: "127.0.0.1", port: 0 });
  const end = new Date(shape.end).toISOString().slice(0, 10);
  const from = new Date(Date.parse(shape.end) - 30 * 86_400_000).toISOString().slice(0, 10);
  const query = `from=${from}&to=${end}`;
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    const tiles = async (): Promise<number> => {
      await page.goto(`${origin}/?${query}`);
      await page.waitForSelector('[data-testid="tiles"][data-state="ready"]', { timeout: 600_000 });
      return Number(await page.evaluate(`performance.getEntriesByName("stride:tiles-ready")[0].startTime`));
    };
    // The server loads and links the dataset once (the metrics bench measures that); both sides then find it loaded.
    await fetch(`${origin}/api/v1/metrics?from=${end}`);
    const firstTilesMs = await tiles();
    const tileRuns: number[] = [];
    const inPage: number[] = [];
    const fromNode: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      tileRuns.push(await tiles());
      inPage.push(
        Number(
          await page.evaluate(
            `(async () => { const t = performance.now(); await (await fetch("/api/v1/metrics?${query}")).json(); return performance.now() - t; })()`,
          ),
        ),
      );
      const t = performance.now();
      await (await fetch(`${origin}/api/v1/metrics?${query}`)).json();
      fromNode.push(performance.now() - t);
    }
    return {
      shape,
      ...(prepareSeconds === undefined ? {} : { prepareSeconds }),
      firstTilesMs,
      tilesMs: median(tileRuns),
      apiInPageMs: median(inPage),
      apiFromNodeMs: median(fromNode),
      assets: assetSizes(defaultWebDir),
    };
  } finally {
    await browser.close();
    await app.close();
    await ctx.queue.drain();
    await ctx.metrics.close();
    await store.close();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function assetSizes(dir: string): DashboardFigures["assets"] {
  const out: DashboardFigures["assets"] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const body = readFileSync(full);
        out.push({
          file: relative(dir, full),
          bytes: body.length,
          gzipBytes: gzipSync(body, { level: 9 }).length,
        });
      }
    }
  };
  walk(dir);
  return out;
}

export function reportDashboard(r: DashboardFigures): void {
  const ms = (n: number) => `${n.toFixed(0)} ms`.padStart(8);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`.padStart(11);
  const s = r.shape;
  console.log(
    `\nDashboard on \`stride demo --teams ${s.teams} --services ${s.services} --days ${s.days}\`, executive view, last 30 days` +
      (r.prepareSeconds === undefined ? "" : ` (written through ingest in ${r.prepareSeconds.toFixed(0)} s)`),
  );
  console.log(`  GET /api/v1/metrics fetched in the page (baseline) ${ms(r.apiInPageMs)}`);
  console.log(`  the same from Node                                ${ms(r.apiFromNodeMs)}`);
  console.log(
    `  navigation → tiles filled, first visit            ${ms(r.firstTilesMs)} ${(r.firstTilesMs / r.apiInPageMs).toFixed(1).padStart(6)}×`,
  );
  console.log(
    `  navigation → tiles filled, repeat visit (median)  ${ms(r.tilesMs)} ${(r.tilesMs / r.apiInPageMs).toFixed(1).padStart(6)}×`,
  );
  console.log("\n  built assets (dist/web)            raw      gzip");
  for (const a of r.assets) console.log(`  ${a.file.padEnd(30)} ${kb(a.bytes)} ${kb(a.gzipBytes)}`);
  const total = r.assets.reduce((n, a) => n + a.gzipBytes, 0);
  const initial = r.assets.filter((a) => !a.file.includes("EChart")).reduce((n, a) => n + a.gzipBytes, 0);
  console.log(
    `  total gzip ${kb(total)}; before the first paint (all but the lazily loaded charts) ${kb(initial)}`,
  );
  console.log(`\n${JSON.stringify(r)}`);
}
