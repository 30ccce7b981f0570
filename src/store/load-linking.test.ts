import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { linkDataset } from "../domain/linking/link-dataset.js";
import { lateDeployment, linkingEvents, T0 } from "../domain/linking/linking.fixture.js";
import { defaultEngineSettings } from "../domain/metrics/dataset.js";
import type { LinkedDataset } from "../domain/metrics/linked.js";
import { deployedAt, deploymentIdAt, prAt, startAt } from "../domain/metrics/shipments.js";
import { decodeBody } from "../ingest/decode-body.js";
import { ingestItems } from "../ingest/ingest-events.js";
import { createWriteQueue } from "../ingest/write-queue.js";
import { datasetFromEvents } from "../testing/dataset-from-events.js";
import { linkWithShas, shipmentShas, storeShas } from "../testing/shipment-shas.js";
import { engines, freshDatabaseUrl } from "../testing/test-databases.js";
import { openStore } from "./open-store.js";
import type { Store } from "./store.js";

/** Everything linking concluded, in a comparable form. */
function conclusions(l: LinkedDataset & { shas: string[] }) {
  const s = l.shipments;
  return {
    deployments: [...l.deployments]
      .map((d) => ({
        id: d.id,
        kind: d.kind,
        shipped: d.shipped,
        failureCauses: d.failureCauses,
        reverts: d.reverts,
        restoredBy: d.restoredBy,
        incidents: d.incidents,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    incidents: l.incidents
      .map((i) => ({ id: i.id, deployment: i.deployment, attribution: i.attribution }))
      .sort((a, b) => (a.id < b.id ? -1 : 1)),
    shipments: Array.from({ length: s.n }, (_, i) => [
      deploymentIdAt(s, i),
      l.shas[i],
      deployedAt(s, i),
      startAt(s, i),
      prAt(s, i),
    ]),
  };
}

describe.each(engines)("linking over the commit graph loaded from %s", (engine) => {
  let store: Store;
  const ctx = () => ({ queue: createWriteQueue(store), clock: { now: () => T0 } });
  const send = async (events: unknown[]) => {
    const items = decodeBody(JSON.stringify(events), "json", 10_000).items;
    expect((await ingestItems(ctx(), items, { source: "test" })).rejected).toBe(0);
  };
  beforeAll(async () => {
    store = await openStore(await freshDatabaseUrl(engine));
    await send(linkingEvents());
  });
  afterAll(() => store.close());

  /** Linked from the store's load, with each shipment's sha read by its change key. */
  const load = async () => {
    const loaded = await store.loadDataset(defaultEngineSettings);
    const linked = linkDataset(loaded, defaultEngineSettings);
    return Object.assign(linked, { shas: shipmentShas(linked.shipments, await storeShas(store, loaded)) });
  };

  test("concludes exactly what linking the events themselves concludes", async () => {
    const reference = linkWithShas(datasetFromEvents(linkingEvents()), defaultEngineSettings);
    const loaded = await store.loadDataset(defaultEngineSettings);
    expect([...(loaded.graphs?.keys() ?? [])].sort()).toEqual(["acme/mono", "acme/shop"]);
    const fromStore = await load();
    expect(fromStore.shipments.n).toBe(8); // D2 4, D4 2, A1 1, A2 1
    expect(conclusions(fromStore)).toEqual(conclusions(reference));
  });

  test("a deployment arriving after the incident that names it is linked at the next load", async () => {
    const before = await load();
    expect(before.incidents.find((i) => i.id === "I7")?.deployment).toBeNull();
    await send([lateDeployment]);
    const after = await load();
    expect(after.incidents.find((i) => i.id === "I7")?.deployment).toBe("D9");
    expect(conclusions(after)).toEqual(
      conclusions(
        linkWithShas(datasetFromEvents([...linkingEvents(), lateDeployment]), defaultEngineSettings),
      ),
    );
  });
});
