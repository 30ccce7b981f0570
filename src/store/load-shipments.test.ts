import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateDemo } from "../demo/generate-demo.js";
import { linkDataset } from "../domain/linking/link-dataset.js";
import { computeMetrics } from "../domain/metrics/compute-metrics.js";
import { defaultEngineSettings } from "../domain/metrics/dataset.js";
import type { MetricsQuery } from "../domain/metrics/query.js";
import {
  deployedAt,
  deploymentIdAt,
  prAt,
  pullRequestKey,
  stagingAt,
  startAt,
} from "../domain/metrics/shipments.js";
import { decodeBody } from "../ingest/decode-body.js";
import { ingestItems, validateRaw } from "../ingest/ingest-events.js";
import { createWriteQueue } from "../ingest/write-queue.js";
import { datasetFromEvents } from "../testing/dataset-from-events.js";
import { linkWithShas, shipmentShas, storeShas } from "../testing/shipment-shas.js";
import { engines, freshDatabaseUrl } from "../testing/test-databases.js";
import { openStore } from "./open-store.js";
import type { Store } from "./store.js";

const END = Date.UTC(2026, 2, 1);
const events = [...generateDemo({ seed: 3, teams: 2, services: 5, days: 45, end: END })];
const reference = linkWithShas(datasetFromEvents(events), defaultEngineSettings);
const query: MetricsQuery = {
  scope: {},
  from: END - 30 * 86_400_000,
  to: END,
  bucket: "week",
  tz: "UTC",
  benchmark: "2023",
};

describe.each(engines)("shipments built in the database on %s", (engine) => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(await freshDatabaseUrl(engine));
    const ctx = { queue: createWriteQueue(store), clock: { now: () => END } };
    for (let i = 0; i < events.length; i += 2000) {
      const items = decodeBody(JSON.stringify(events.slice(i, i + 2000)), "json", 5000).items;
      expect((await ingestItems(ctx, items, { source: "demo" })).rejected).toBe(0);
    }
  });
  afterAll(() => store.close());

  test("equal, column by column, the reference built from the events themselves", async () => {
    const loaded = await store.loadDataset(defaultEngineSettings);
    const fromStore = loaded.shipments;
    const expected = reference.shipments;
    expect(fromStore?.n).toBeGreaterThan(500);
    expect(fromStore?.n).toBe(expected.n);
    const times = (s: typeof expected) =>
      Array.from({ length: s.n }, (_, i) => [deployedAt(s, i), startAt(s, i), stagingAt(s, i)]);
    expect(times(fromStore ?? expected)).toEqual(times(expected));
    // the store knows commits by its row numbers, the reference by record index: the same shas either way
    expect(shipmentShas(fromStore ?? expected, await storeShas(store, loaded))).toEqual(reference.shas);
    // and the same commits: each shipment grouped with the same others
    const sameCommitAs = (s: typeof expected) => {
      const first = new Map<number, number>();
      return Array.from(s.commit, (c, i) => {
        if (!first.has(c)) first.set(c, i);
        return first.get(c);
      });
    };
    expect(sameCommitAs(fromStore ?? expected)).toEqual(sameCommitAs(expected));
    const ids = (s: typeof expected) => Array.from({ length: s.n }, (_, i) => deploymentIdAt(s, i));
    expect(ids(fromStore ?? expected)).toEqual(ids(expected));
    const prs = (s: typeof expected) =>
      Array.from({ length: s.n }, (_, i) => prAt(s, i)).map((p) =>
        p < 0
          ? null
          : [
              pullRequestKey(s, p),
              s.prs.createdAt[p],
              s.prs.firstCommitAt[p],
              s.prs.firstReviewAt[p],
              s.prs.mergedAt[p],
            ],
      );
    expect(prs(fromStore ?? expected)).toEqual(prs(expected));
  });

  test("lets the event loop run while it reads (SQLite answers synchronously)", async () => {
    let turns = 0;
    let loading = true;
    const spin = () => {
      if (!loading) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    await store.loadDataset(defaultEngineSettings);
    loading = false;
    // at least one turn per service: a server keeps answering while a large organisation loads
    expect(turns).toBeGreaterThanOrEqual(5);
  });

  test("a replay renumbers the change rows: keys of an older load then read nothing, not other commits", async () => {
    const before = await store.loadDataset(defaultEngineSettings);
    const keys = Array.from(before.shipments?.commitKey ?? []).filter((key) => key >= 0);
    expect((await store.commitsByKey(keys, before.keyGeneration ?? -1)).size).toBe(keys.length);
    expect((await store.replay(validateRaw)).rejected).toBe(0);
    const after = await store.loadDataset(defaultEngineSettings);
    expect(after.keyGeneration).toBe((before.keyGeneration ?? 0) + 1);
    expect((await store.commitsByKey(keys, before.keyGeneration ?? -1)).size).toBe(0);
    // the new load's keys read the same shas again
    expect(shipmentShas(after.shipments ?? reference.shipments, await storeShas(store, after))).toEqual(
      reference.shas,
    );
  });

  test("so every metric is the same, for the organisation and for one service", async () => {
    const linked = linkDataset(await store.loadDataset(defaultEngineSettings), defaultEngineSettings);
    expect(computeMetrics(linked, query)).toEqual(computeMetrics(reference, query));
    const service = { ...query, scope: { service: [...reference.services.keys()][1] ?? "" } };
    expect(computeMetrics(linked, service)).toEqual(computeMetrics(reference, service));
  });
});
