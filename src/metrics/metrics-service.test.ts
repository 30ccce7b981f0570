import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../config.js";
import { defaultEngineSettings } from "../domain/metrics/dataset.js";
import { decodeBody } from "../ingest/decode-body.js";
import { ingestItems } from "../ingest/ingest-events.js";
import { createWriteQueue } from "../ingest/write-queue.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { engines, freshDatabaseUrl } from "../testing/test-databases.js";
import { createMetricsService, type MetricsService } from "./metrics-service.js";

const NOW = Date.UTC(2026, 2, 10);
const deployment = (n: number) => ({
  type: "deployment",
  id: `dep-${n}`,
  service: "api",
  environment: "production",
  status: "success",
  finishedAt: new Date(NOW - n * 3_600_000).toISOString(),
});

describe.each(engines)("metrics freshness on %s", (engine) => {
  let store: Store;
  let service: MetricsService;
  const clock = { now: () => NOW };
  const send = async (events: unknown[]) => {
    const items = decodeBody(JSON.stringify(events), "json", 100).items;
    await ingestItems({ queue: createWriteQueue(store), clock }, items, { source: "api" });
  };
  beforeAll(async () => {
    store = await openStore(await freshDatabaseUrl(engine));
    // No waiting at all: a question after a write is answered from the previous load while the next one runs.
    service = createMetricsService({ store, config: loadConfig(), clock, freshnessWaitMs: 0 });
    await send([deployment(1), deployment(2)]);
  });
  afterAll(async () => {
    await service.close();
    await store.close();
  });

  test("a write is answered from the previous load, marked stale, until the reload lands", async () => {
    const first = await service.getMetrics({});
    expect(first.freshness.stale).toBe(false);
    expect(first.metrics.deploymentFrequency.count).toBe(2);

    await send([deployment(3)]);
    const during = await service.getMetrics({});
    expect(during.freshness).toMatchObject({ stale: true, dataVersion: first.freshness.dataVersion });
    expect(during.metrics.deploymentFrequency.count).toBe(2);

    let after = during;
    for (let i = 0; i < 100 && after.freshness.stale; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await service.getMetrics({});
    }
    expect(after.freshness.stale).toBe(false);
    expect(after.freshness.dataVersion).toBeGreaterThan(first.freshness.dataVersion);
    expect(after.metrics.deploymentFrequency.count).toBe(3);
  });

  test("a load stops when asked (a server shutting down does not wait for it)", async () => {
    await expect(store.loadDataset(defaultEngineSettings, AbortSignal.abort())).rejects.toThrow(/abort/i);
  });

  test("a stream of writes never runs two loads at once", async () => {
    let running = 0;
    let most = 0;
    // The real store, counting its loads as they run.
    const counted: Store = Object.create(store, {
      loadDataset: {
        value: async (...args: Parameters<Store["loadDataset"]>) => {
          most = Math.max(most, ++running);
          try {
            return await store.loadDataset(...args);
          } finally {
            running--;
          }
        },
      },
    });
    const watched = createMetricsService({ store: counted, config: loadConfig(), clock, freshnessWaitMs: 0 });
    await watched.getMetrics({});
    const answers = [];
    for (let n = 10; n < 16; n++) {
      await send([deployment(n)]);
      answers.push(watched.getMetrics({}), watched.getMetrics({}));
    }
    await Promise.all(answers);
    await watched.close();
    expect(most).toBe(1);
  });
});

describe("drill-down narrowed to failed deployments", () => {
  test("failed=true keeps the failed deployments only; other kinds refuse it", async () => {
    const store = await openStore(await freshDatabaseUrl("sqlite"));
    const clock = { now: () => NOW };
    const service = createMetricsService({ store, config: loadConfig(), clock });
    try {
      const incident = {
        type: "incident",
        id: "inc-1",
        services: ["api"],
        detectedAt: new Date(NOW - 90 * 60_000).toISOString(),
        resolvedAt: new Date(NOW - 60 * 60_000).toISOString(),
        cause: { deployment: "dep-2" },
      };
      const items = decodeBody(
        JSON.stringify([deployment(1), deployment(2), deployment(3), incident]),
        "json",
        100,
      ).items;
      await ingestItems({ queue: createWriteQueue(store), clock }, items, { source: "api" });
      const all = await service.getMetricEvents("changeFailureRate", {});
      expect(all.total).toBe(3);
      const failed = await service.getMetricEvents("changeFailureRate", { failed: "true" });
      expect(failed.total).toBe(1);
      expect(failed.events).toMatchObject([{ id: "dep-2", failed: true, failureCauses: ["incident"] }]);
      expect(
        (await service.getMetricEvents("changeFailureRate", { failed: "false", limit: "1" })).total,
      ).toBe(2);
      await expect(service.getMetricEvents("leadTime", { failed: "true" })).rejects.toMatchObject({
        code: "invalid_request",
      });
    } finally {
      await service.close();
      await store.close();
    }
  });
});
