import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { systemClock } from "../domain/time.js";
import type { StrideError } from "../errors.js";
import { makeTestRepo, type TestRepo } from "../git/git-repo.fixture.js";
import { type GitImportOptions, prepareGitImport } from "../git/prepare-git-import.js";
import { ingestItems, validateRaw } from "../ingest/ingest-events.js";
import { createWriteQueue } from "../ingest/write-queue.js";
import { openStore } from "../store/open-store.js";
import type { EntityRows, Store } from "../store/store.js";
import { engines, freshDatabaseUrl, freshSqliteUrl } from "../testing/test-databases.js";
import { type GitImportSummary, runGitImport } from "./run-git-import.js";

async function importInto(
  store: Store,
  options: GitImportOptions,
  clock = systemClock,
): Promise<GitImportSummary> {
  const prepared = await prepareGitImport(options);
  const queue = createWriteQueue(store);
  const summary = await runGitImport(prepared, store, { queue, clock });
  await queue.drain();
  return summary;
}

async function withFreshStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(freshSqliteUrl());
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

const ms = (iso: string) => Date.parse(iso);

/** main with a long-lived feature branch merged twice; a lightweight and an annotated release tag */
function shop(): { repo: TestRepo; shas: Record<string, string> } {
  const repo = makeTestRepo("shop");
  const c1 = repo.commit("first", "2026-03-01T10:00:00Z", undefined, "2026-03-01T08:30:00Z");
  repo.git(["checkout", "-q", "-b", "feature"]);
  const f1 = repo.commit("feature one", "2026-03-01T11:00:00Z");
  repo.git(["checkout", "-q", "main"]);
  const c2 = repo.commit("second", "2026-03-01T12:00:00Z");
  const m1 = repo.merge("feature", "2026-03-01T13:00:00Z");
  repo.tag("v1.0.0", m1); // lightweight: deployed at the merge's committer date
  repo.git(["checkout", "-q", "feature"]);
  const f2 = repo.commit("feature two", "2026-03-02T09:00:00Z");
  repo.git(["checkout", "-q", "main"]);
  const m2 = repo.merge("feature", "2026-03-02T10:00:00Z");
  repo.tag("v1.1.0", m2, "2026-03-02T15:45:00Z"); // annotated: deployed at the tag's date
  return { repo, shas: { c1, f1, c2, m1, f2, m2 } };
}

