import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { makeTestRepo } from "../git/git-repo.fixture.js";
import { openStore } from "../store/open-store.js";
import { runCli } from "../testing/run-cli.js";
import { freshSqliteUrl } from "../testing/test-databases.js";

/** a week of work on main and a long-lived branch, released by three tags (one annotated) */
function releases() {
  const repo = makeTestRepo("shop");
  repo.git(["remote", "add", "origin", "git@github.com:acme/shop.git"]);
  const c1 = repo.commit("checkout page", "2026-03-02T09:00:00Z");
  repo.tag("v1.0.0", c1);
  repo.git(["checkout", "-q", "-b", "payments"]);
  repo.commit("payments: card form", "2026-03-02T15:00:00Z");
  repo.git(["checkout", "-q", "main"]);
  repo.commit("fix totals", "2026-03-03T10:00:00Z");
  const m1 = repo.merge("payments", "2026-03-03T11:00:00Z");
  repo.tag("v1.1.0", m1, "2026-03-03T16:00:00Z");
  repo.git(["checkout", "-q", "payments"]);
  repo.commit("payments: wallets", "2026-03-04T10:00:00Z");
  repo.git(["checkout", "-q", "main"]);
  const m2 = repo.merge("payments", "2026-03-05T09:00:00Z");
  repo.tag("v1.2.0", m2);
  return repo;
}

describe("stride import git", () => {
  test("imports a repository, then stride metrics counts its deployments; a second run reads nothing new", async () => {
    const repo = releases();
    const db = freshSqliteUrl();
    const args = ["import", "git", repo.dir, "--deploy-tags", "v*", "--database", db];
    const first = await runCli([...args, "--json"]);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      repo: "acme/shop",
      service: "shop",
      commits: { read: 6, new: 6 },
      deployments: { read: 3, new: 3 },
    });

    const metrics = await runCli([
      "metrics",
      "--service",
      "shop",
      "--from",
      "2026-03-01",
      "--to",
      "2026-04-01",
      "--database",
      db,
      "--json",
    ]);
    expect(metrics.code, metrics.stderr).toBe(0);
    const { deploymentFrequency, leadTime } = JSON.parse(metrics.stdout).metrics;
    expect(deploymentFrequency.count).toBe(3);
    expect(
      leadTime.count,
      "lead time from the commit graph: v1.1.0 ships 3 commits, v1.2.0 ships 2, v1.0.0 (the first) none",
    ).toBe(5);

    const again = await runCli(args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/commits: 0 read, 0 new/);
    expect(again.stdout).toMatch(/deployments: 3 read, 0 new, 3 already stored/);
  });

  test("bad input: stable codes, hints and exit codes, and no database written", async () => {
    const repo = releases();
    const plain = mkdtempSync(join(tmpdir(), "stride-plain-"));
    const shallow = join(mkdtempSync(join(tmpdir(), "stride-git-")), "shallow");
    execFileSync("git", ["clone", "-q", "--depth", "1", `file://${repo.dir}`, shallow], { stdio: "ignore" });
    const db = () => freshSqliteUrl();
    const dbs = [db(), db(), db(), db()];
    const [notRepo, shallowClone, noTags, noGit] = await Promise.all([
      runCli(["import", "git", plain, "--database", dbs[0] ?? ""]),
      runCli(["import", "git", shallow, "--database", dbs[1] ?? ""]),
      runCli(["import", "git", repo.dir, "--deploy-tags", "release-*", "--database", dbs[2] ?? ""]),
      runCli(["import", "git", repo.dir, "--database", dbs[3] ?? ""], { env: { PATH: "/nonexistent" } }),
    ]);
    expect([notRepo.code, notRepo.stderr]).toEqual([
      66,
      expect.stringMatching(/error\[not_a_git_repository\]/),
    ]);
    expect([shallowClone.code, shallowClone.stderr]).toEqual([
      65,
      expect.stringMatching(/fetch --unshallow/),
    ]);
    expect([noTags.code, noTags.stderr]).toEqual([
      64,
      expect.stringMatching(/error\[no_matching_tags\][\s\S]*v1\.2\.0/),
    ]);
    expect([noGit.code, noGit.stderr]).toEqual([69, expect.stringMatching(/error\[git_unavailable\]/)]);
    for (const url of dbs) expect(existsSync(url.slice("sqlite:".length))).toBe(false);
  });

  test("a deploy log with bad rows: the good rows imported, the bad ones by line, exit 65", async () => {
    const repo = releases();
    const sha = repo.head();
    const file = join(mkdtempSync(join(tmpdir(), "stride-log-")), "deploys.ndjson");
    writeFileSync(
      file,
      [
        JSON.stringify({ sha, finishedAt: "2026-03-05T12:00:00Z" }),
        JSON.stringify({ sha, finishedAt: "2026-03-05T13:00:00" }),
        JSON.stringify({ version: "v1.1.0", time: "2026-03-04T08:00:00Z", environment: "staging" }),
      ].join("\n"),
    );
    const db = freshSqliteUrl();
    const result = await runCli(["import", "git", repo.dir, "--deploy-log", file, "--database", db]);
    expect(result.code).toBe(65);
    expect(result.stdout).toMatch(/deployments: 2 read, 2 new/);
    expect(result.stdout).toMatch(/line 2: \[timestamp_without_zone\]/);
    expect(result.stderr).toMatch(/error\[deploy_log_rows_rejected\]: 1 deploy log row rejected \(line 2\)/);
    const store = await openStore(db);
    try {
      const deployments = (await store.entityRows()).deployments;
      expect(deployments.map((d) => [d.environment, d.sha]).sort()).toEqual(
        [
          ["production", sha],
          ["staging", expect.stringMatching(/^[0-9a-f]{40}$/)],
        ].sort(),
      );
    } finally {
      await store.close();
    }
  });
});
