import { resolve } from "node:path";
import { StrideError } from "../errors.js";
import type { EngineAdapter } from "./engine.js";
import { createStore } from "./kysely-store.js";
import type { Store } from "./store.js";

/**
 * `sqlite:<path>` (relative to the working directory), `sqlite::memory:`, or `postgres://…`. Only the engine named
 * is loaded: a command on SQLite never loads the PostgreSQL driver.
 */
export async function openEngine(databaseUrl: string): Promise<EngineAdapter> {
  if (databaseUrl.startsWith("sqlite:")) {
    const path = databaseUrl.slice("sqlite:".length);
    if (path === "") throw invalidUrl(databaseUrl);
    const { openSqlite } = await import("./sqlite/open-sqlite.js");
    return openSqlite(path === ":memory:" ? path : resolve(path));
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const { openPostgres } = await import("./postgres/open-postgres.js");
    return openPostgres(databaseUrl);
  }
  throw invalidUrl(databaseUrl);
}

function invalidUrl(url: string): StrideError {
  return new StrideError(
    "invalid_config",
    `database URL "${url.replace(/:[^:@/]*@/, ":***@")}" names no engine Stride knows`,
    'use "sqlite:./.stride/stride.db" or "postgres://user:password@host:5432/db"',
    "databaseUrl",
  );
}

/** Opens the store and brings its schema up to date (migrations are applied at start). */
export async function openStore(databaseUrl: string, options: { migrate?: boolean } = {}): Promise<Store> {
  const store = createStore(await openEngine(databaseUrl));
  if (options.migrate === false) return store;
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => {});
    throw new StrideError(
      "database_unreachable",
      `cannot prepare the database: ${(error as Error).message}`,
      "check STRIDE_DATABASE_URL, that the server is running and the user may create tables",
    );
  }
  return store;
}