describe("runGitImport", () => {
  test("commits with parents and times, the service, and a successful deployment per tag", async () => {
    const { repo, shas } = shop();
    await withFreshStore(async (store) => {
      const summary = await importInto(store, { path: repo.dir, deployTags: "v*" });
      expect(summary).toMatchObject({
        repo: "local/shop",
        repoFrom: "directory",
        service: "shop",
        environment: "production",
        commits: { read: 6, new: 6, duplicate: 0, rejected: 0 },
        deployments: { read: 2, new: 2, duplicate: 0, rejected: 0 },
        rejections: [],
      });
      const rows = await store.entityRows();
      const change = (sha: string) => rows.changes.find((c) => c.sha === sha);
      expect(change(shas.c1 ?? "")).toMatchObject({
        id: `local/shop@${shas.c1}`,
        repo: "local/shop",
        parents: "[]",
        authored_at: ms("2026-03-01T08:30:00Z"),
        committed_at: ms("2026-03-01T10:00:00Z"),
        author: "Ana Dev",
        title: "first",
        files: null,
      });
      expect(JSON.parse(String(change(shas.m2 ?? "")?.parents))).toEqual([shas.m1, shas.f2]);
      expect(
        rows.deployments.map((d) => ({
          id: d.id,
          sha: d.sha,
          version: d.version,
          at: d.finished_at,
          status: d.status,
          changes: d.changes,
        })),
      ).toEqual([
        {
          id: "git:local/shop:shop:production:v1.0.0",
          sha: shas.m1,
          version: "v1.0.0",
          at: ms("2026-03-01T13:00:00Z"),
          status: "success",
          changes: null,
        },
        {
          id: "git:local/shop:shop:production:v1.1.0",
          sha: shas.m2,
          version: "v1.1.0",
          at: ms("2026-03-02T15:45:00Z"),
          status: "success",
          changes: null,
        },
      ]);
      expect(rows.services).toHaveLength(1);
      expect(JSON.parse(String(rows.services[0]?.data))).toMatchObject({
        name: "shop",
        repos: ["local/shop"],
      });
    });
  });

  test("incremental: a second run reads only the new commits; --full reads everything again", async () => {
    const { repo } = shop();
    await withFreshStore(async (store) => {
      const options = { path: repo.dir, deployTags: "v*", service: "web" };
      expect((await importInto(store, options)).commits.new).toBe(6);
      repo.commit("third", "2026-03-03T10:00:00Z");
      repo.git(["checkout", "-q", "-b", "hotfix", "v1.0.0"]);
      repo.commit("hotfix", "2026-03-03T11:00:00Z");
      repo.git(["checkout", "-q", "main"]);
      const c = repo.commit("fourth", "2026-03-03T12:00:00Z");
      repo.tag("v1.2.0", c, "2026-03-03T13:00:00Z");

      const second = await importInto(store, options);
      expect(second.commits).toEqual({ read: 3, new: 3, duplicate: 0, rejected: 0 });
      expect(second.deployments).toEqual({ read: 3, new: 1, duplicate: 2, rejected: 0 });
      expect(second.tips.known).toBeGreaterThan(0);

      const third = await importInto(store, options);
      expect(third.commits.read).toBe(0);
      expect(third.deployments.new).toBe(0);

      const full = await importInto(store, { ...options, full: true });
      expect(full.commits).toEqual({ read: 9, new: 0, duplicate: 9, rejected: 0 });
      expect((await store.entityRows()).changes).toHaveLength(9);
    });
  });

  test("a monorepo: --paths stores each commit's files and the service's paths; services keep their repos", async () => {
    const repo = makeTestRepo("platform");
    repo.git(["remote", "add", "origin", "https://github.com/acme/platform.git"]);
    const both = repo.commit("scaffold", "2026-03-01T10:00:00Z", {
      "apps/api/a.ts": "1",
      "apps/web/w.ts": "1",
    });
    const api = repo.commit("api", "2026-03-01T11:00:00Z", { "apps/api/a.ts": "2" });
    const web = repo.commit("web", "2026-03-01T12:00:00Z", { "apps/web/w.ts": "2" });
    await withFreshStore(async (store) => {
      const summary = await importInto(store, {
        path: repo.dir,
        service: "api",
        paths: ["apps/api/**"],
        countHistory: true,
      });
      expect(summary).toMatchObject({ repo: "acme/platform", repoFrom: "origin", service: "api" });
      const rows = await store.entityRows();
      const files = Object.fromEntries(rows.changes.map((c) => [c.sha, JSON.parse(String(c.files))]));
      expect(files).toEqual({
        [both]: ["apps/api/a.ts", "apps/web/w.ts"],
        [api]: ["apps/api/a.ts"],
        [web]: ["apps/web/w.ts"],
      });
      const service = rows.services.find((s) => s.name === "api");
      expect(JSON.parse(String(service?.data))).toMatchObject({
        repos: ["acme/platform"],
        paths: ["apps/api/**"],
        countHistory: true,
      });
      // the same service imported from a second repository keeps the first one
      const other = makeTestRepo("api-client");
      other.commit("client", "2026-03-01T10:00:00Z");
      await importInto(store, { path: other.dir, service: "api" });
      const after = (await store.entityRows()).services.find((s) => s.name === "api");
      expect(JSON.parse(String(after?.data))).toMatchObject({
        repos: ["acme/platform", "local/api-client"],
        paths: ["apps/api/**"],
      });
    });
  });

  test("a deploy log: good rows imported (shas expanded, versions resolved to tags), bad rows by line", async () => {
    const { repo, shas } = shop();
    const dir = mkdtempSync(join(tmpdir(), "stride-log-"));
    const file = join(dir, "deploys.csv");
    writeFileSync(
      file,
      [
        "sha,version,finishedAt,environment,status",
        `${shas.m1},,2026-03-01T14:00:00Z,,`,
        `${shas.m2?.slice(0, 8)},,2026-03-02T16:00:00Z,staging,`,
        ",v1.1.0,2026-03-02T17:00:00Z,,",
        ",2.0.0-rc1,2026-03-03T09:00:00Z,,failure",
        `${shas.c1},,2026-03-01 14:00:00,,`,
        "deadbeef00,,2026-03-01T14:00:00Z,,",
        `${shas.c2},,2026-03-01T14:00:00Z,,ok`,
      ].join("\n"),
    );
    await withFreshStore(async (store) => {
      const summary = await importInto(store, { path: repo.dir, deployLog: file });
      expect(summary.deployments).toEqual({ read: 4, new: 4, duplicate: 0, rejected: 0 });
      expect(summary.deployLogProblems.map((p) => [p.line, p.error.code, p.error.field])).toEqual([
        [6, "timestamp_without_zone", "finishedAt"],
        [7, "invalid_field", "sha"],
        [8, "invalid_field", "status"],
      ]);
      const deployments = (await store.entityRows()).deployments.map((d) => [
        d.environment,
        d.sha,
        d.version,
        d.status,
      ]);
      expect(deployments).toEqual(
        expect.arrayContaining([
          ["production", shas.m1, null, "success"],
          ["staging", shas.m2, null, "success"],
          ["production", shas.m2, "v1.1.0", "success"],
          ["production", null, "2.0.0-rc1", "failure"],
        ]),
      );
    });
  });

  test("bad input is refused before anything is written", async () => {
    const { repo } = shop();
    const fail = (options: GitImportOptions) =>
      prepareGitImport(options).then(
        () => undefined,
        (e: unknown) => e as StrideError,
      );
    expect((await fail({ path: repo.dir, deployTags: "release-*" }))?.code).toBe("no_matching_tags");
    expect((await fail({ path: join(repo.dir, "nope") }))?.code).toBe("not_a_git_repository");
    expect((await fail({ path: repo.dir, deployTags: "v*", deployLog: "x.csv" }))?.code).toBe(
      "invalid_argument",
    );
    const dir = mkdtempSync(join(tmpdir(), "stride-log-"));
    writeFileSync(join(dir, "bad.csv"), "when,what\n2026-03-01T10:00:00Z,x\n");
    expect((await fail({ path: repo.dir, deployLog: join(dir, "bad.csv") }))?.code).toBe(
      "invalid_deploy_log",
    );
  });
});

