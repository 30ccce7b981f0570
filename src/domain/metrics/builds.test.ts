import { describe, expect, test } from "vitest";
import { defaultBuildId } from "../events/identity.js";
import { buildId, buildsFromRecords } from "./builds.js";
import type { BuildRecord } from "./dataset.js";

const at = Date.parse("2026-03-02T10:00:00Z");
const sha = "0123456789abcdef0123456789abcdef01234567";

function run(
  id: string,
  repo: string,
  startedAt: number,
  status: BuildRecord["status"] = "success",
): BuildRecord {
  return { id, repo, sha, pipeline: "ci", startedAt, finishedAt: at, status, tests: null };
}

describe("CI runs as columns", () => {
  test("keep only the ids ingest would not have given, and give every id back", () => {
    const longRepo = `acme/${"x".repeat(300)}`; // its natural key is hashed by ingest
    const records = [
      run("my-run-7", "acme/api", at - 60_000),
      run(defaultBuildId("acme/api", sha, "ci", at - 120_000), "acme/api", at - 120_000, "failure"),
      run(defaultBuildId(longRepo, sha, "ci", at - 30_000), longRepo, at - 30_000),
    ];
    expect(records[2]?.id.startsWith("sha256:")).toBe(true);
    const runs = buildsFromRecords(records);
    expect(runs.explicitIds.size).toBe(1);
    // all finish at the same instant: ordered by id
    const ids = Array.from({ length: runs.n }, (_, i) => buildId(runs, i));
    expect(ids).toEqual(records.map((r) => r.id).sort());
  });

  test("runs of one repository, pipeline and commit share a group; others do not", () => {
    const runs = buildsFromRecords([
      run("a", "acme/api", at - 3),
      run("b", "acme/api", at - 2, "failure"),
      run("c", "acme/web", at - 1),
    ]);
    const groupOf = (id: string) =>
      runs.group[Array.from({ length: runs.n }, (_, i) => buildId(runs, i)).indexOf(id)];
    expect(groupOf("a")).toBe(groupOf("b"));
    expect(groupOf("c")).not.toBe(groupOf("a"));
    expect(runs.groups).toBe(2);
  });
});
