import type { Insertable, Transaction } from "kysely";
import type { Database } from "./database.js";
import type { StatementCache } from "./statement-cache.js";

/** A row as the engines see it: column → value. */
export type Row = Record<string, unknown>;

/**
 * Inserts rows, leaving out those whose `conflict` columns equal a stored row's or an earlier row's of the same
 * call; answers, per row, whether it was inserted. Every row of one call has the same columns, in the same order.
 * Each engine runs it its own way (EngineAdapter.insertRows).
 */
export type InsertRows = <T extends keyof Database>(
  trx: Transaction<Database>,
  table: T,
  conflict: readonly (keyof Database[T] & string)[],
  rows: readonly Insertable<Database[T]>[],
) => Promise<boolean[]>;

/** Bound parameters per statement: under PostgreSQL's limit of 65,535 (and SQLite's of 32,766). */
const PARAMETERS_PER_STATEMENT = 30_000;
const ROWS_PER_STATEMENT = 1000;

/**
 * The set-based way, for an engine behind a network: multi-row `insert … on conflict do nothing returning` with
 * the conflict columns, compiled once per chunk size; rows are matched to what came back by those columns.
 */
export function multiRowInsert(statements: StatementCache): InsertRows {
  return async (trx, table, conflict, rows) => {
    const inserted = new Array<boolean>(rows.length).fill(false);
    const values = rows as readonly Row[];
    const columns = Object.keys(values[0] ?? {});
    const size = Math.max(
      1,
      Math.min(ROWS_PER_STATEMENT, Math.floor(PARAMETERS_PER_STATEMENT / columns.length)),
    );
    const keyOf = (row: Row) => conflict.map((c) => String(row[c])).join("\u0000");
    for (let start = 0; start < rows.length; start += size) {
      const chunk = values.slice(start, start + size);
      const build = () =>
        trx
          .insertInto(table)
          .values(chunk as never)
          .onConflict((oc) => oc.columns([...conflict]).doNothing())
          .returning(conflict as never);
      const back = await statements.run<Row>(
        trx,
        `insert ${table} ${conflict.join(",")} ${chunk.length}`,
        build,
        valuesOf(chunk, columns),
      );
      const fresh = new Set(back.map(keyOf));
      chunk.forEach((row, i) => {
        const key = keyOf(row);
        // a key twice in one call: only its first row was inserted
        if (fresh.delete(key)) inserted[start + i] = true;
      });
    }
    return inserted;
  };
}

/** The values of rows, row by row in column order: what a multi-row insert binds. */
export function valuesOf(
  rows: readonly Row[],
  columns: readonly string[] = Object.keys(rows[0] ?? {}),
): unknown[] {
  const values: unknown[] = [];
  for (const row of rows) for (const column of columns) values.push(row[column]);
  return values;
}
