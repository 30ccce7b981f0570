import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import { StrideError } from "../../errors.js";
import type { Database } from "../database.js";
import type { EngineAdapter } from "../engine.js";

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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
  return {
    engine: "sqlite",
    db,
    rowLocks: false,
    location: `sqlite:${path}`,
    isRetryable: (error) => (error as { code?: string }).code === "SQLITE_BUSY",
    changesOf: { from: sql`json_each(d.changes) as j`, sha: sql`j.value`, position: sql`j.key` },
    async serverVersion() {
      const row = await sql<{ v: string }>`select sqlite_version() as v`.execute(db);
      return `SQLite ${row.rows[0]?.v ?? "?"}`;
    },
    close: () => db.destroy(),
  };
}
