import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { runCli } from "../../testing/run-cli.js";
import { freshPostgresUrl } from "../../testing/test-databases.js";
import { openStore } from "../open-store.js";

const T0 = Date.UTC(2026, 2, 1);

/** Events 0..n-1: deployments with in_progress/success versions and incidents, so overlaps merge, not just dedupe. */
function event(i: number, phase: "start" | "end"): Record<string, unknown> {
  if (i % 3 === 0) {
    return {
      type: "incident",
      id: `inc-${i}`,
      services: [`svc-${i % 7}`],
      detectedAt: T0 + i * 60_000,
      ...(phase === "end" ? { resolvedAt: T0 + i * 60_000 + 30_000 } : { severity: "sev3" }),
    };
  }
  return {
    type: "deployment",
    id: `dep-${i}`,
    service: `svc-${i % 7}`,
    environment: "production",
    startedAt: T0 + i * 60_000,
    ...(phase === "end"
      ? { status: "success", finishedAt: T0 + i * 60_000 + 5_000 }
      : { status: "in_progress" }),
  };
}

test("two processes ingesting overlapping events into PostgreSQL: no duplicate, no loss, same rows as one writer", async () => {
  const dir = mkdtempSync(join(tmpdir(), "stride-concurrent-"));
  const n = 600;
  const a: string[] = [];
  const b: string[] = [];
  for (let i = 0; i < n; i++) {
    // A sends the first two thirds, B the last two thirds; the middle third reaches both, in opposite phase order.
    if (i < (2 * n) / 3) a.push(JSON.stringify(event(i, "start")), JSON.stringify(event(i, "end")));
    if (i >= n / 3) b.push(JSON.stringify(event(i, "end")), JSON.stringify(event(i, "start")));
  }
  const fileA = join(dir, "a.ndjson");
  const fileB = join(dir, "b.ndjson");
  writeFileSync(fileA, a.join("\n"));
  writeFileSync(fileB, b.join("\n"));

  const shared = await freshPostgresUrl();
  // migrate once first: concurrent first starts of the schema are not what this test is about
  await (await openStore(shared)).close();
  const [ra, rb] = await Promise.all([
    runCli(["ingest", fileA, "--database", shared, "--json"]),
    runCli(["ingest", fileB, "--database", shared, "--json"]),
  ]);
  expect(ra.code, ra.stderr).toBe(0);
  expect(rb.code, rb.stderr).toBe(0);

  const single = await freshPostgresUrl();
  const rs = await runCli(["ingest", fileA, "--database", single]);
  expect(rs.code, rs.stderr).toBe(0);
  expect((await runCli(["ingest", fileB, "--database", single])).code).toBe(0);

  const concurrent = await openStore(shared);
  const sequential = await openStore(single);
  try {
    const rows = await concurrent.entityRows();
    expect(rows.deployments.length + rows.incidents.length).toBe(n);
    expect(rows.deployments.every((d) => d.status === "success")).toBe(true);
    expect(rows.incidents.every((i) => i.resolved_at !== null && i.severity === "sev3")).toBe(true);
    expect(rows).toEqual(await sequential.entityRows());
    // every line was logged once: overlapping deliveries are duplicates, not second copies
    const counts = await concurrent.counts();
    expect(counts.raw.accepted).toBe(new Set([...a, ...b]).size);
  } finally {
    await concurrent.close();
    await sequential.close();
  }
});
