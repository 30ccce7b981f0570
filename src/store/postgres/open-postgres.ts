import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import Cursor from "pg-cursor";
import type { Database } from "../database.js";
import type { EngineAdapter } from "../engine.js";
import { multiRowInsert } from "../insert-rows.js";
import { createStatementCache } from "../statement-cache.js";

const INT8_OID = 20;

/** PostgreSQL, for teams and for several Stride instances behind one load balancer. */
export function openPostgres(url: string, poolSize = 10): EngineAdapter {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // Counts and epoch-millisecond columns are bigint; they stay far below 2^53, so numbers are exact.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === INT8_OID
          ? (v: string) => Number(v)
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the process; the next query reports it.
  pool.on("error", () => {});
  // The cursor lets the metrics load stream tables instead of holding every row at once.
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  return {
    engine: "postgres",
    db,
    rowLocks: true,
    insertRows: multiRowInsert(createStatementCache()),
    location: redactUrl(url),
    changesOf: {
      from: sql`lateral jsonb_array_elements_text(d.changes::jsonb) with ordinality as j(sha, ord)`,
      sha: sql`j.sha`,
      position: sql`(j.ord - 1)`,
    },
    changeKey: "seq",
    isRetryable: (error) => {
      const code = (error as { code?: string }).code;
      return code === "40P01" || code === "40001";
    },
    async serverVersion() {
      const row = await sql<{ v: string }>`show server_version`.execute(db);
      return `PostgreSQL ${row.rows[0]?.v ?? "?"}`;
    },
    releaseMemory: () => {},
    close: () => db.destroy(),
  };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://(unparseable url)";
  }
}