describe.each(engines)("runGitImport on %s", (engine) => {
  const clock = { now: () => Date.UTC(2026, 2, 10) };

  test("new commits go through Store.ingestNew, stored ones are merged; replay rebuilds identical rows", async () => {
    const { repo } = shop();
    const store = await openStore(await freshDatabaseUrl(engine));
    try {
      const options = { path: repo.dir, deployTags: "v*", service: "web" };
      expect((await importInto(store, options, clock)).commits.new).toBe(6);
      repo.commit("third", "2026-03-03T10:00:00Z");
      const pushed = repo.commit("fourth", "2026-03-03T12:00:00Z");
      // a commit another route stored first, as a push webhook would
      const push = {
        type: "change",
        repo: "local/shop",
        sha: pushed,
        authoredAt: "2026-03-03T12:00:00Z",
        committedAt: "2026-03-03T12:00:00Z",
        author: "Ana Dev",
        title: "fourth",
      };
      await ingestItems({ queue: createWriteQueue(store), clock }, [{ raw: "", value: push }], {
        source: "api",
      });
      // with --paths, every commit stored without its files is read again: the import meets 7 stored commits
      const second = await importInto(store, { ...options, paths: ["**"] }, clock);
      expect(second.commits).toEqual({ read: 8, new: 8, duplicate: 0, rejected: 0 });
      const rows = await store.entityRows();
      expect(rows.changes).toHaveLength(8);
      expect(rows.changes.every((c) => c.files !== null)).toBe(true);
      expect(JSON.parse(String(rows.changes.find((c) => c.sha === pushed)?.parents))).toHaveLength(1);
      const raw = await store.rawRecords({ status: "accepted", limit: 1000 });
      expect(raw.filter((r) => r.entityType === "change")).toHaveLength(6 + 1 + 8);
      await store.replay(validateRaw);
      expect(await store.entityRows()).toEqual(rows);
      rowsByEngine.set(engine, rows);
    } finally {
      await store.close();
    }
  });
});

const rowsByEngine = new Map<string, EntityRows>();

test("an import stores the same rows on SQLite and PostgreSQL", () => {
  expect(rowsByEngine.size).toBe(2);
  expect(rowsByEngine.get("postgres")).toEqual(rowsByEngine.get("sqlite"));
});
