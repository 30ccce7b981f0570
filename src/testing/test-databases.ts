import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { createDatabase } from "./postgres-server.js";

/** The storage engines every store-level test should run against. */
export const engines = ["sqlite", "postgres"] as const;
export type Engine = (typeof engines)[number];

/** A new, empty database on the run's shared PostgreSQL server (see global-setup.ts). */
export async function freshPostgresUrl(): Promise<string> {
  return createDatabase(inject("pgUrl"));
}

/**
 * `sqlite:<tmpdir>/stride-test-<random>/stride.db`: the directory exists and is empty, the file does not.
 * The global setup deletes the run's directories at teardown.
 */
export function freshSqliteUrl(): string {
  const random = `${inject("testRunId")}-${randomBytes(4).toString("hex")}`;
  const dir = mkdtempSync(join(tmpdir(), `stride-test-${random}-`));
  return `sqlite:${join(dir, "stride.db")}`;
}

/** A fresh, empty database URL for `engine`. */
export async function freshDatabaseUrl(engine: Engine): Promise<string> {
  return engine === "postgres" ? freshPostgresUrl() : freshSqliteUrl();
}
