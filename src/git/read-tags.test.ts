import { describe, expect, test } from "vitest";
import type { StrideError } from "../errors.js";
import { makeTestRepo } from "./git-repo.fixture.js";
import { readTags } from "./read-tags.js";

function tagged() {
  const repo = makeTestRepo();
  const c1 = repo.commit("one", "2026-03-01T10:00:00Z");
  const c2 = repo.commit("two", "2026-03-02T10:00:00Z");
  const c3 = repo.commit("three", "2026-03-03T10:00:00Z");
  repo.tag("v1.0.0", c1); // lightweight: the commit's date
  repo.tag("v1.1.0", c2, "2026-03-02T18:30:00Z"); // annotated: its own date
  repo.tag("release/2026-03", c3, "2026-03-04T09:00:00Z");
  repo.tag("nested", "v1.1.0", "2026-03-05T00:00:00Z"); // a tag of a tag
  repo.tag("tree-tag", `${c3}^{tree}`);
  return { repo, c1, c2, c3 };
}

describe("readTags", () => {
  test("lightweight and annotated tags: the peeled commit and the right date, oldest first", async () => {
    const { repo, c1, c2 } = tagged();
    const { tags, skipped } = await readTags(repo.dir, "v*");
    expect(tags).toEqual([
      { name: "v1.0.0", sha: c1, date: "2026-03-01T10:00:00+00:00", annotated: false },
      { name: "v1.1.0", sha: c2, date: "2026-03-02T18:30:00+00:00", annotated: true },
    ]);
    expect(skipped).toEqual([]);
  });

  test("git tag -l globbing: * crosses /, nested tags are peeled, tags of trees are skipped", async () => {
    const { repo, c2, c3 } = tagged();
    const { tags, skipped } = await readTags(repo.dir, "*");
    expect(tags.map((t) => t.name)).toEqual(["v1.0.0", "v1.1.0", "release/2026-03", "nested"]);
    expect(tags.find((t) => t.name === "release/2026-03")?.sha).toBe(c3);
    expect(tags.find((t) => t.name === "nested")).toMatchObject({
      sha: c2,
      date: "2026-03-05T00:00:00+00:00",
    });
    expect(skipped).toEqual(["tree-tag"]);
  });

  test("a pattern matching nothing: no_matching_tags naming tags that exist", async () => {
    const { repo } = tagged();
    const error = (await readTags(repo.dir, "prod-*").catch((e: unknown) => e)) as StrideError;
    expect(error.code).toBe("no_matching_tags");
    expect(error.message).toMatch(/prod-\*/);
    expect(error.hint).toMatch(/5 tags/);
    expect(error.hint).toMatch(/v1\.1\.0/);
    const bare = makeTestRepo();
    bare.commit("one", "2026-03-01T10:00:00Z");
    const none = (await readTags(bare.dir, "v*").catch((e: unknown) => e)) as StrideError;
    expect(none.code).toBe("no_matching_tags");
    expect(none.hint).toMatch(/no tags/);
  });
});
