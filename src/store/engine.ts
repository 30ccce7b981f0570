import type { Kysely, RawBuilder } from "kysely";
import type { Database } from "./database.js";

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
  /** A short description for logs and `doctor`, with no credentials. */
  readonly location: string;
  close(): Promise<void>;
}
