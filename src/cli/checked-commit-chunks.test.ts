import { describe, expect, test } from "vitest";
import type { StrideError } from "../errors.js";
import { changeEvent } from "../git/change-event.js";
import { makeTestRepo } from "../git/git-repo.fixture.js";
import { readCommits } from "../git/read-commits.js";
import { type CheckedItem, checkItem } from "../ingest/check-item.js";
import { checkedCommitChunks } from "./checked-commit-chunks.js";

function linear(commits: number) {
  const repo = makeTestRepo("linear");
  for (let i = 0; i < commits; i++)
    repo.commit(`commit ${i}`, `2026-03-01T10:${String(i).padStart(2, "0")}:00Z`);
  return repo;
}

describe("checkedCommitChunks", () => {
  test("the worker's chunks are ingest's own checks of the commits, parents first, in chunks of at most max", async () => {
    const repo = linear(7);
    const range = { include: [repo.head()], exclude: [], files: false };
    const chunks: CheckedItem[][] = [];
    for await (const chunk of checkedCommitChunks({
      dir: repo.dir,
      range,
      repo: "acme/web",
      max: 3,
      post: 2,
    })) {
      chunks.push(chunk);
      // the worker posts meanwhile: the next chunk is what arrived, up to max
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(chunks.every((c) => c.length >= 1 && c.length <= 3)).toBe(true);
    const expected: CheckedItem[] = [];
    for await (const commit of readCommits(repo.dir, range)) {
      expected.push(checkItem({ raw: "", value: changeEvent(commit, "acme/web") }));
    }
    expect(chunks.flat()).toEqual(expected);
    expect(expected.every((item) => item.result.ok && !item.timeless)).toBe(true);
    expect(expected[0]?.result.ok && expected[0].result.event).toMatchObject({
      type: "change",
      title: "commit 0",
    });
  });

  test("git failing in the worker is the import's git_failed error on the main thread", async () => {
    const repo = linear(1);
    const range = { include: ["0".repeat(40)], exclude: [], files: false };
    const read = async () => {
      for await (const _ of checkedCommitChunks({ dir: repo.dir, range, repo: "acme/web", max: 3 })) {
        // nothing arrives
      }
    };
    const error = (await read().catch((e: unknown) => e)) as StrideError;
    expect(error.name).toBe("StrideError");
    expect(error.code).toBe("git_failed");
  });

  test("stopping after the first chunk returns at once: the worker and its git are ended, not waited for", async () => {
    const repo = linear(5);
    const range = { include: [repo.head()], exclude: [], files: false };
    let taken = 0;
    for await (const chunk of checkedCommitChunks({
      dir: repo.dir,
      range,
      repo: "acme/web",
      max: 1,
    })) {
      taken += chunk.length;
      break;
    }
    expect(taken).toBe(1);
  });
});
