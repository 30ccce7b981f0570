import { describe, expect, test } from "vitest";
import { makeTestRepo } from "./git-repo.fixture.js";
import { type GitCommit, readCommits } from "./read-commits.js";

async function all(iterable: AsyncIterable<GitCommit>): Promise<GitCommit[]> {
  const out: GitCommit[] = [];
  for await (const c of iterable) out.push(c);
  return out;
}

/** main and a long-lived feature branch merged into it twice */
function history() {
  const repo = makeTestRepo("history");
  const c1 = repo.commit("first", "2026-03-01T10:00:00Z", { "a.txt": "1" }, "2026-03-01T09:00:00+02:00");
  repo.git(["checkout", "-q", "-b", "feature"]);
  const f1 = repo.commit("feature one", "2026-03-01T11:00:00Z");
  repo.git(["checkout", "-q", "main"]);
  const c2 = repo.commit("second", "2026-03-01T12:00:00Z");
  const m1 = repo.merge("feature", "2026-03-01T13:00:00Z");
  repo.git(["checkout", "-q", "feature"]);
  const f2 = repo.commit("feature two", "2026-03-01T14:00:00Z");
  repo.git(["checkout", "-q", "main"]);
  const c3 = repo.commit("third", "2026-03-01T15:00:00Z");
  const m2 = repo.merge("feature", "2026-03-01T16:00:00Z");
  return { repo, c1, f1, c2, m1, f2, c3, m2 };
}

describe("readCommits", () => {
  test("every commit with parents, times and subject, parents always before children", async () => {
    const h = history();
    const commits = await all(readCommits(h.repo.dir, { include: [h.m2], exclude: [], files: false }));
    expect(commits.map((c) => c.sha).sort()).toEqual([h.c1, h.f1, h.c2, h.m1, h.f2, h.c3, h.m2].sort());
    const position = new Map(commits.map((c, i) => [c.sha, i]));
    for (const c of commits) {
      for (const p of c.parents) expect(position.get(p)).toBeLessThan(position.get(c.sha) ?? -1);
    }
    const bySha = new Map(commits.map((c) => [c.sha, c]));
    expect(bySha.get(h.c1)).toEqual({
      sha: h.c1,
      parents: [],
      author: "Ana Dev",
      authoredAt: "2026-03-01T09:00:00+02:00",
      committedAt: "2026-03-01T10:00:00+00:00",
      title: "first",
    });
    expect(bySha.get(h.m1)?.parents).toEqual([h.c2, h.f1]);
    expect(bySha.get(h.m2)?.parents).toEqual([h.c3, h.f2]);
    expect(bySha.get(h.m2)?.title).toBe("Merge branch 'feature'");
    expect(bySha.get(h.f2)?.parents).toEqual([h.f1]);
  });

  test("a range: what the excluded tips reach is left out", async () => {
    const h = history();
    const commits = await all(readCommits(h.repo.dir, { include: [h.m2], exclude: [h.m1], files: false }));
    expect(commits.map((c) => c.sha).sort()).toEqual([h.f2, h.c3, h.m2].sort());
    expect(await all(readCommits(h.repo.dir, { include: [], exclude: [], files: false }))).toEqual([]);
  });

  test("files: the paths each commit touches (renames as both paths, odd names verbatim), none for merges", async () => {
    const repo = makeTestRepo();
    const c1 = repo.commit("two services", "2026-03-01T10:00:00Z", {
      "apps/api/main.ts": "1",
      "apps/web/index.ts": "1",
      'docs/naïve file, "quoted".md': "1",
    });
    repo.git(["checkout", "-q", "-b", "topic"]);
    repo.git(["mv", "apps/api/main.ts", "apps/web/main.ts"]);
    const moved = repo.commit("move", "2026-03-01T11:00:00Z", {});
    repo.git(["checkout", "-q", "main"]);
    const c2 = repo.commit("api only", "2026-03-01T12:00:00Z", { "apps/web/index.ts": "2" });
    const merge = repo.merge("topic", "2026-03-01T13:00:00Z");
    const empty = repo.commit("nothing", "2026-03-01T14:00:00Z", {});
    const commits = await all(readCommits(repo.dir, { include: [empty], exclude: [], files: true }));
    const files = new Map(commits.map((c) => [c.sha, c.files]));
    expect(files.get(c1)?.sort()).toEqual(
      ["apps/api/main.ts", "apps/web/index.ts", 'docs/naïve file, "quoted".md'].sort(),
    );
    expect(files.get(moved)?.sort()).toEqual(["apps/api/main.ts", "apps/web/main.ts"]);
    expect(files.get(c2)).toEqual(["apps/web/index.ts"]);
    expect(files.get(merge)).toEqual([]);
    expect(files.get(empty)).toEqual([]);
  });
});
