import type { WriteContext } from "./apply-events.js";
import type { IngestRecord } from "./store.js";

/**
 * Appends the records to the raw log, skipping deliveries already logged (same source and delivery id). Answers,
 * per record, whether it is new: only the first of several equal deliveries in one batch is.
 */
export async function logRaw(w: WriteContext, records: readonly IngestRecord[]): Promise<boolean[]> {
  const keys = records.map((r) => `${r.source}\u0000${r.deliveryId}`);
  const first = new Map<string, number>();
  keys.forEach((key, i) => {
    if (!first.has(key)) first.set(key, i);
  });
  // Inserting in key order keeps concurrent writers' unique-index waits in one order (no deadlock cycles).
  const order = [...first.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, i]) => i);
  const rows = order.map((i) => {
    const { source, deliveryId, receivedAt, result, body } = records[i] as IngestRecord;
    return {
      source,
      delivery_id: deliveryId,
      received_at: receivedAt,
      status: result.ok ? ("accepted" as const) : ("rejected" as const),
      error_code: result.ok ? null : result.error.code,
      reason: result.ok ? null : result.error.message,
      entity_type: result.ok ? result.event.type : null,
      entity_id: result.ok ? result.event.id : null,
      body,
    };
  });
  const inserted = await w.engine.insertRows(w.trx, "raw_events", ["source", "delivery_id"], rows);
  const fresh = new Array<boolean>(records.length).fill(false);
  order.forEach((i, k) => {
    fresh[i] = inserted[k] === true;
  });
  return fresh;
}
