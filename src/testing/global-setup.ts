import { randomBytes } from "node:crypto";
import { readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** URL of the PostgreSQL server shared by the whole test run; tests create their own databases on it. */
    pgUrl: string;
    /** Tag of this run's temporary SQLite directories (`<tmpdir>/stride-test-<runId>-…`), removed at teardown. */
    testRunId: string;
  }
}

/**
 * Starts ONE PostgreSQL server for the whole run (or uses `STRIDE_TEST_PG_URL` when set) and hands its URL to
 * the tests as `inject("pgUrl")`. The returned teardown stops the server and deletes the run's temporary
 * SQLite directories.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = randomBytes(4).toString("hex");
  project.provide("testRunId", runId);
  const removeSqliteDirs = async (): Promise<void> => {
    const prefix = `stride-test-${runId}-`;
    const entries = await readdir(tmpdir()).catch(() => []);
    await Promise.all(
      entries
        .filter((entry) => entry.startsWith(prefix))
        .map((entry) => rm(join(tmpdir(), entry), { recursive: true, force: true })),
    );
  };

  const external = process.env.STRIDE_TEST_PG_URL;
  if (external !== undefined && external !== "") {
    project.provide("pgUrl", external);
    return removeSqliteDirs;
  }
  const server = await startPostgres();
  project.provide("pgUrl", server.url);
  return async () => {
    try {
      await server.stop();
    } finally {
      await removeSqliteDirs();
    }
  };
}
