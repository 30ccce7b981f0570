import { linkDataset } from "../domain/linking/link-dataset.js";
import type { Dataset, EngineSettings } from "../domain/metrics/dataset.js";
import type { LinkedDataset } from "../domain/metrics/linked.js";
import { changeKeyAt, type Shipments, unknownShaAt } from "../domain/metrics/shipments.js";
import type { Store } from "../store/store.js";

/** Each shipment's sha; a known commit's is read by its key with `shaOf` (the shipments keep no shas of those). */
export function shipmentShas(s: Shipments, shaOf: (key: number) => string | undefined): string[] {
  return Array.from({ length: s.n }, (_, i) => {
    const key = changeKeyAt(s, i);
    return key === null ? (unknownShaAt(s, i) as string) : (shaOf(key) ?? `no change with key ${key}`);
  });
}

/** The reference path's keys: indices into the records' changes. */
export function recordShas(dataset: Dataset): (key: number) => string | undefined {
  return (key) => dataset.changes[key]?.sha;
}

/** A store's keys, as its load numbered them. */
export async function storeShas(
  store: Store,
  dataset: Dataset,
): Promise<(key: number) => string | undefined> {
  const s = dataset.shipments;
  const keys = new Set<number>();
  for (let i = 0; s !== undefined && i < s.n; i++) {
    const key = changeKeyAt(s, i);
    if (key !== null) keys.add(key);
  }
  const found = await store.commitsByKey([...keys], dataset.keyGeneration ?? 0);
  return (key) => found.get(key)?.sha;
}

/** The records linked, with each shipment's sha. */
export function linkWithShas(dataset: Dataset, settings: EngineSettings): LinkedDataset & { shas: string[] } {
  const linked = linkDataset(dataset, settings);
  return Object.assign(linked, { shas: shipmentShas(linked.shipments, recordShas(dataset)) });
}
