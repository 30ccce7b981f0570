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
import type { EngineAdapter } from "./engine.js";
import { entityTables, projectRow } from "./entity-tables.js";
import { valuesOf } from "./insert-rows.js";
import type { StatementCache } from "./statement-cache.js";

type Trx = Transaction<Database>;

/** A write transaction and what the statements in it need. */
export interface WriteContext {
  trx: Trx;
  engine: EngineAdapter;
  statements: StatementCache;
}

export interface Applicable {
  event: StrideEvent;
  /** fallback clock for events that state no instant (see versionClock) */
  receivedAt: number;
  /** `canonicalJson(event)`, when the record came with it */
  eventJson?: string | undefined;
}

/** Rows per statement: keeps every engine under its bound-parameter limit (SQLite 32,766; PostgreSQL 65,535). */
const ROWS_PER_STATEMENT = 500;

/**
 * Merges a batch of events into their entity rows with a few set-based statements per table: load the current
 * states (locked FOR UPDATE where the engine has row locks), merge in memory in order, insert the new rows, upsert
 * the changed ones. Answers, per event, whether it changed its entity.
 *
 * With `expectNew`, the caller expects the entities to be new (`stride import git` writing commits the store
 * lacks): nothing is loaded first, every entity is inserted as new, and those that turn out to be stored already
 * take the path of a row a concurrent writer inserted: loaded under their lock and merged. Same rows, same answers.
 */
export async function applyEvents(
  w: WriteContext,
  batch: readonly Applicable[],
  expectNew = false,
): Promise<boolean[]> {
  const changed = new Array<boolean>(batch.length).fill(false);
  const byTable = new Map<EntityTableName, number[]>();
  batch.forEach((item, index) => {
    const table = entityTables[item.event.type].table;
    const list = byTable.get(table) ?? [];
    list.push(index);
    byTable.set(table, list);
  });
  for (const [table, indexes] of byTable) await applyToTable(w, table, batch, indexes, changed, expectNew);
  return changed;
}

async function applyToTable(
  w: WriteContext,
  table: EntityTableName,
  batch: readonly Applicable[],
  indexes: number[],
  changed: boolean[],
  expectNew: boolean,
): Promise<void> {
  const ids = [...new Set(indexes.map((i) => batch[i]?.event.id ?? ""))];
  const stored = expectNew ? new Map<string, EntityState>() : await loadStates(w, table, ids);
  const merged = mergeAll(batch, indexes, stored, changed);

  const fresh = [...merged.states.keys()].filter((id) => !stored.has(id));
  const insertedIds = await insertNew(w, table, fresh, merged);
  // A concurrent writer created some of these rows after we looked: merge into theirs, under the row lock.
  const raced = fresh.filter((id) => !insertedIds.has(id));
  if (raced.length > 0) {
    const theirs = await loadStates(w, table, raced);
    const racedSet = new Set(raced);
    const again = mergeAll(
      batch,
      indexes.filter((i) => racedSet.has(batch[i]?.event.id ?? "")),
      theirs,
      changed,
    );
    for (const [id, state] of again.states) merged.states.set(id, state);
    for (const id of raced) stored.set(id, theirs.get(id) as EntityState);
  }
  const updates = [...merged.states.entries()].filter(([id, state]) => {
    const before = stored.get(id);
    return before !== undefined && !sameState(before, state);
  });
  await upsert(w, table, updates);
}

interface Merged {
  states: Map<string, EntityState>;
  /**
   * The canonical JSON of the states that are a single event on no stored state: that event's canonical JSON,
   * already computed for its version clock, is the row's `data` as it is.
   */
  firstJson: Map<string, string>;
}

/** Folds the events (in batch order) onto the stored states; marks each event that changed its entity. */
function mergeAll(
  batch: readonly Applicable[],
  indexes: number[],
  stored: Map<string, EntityState>,
  changed: boolean[],
): Merged {
  const states = new Map<string, EntityState>();
  const firstJson = new Map<string, string>();
  for (const index of indexes) {
    const item = batch[index];
    if (item === undefined) continue;
    const { event } = item;
    const canonical = item.eventJson ?? canonicalJson(event);
    const current = states.get(event.id) ?? stored.get(event.id);
    const next = mergeEvent(current, event, versionClock(event, item.receivedAt, canonical));
    if (current === undefined) {
      changed[index] = true;
      firstJson.set(event.id, canonical);
    } else {
      changed[index] = !sameState(current, next);
      firstJson.delete(event.id);
    }
    states.set(event.id, next);
  }
  return { states, firstJson };
}

interface StateRow {
  id: string;
  data: string;
  clocks: string;
}

async function loadStates(
  w: WriteContext,
  table: EntityTableName,
  ids: string[],
): Promise<Map<string, EntityState>> {
  const states = new Map<string, EntityState>();
  for (const chunk of chunks(ids, ROWS_PER_STATEMENT)) {
    const build = () => {
      const query = w.trx.selectFrom(table).select(["id", "data", "clocks"]).where("id", "in", chunk);
      // Sorted lock order keeps two writers from deadlocking on the same rows.
      return w.engine.rowLocks ? query.orderBy("id").forUpdate() : query;
    };
    const rows = await w.statements.run<StateRow>(w.trx, `load ${table} ${chunk.length}`, build, chunk);
    for (const row of rows) {
      states.set(row.id, { data: JSON.parse(row.data), clocks: JSON.parse(row.clocks) });
    }
  }
  return states;
}

async function insertNew(
  w: WriteContext,
  table: EntityTableName,
  ids: string[],
  merged: Merged,
): Promise<Set<string>> {
  // In id order, so concurrent writers wait for each other's rows in one order (no deadlock cycles).
  const sorted = [...ids].sort();
  const rows = sorted.map((id) => rowOf(id, merged.states.get(id) as EntityState, merged.firstJson.get(id)));
  const inserted = await w.engine.insertRows(w.trx, table, ["id"], rows as never);
  return new Set(sorted.filter((_, i) => inserted[i]));
}

async function upsert(
  w: WriteContext,
  table: EntityTableName,
  entries: [string, EntityState][],
): Promise<void> {
  for (const chunk of chunks(entries, ROWS_PER_STATEMENT)) {
    const rows = chunk.map(([id, state]) => rowOf(id, state));
    const columns = Object.keys(rows[0] ?? {}).filter((c) => c !== "id");
    const build = () =>
      w.trx
        .insertInto(table)
        .values(rows as never)
        .onConflict((oc) =>
          oc
            .column("id")
            .doUpdateSet(
              (eb) => Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}` as never)])) as never,
            ),
        );
    await w.statements.run(w.trx, `upsert ${table} ${rows.length}`, build, valuesOf(rows));
  }
}

/** A table's row: its columns in one fixed order (id, the projection's columns, data, clocks). */
function rowOf(id: string, state: EntityState, dataJson?: string): Record<string, unknown> {
  const type = state.data.type as StrideEvent["type"];
  return {
    id,
    ...projectRow(type, state.data),
    data: dataJson ?? canonicalJson(state.data),
    clocks: canonicalJson(state.clocks),
  };
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
