import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { loadConfig } from "../config.js";
import { systemClock } from "../domain/time.js";
import { validateRaw } from "../ingest/ingest-events.js";
import { createAppContext } from "../server/app-context.js";
import { buildApp } from "../server/build-app.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { buildNoopApp } from "./noop-app.js";

const run = promisify(execFile);
const CLIENT = fileURLToPath(new URL("./load-client.js", import.meta.url));

export interface LoadResult {
  seconds: number;
  requests: number;
  failed: number;
  events: number;
}

export interface IngestFigures {
  target: string;
  single: LoadResult;
  batch: LoadResult;
  replay?: { records: number; seconds: number };
}

export interface LoadShape {
  singleRequests: number;
  singleConcurrency: number;
  batches: number;
  batchSize: number;
  batchConcurrency: number;
}

async function load(
  url: string,
  mode: "single" | "batch",
  runId: string,
  shape: LoadShape,
): Promise<LoadResult> {
  const args =
    mode === "single"
      ? [url, mode, runId, String(shape.singleRequests), String(shape.singleConcurrency)]
      : [url, mode, runId, String(shape.batches), String(shape.batchConcurrency), String(shape.batchSize)];
  const { stdout } = await run(process.execPath, [CLIENT, ...args], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as LoadResult;
}

async function measure(target: string, app: FastifyInstance, shape: LoadShape): Promise<IngestFigures> {
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  try {
    const single = await load(url, "single", `${target}-s`, shape);
    const batch = await load(url, "batch", `${target}-b`, shape);
    return { target, single, batch };
  } finally {
    await app.close();
  }
}

export async function benchNoop(shape: LoadShape): Promise<IngestFigures> {
  return measure("no-op Fastify", await buildNoopApp(), shape);
}

/** Ingest through the real server on `databaseUrl`, then time a replay of everything it stored. */
export async function benchStride(
  target: string,
  databaseUrl: string,
  shape: LoadShape,
): Promise<IngestFigures> {
  const config = loadConfig({ env: {}, flags: { databaseUrl, logLevel: "silent" } });
  const store: Store = await openStore(config.databaseUrl);
  const ctx = createAppContext(config, store, systemClock);
  try {
    const figures = await measure(target, await buildApp(ctx), shape);
    await ctx.queue.drain();
    const started = process.hrtime.bigint();
    const replay = await store.replay(validateRaw);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { ...figures, replay: { records: replay.records, seconds } };
  } finally {
    await store.close();
  }
}
