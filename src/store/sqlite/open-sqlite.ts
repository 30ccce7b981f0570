import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, type SqliteDatabase as KyselySqliteDatabase, SqliteDialect, sql } from "kysely";
import { StrideError } from "../../errors.js";
import type { Database } from "../database.js";
import type { EngineAdapter } from "../engine.js";
import type { InsertRows, Row } from "../insert-rows.js";
import { nextTurn } from "../next-turn.js";

/**
 * The embedded engine. WAL lets readers run beside the writer; synchronous=FULL makes every commit durable
 * before Stride acknowledges it (the ingest queue groups concurrent requests into one commit to pay for it).
 */
export function openSqlite(path: string): EngineAdapter {
  let raw: SqliteDatabase.Database;
  try {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    raw = new SqliteDatabase(path);
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = FULL");
    raw.pragma("busy_timeout = 5000");
    raw.pragma("foreign_keys = ON");
    // 64 MiB of page cache (the default is 2 MiB): the metrics load joins millions of rows by index.
    raw.pragma("cache_size = -65536");
  } catch (error) {
    throw new StrideError(
      "database_unreachable",
      `cannot open SQLite database ${path}: ${(error as Error).message}`,
      "check that the directory exists and is writable, or set STRIDE_DATABASE_URL=sqlite:<path>",
    );
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: reusingStatements(raw) }) });
  return {
    engine: "sqlite",
    db,
    rowLocks: false,
    insertRows: rowByRow(raw),
    location: `sqlite:${path}`,
    isRetryable: (error) => (error as { code?: string }).code === "SQLITE_BUSY",
    changesOf: { from: sql`json_each(d.changes) as j`, sha: sql`j.value`, position: sql`j.key` },
    changeKey: "rowid",
    async serverVersion() {
      const row = await sql<{ v: string }>`select sqlite_version() as v`.execute(db);
      return `SQLite ${row.rows[0]?.v ?? "?"}`;
    },
    releaseMemory: () => raw.pragma("shrink_memory"),
    close: () => db.destroy(),
  };
}

/** How many prepared statements the connection keeps for reuse. */
const STATEMENTS = 64;

/**
 * Kysely prepares every statement it runs, and preparing is SQLite parsing and planning the text again. The store
 * runs a few texts over and over (begin, a load of 500 ids, the data version, commit), so prepared statements are
 * kept by their text, least recently used dropped first. A statement still being iterated (a streamed query) is not
 * shared: that caller gets a fresh one.
 */
function reusingStatements(raw: SqliteDatabase.Database): KyselySqliteDatabase {
  const prepared = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => raw.close(),
    prepare(text) {
      let statement = prepared.get(text);
      if (statement?.busy) return raw.prepare(text);
      if (statement === undefined) statement = raw.prepare(text);
      else prepared.delete(text); // set again below: the map's order is least recently used first
      if (prepared.size >= STATEMENTS) prepared.delete(prepared.keys().next().value as string);
      prepared.set(text, statement);
      return statement;
    },
  };
}

/** Rows inserted between two turns of the event loop. */
const ROWS_PER_TURN = 1000;

/**
 * Inserts with one prepared statement per row. SQLite runs in this process, so a statement costs no round trip,
 * and a one-row statement is cheaper to bind and run than a many-row one. SQLite has a single connection: the
 * statements run on it, inside the transaction Kysely began on it.
 *
 * SQLite's calls block the process, so a large write lets the event loop run every ROWS_PER_TURN rows: other work
 * waiting on I/O goes on meanwhile (the next chunk of `git log` is read while this one is written; a server keeps
 * reading requests). Everything else waits for the connection, which the transaction holds.
 */
function rowByRow(raw: SqliteDatabase.Database): InsertRows {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return async (_trx, table, conflict, rows) => {
    if (rows.length === 0) return [];
    const columns = Object.keys(rows[0] ?? {});
    const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(", ");
    const text =
      `insert into "${table}" (${quoted(columns)}) values (${columns.map(() => "?").join(", ")}) ` +
      `on conflict (${quoted(conflict)}) do nothing`;
    let statement = statements.get(text);
    if (statement === undefined) {
      statement = raw.prepare(text);
      statements.set(text, statement);
    }
    const inserted = new Array<boolean>(rows.length);
    const values = new Array<unknown>(columns.length);
    for (let r = 0; r < rows.length; r++) {
      if (r > 0 && r % ROWS_PER_TURN === 0) await nextTurn();
      const row = rows[r] as Row;
      for (let i = 0; i < columns.length; i++) values[i] = row[columns[i] as string] ?? null;
      inserted[r] = statement.run(values).changes > 0;
    }
    return inserted;
  };
}
