import type { Transaction } from "kysely";
import { chunks } from "./apply-events.js";
import type { Database } from "./database.js";
import type { IngestRecord } from "./store.js";

const ROWS_PER_STATEMENT = 1000;

/**
 * Appends the records to the raw log, skipping deliveries already logged (same source and delivery id). Answers,
 * per record, whether it is new: only the first of several equal deliveries in one batch is.
 */
export async function logRaw(
  trx: Transaction<Database>,
  records: readonly IngestRecord[],
): Promise<boolean[]> {
  const key = (r: IngestRecord) => `${r.source}\u0000${r.deliveryId}`;
  const first = new Map<string, number>();
  records.forEach((r, i) => {
    if (!first.has(key(r))) first.set(key(r), i);
  });
  // Inserting in key order keeps concurrent writers' unique-index waits in one order (no deadlock cycles).
  const unique = [...first.values()]
    .map((i) => records[i] as IngestRecord)
    .sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const fresh = new Set<string>();
  for (const chunk of chunks(unique, ROWS_PER_STATEMENT)) {
    const rows = await trx
      .insertInto("raw_events")
      .values(
        chunk.map(({ result, ...r }) => ({
          source: r.source,
          delivery_id: r.deliveryId,
          received_at: r.receivedAt,
          status: result.ok ? ("accepted" as const) : ("rejected" as const),
          error_code: result.ok ? null : result.error.code,
          reason: result.ok ? null : result.error.message,
          entity_type: result.ok ? result.event.type : null,
          entity_id: result.ok ? result.event.id : null,
          body: r.body,
        })),
      )
      .onConflict((oc) => oc.columns(["source", "delivery_id"]).doNothing())
      .returning(["source", "delivery_id"])
      .execute();
    for (const row of rows) fresh.add(`${row.source}\u0000${row.delivery_id}`);
  }
  return records.map((r, i) => fresh.has(key(r)) && first.get(key(r)) === i);
}
