import type { Transaction } from "kysely";
import {
  canonicalJson,
  type EntityState,
  mergeEvent,
  sameState,
  versionClock,
} from "../domain/events/merge-event.js";
import type { StrideEvent } from "../domain/events/schema.js";
import type { Database, EntityTableName } from "./database.js";
import { entityTables, projectRow } from "./entity-tables.js";

type Trx = Transaction<Database>;

export interface Applicable {
  event: StrideEvent;
  /** fallback clock for events that state no instant (see versionClock) */
  receivedAt: number;
}

/** Rows per statement: keeps every engine under its bound-parameter limit (SQLite 32,766; PostgreSQL 65,535). */
const ROWS_PER_STATEMENT = 500;

/**
 * Merges a batch of events into their entity rows with a few set-based statements per table: load the current
 * states (locked FOR UPDATE where the engine has row locks), merge in memory in order, insert the new rows, upsert
 * the changed ones. Answers, per event, whether it changed its entity.
 */
export async function applyEvents(
  trx: Trx,
  rowLocks: boolean,
  batch: readonly Applicable[],
): Promise<boolean[]> {
  const changed = new Array<boolean>(batch.length).fill(false);
  const byTable = new Map<EntityTableName, number[]>();
  batch.forEach((item, index) => {
    const table = entityTables[item.event.type].table;
    const list = byTable.get(table) ?? [];
    list.push(index);
    byTable.set(table, list);
  });
  for (const [table, indexes] of byTable) await applyToTable(trx, rowLocks, table, batch, indexes, changed);
  return changed;
}

async function applyToTable(
  trx: Trx,
  rowLocks: boolean,
  table: EntityTableName,
  batch: readonly Applicable[],
  indexes: number[],
  changed: boolean[],
): Promise<void> {
  const ids = [...new Set(indexes.map((i) => batch[i]?.event.id ?? ""))];
  const stored = await loadStates(trx, rowLocks, table, ids);
  const merged = mergeAll(batch, indexes, stored, changed);

  const fresh = [...merged.keys()].filter((id) => !stored.has(id));
  const insertedIds = await insertNew(trx, table, fresh, merged);
  // A concurrent writer created some of these rows after we looked: merge into theirs, under the row lock.
  const raced = fresh.filter((id) => !insertedIds.has(id));
  if (raced.length > 0) {
    const theirs = await loadStates(trx, rowLocks, table, raced);
    const racedSet = new Set(raced);
    const again = mergeAll(
      batch,
      indexes.filter((i) => racedSet.has(batch[i]?.event.id ?? "")),
      theirs,
      changed,
    );
    for (const [id, state] of again) merged.set(id, state);
    for (const id of raced) stored.set(id, theirs.get(id) as EntityState);
  }
  const updates = [...merged.entries()].filter(([id, state]) => {
    const before = stored.get(id);
    return before !== undefined && !sameState(before, state);
  });
  await upsert(trx, table, updates);
}

/** Folds the events (in batch order) onto the stored states; marks each event that changed its entity. */
function mergeAll(
  batch: readonly Applicable[],
  indexes: number[],
  stored: Map<string, EntityState>,
  changed: boolean[],
): Map<string, EntityState> {
  const states = new Map<string, EntityState>();
  for (const index of indexes) {
    const item = batch[index];
    if (item === undefined) continue;
    const { event } = item;
    const current = states.get(event.id) ?? stored.get(event.id);
    const next = mergeEvent(current, event, versionClock(event, item.receivedAt, canonicalJson(event)));
    changed[index] = current === undefined || !sameState(current, next);
    states.set(event.id, next);
  }
  return states;
}

async function loadStates(
  trx: Trx,
  rowLocks: boolean,
  table: EntityTableName,
  ids: string[],
): Promise<Map<string, EntityState>> {
  const states = new Map<string, EntityState>();
  for (const chunk of chunks(ids, ROWS_PER_STATEMENT)) {
    let query = trx.selectFrom(table).select(["id", "data", "clocks"]).where("id", "in", chunk);
    // Sorted lock order keeps two writers from deadlocking on the same rows.
    if (rowLocks) query = query.orderBy("id").forUpdate();
    for (const row of await query.execute()) {
      states.set(row.id, { data: JSON.parse(row.data), clocks: JSON.parse(row.clocks) });
    }
  }
  return states;
}

async function insertNew(
  trx: Trx,
  table: EntityTableName,
  ids: string[],
  states: Map<string, EntityState>,
): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (const chunk of chunks([...ids].sort(), ROWS_PER_STATEMENT)) {
    const rows = await trx
      .insertInto(table)
      .values(chunk.map((id) => rowOf(id, states.get(id) as EntityState)) as never)
      .onConflict((oc) => oc.column("id").doNothing())
      .returning("id")
      .execute();
    for (const row of rows) inserted.add(row.id);
  }
  return inserted;
}

async function upsert(trx: Trx, table: EntityTableName, entries: [string, EntityState][]): Promise<void> {
  for (const chunk of chunks(entries, ROWS_PER_STATEMENT)) {
    const rows = chunk.map(([id, state]) => rowOf(id, state));
    const columns = Object.keys(rows[0] ?? {}).filter((c) => c !== "id");
    await trx
      .insertInto(table)
      .values(rows as never)
      .onConflict((oc) =>
        oc
          .column("id")
          .doUpdateSet(
            (eb) => Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}` as never)])) as never,
          ),
      )
      .execute();
  }
}

function rowOf(id: string, state: EntityState): Record<string, unknown> {
  const type = state.data.type as StrideEvent["type"];
  return {
    id,
    ...projectRow(type, state.data),
    data: canonicalJson(state.data),
    clocks: canonicalJson(state.clocks),
  };
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
