import type { Kysely, RawBuilder } from "kysely";
import type { Database } from "./database.js";
import type { InsertRows } from "./insert-rows.js";

export type Engine = "sqlite" | "postgres";

/**
 * What differs between engines, in one place. Everything else in the store is written once against Kysely.
 */
export interface EngineAdapter {
  readonly engine: Engine;
  readonly db: Kysely<Database>;
  /** Row locks (SELECT … FOR UPDATE) exist: concurrent writers on other connections are possible. */
  readonly rowLocks: boolean;
  /** Errors worth retrying the whole transaction for (deadlock, serialization failure, busy). */
  isRetryable(error: unknown): boolean;
  serverVersion(): Promise<string>;
  /** Expanding the JSON array of shas in `deployments.changes` (alias d): a FROM item j, its sha and position. */
  readonly changesOf: { from: RawBuilder<unknown>; sha: RawBuilder<string>; position: RawBuilder<number> };
  /**
   * The column that numbers a change row (SQLite's rowid; PostgreSQL's `seq`, migration 007): the metrics engine
   * knows commits by it instead of holding their shas. A replay renumbers the rows (store_meta's key_generation).
   */
  readonly changeKey: "rowid" | "seq";
  /**
   * Inserts rows, leaving out those whose conflict columns match a stored row's; answers, per row, whether it was
   * inserted. The raw log and new entities are written this way: SQLite runs one prepared statement per row (in
   * process, that is faster than one statement of many rows), PostgreSQL multi-row statements (one round trip for
   * many rows).
   */
  readonly insertRows: InsertRows;
  /**
   * A large read is over (the metrics load): give back the memory the engine caches for it. SQLite's page cache
   * is the process's own memory (64 MiB when full); PostgreSQL's is the server's.
   */
  releaseMemory(): void;
  /** A short description for logs and `doctor`, with no credentials. */
  readonly location: string;
  close(): Promise<void>;
}
