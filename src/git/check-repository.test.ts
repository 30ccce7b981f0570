import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { StrideError } from "../errors.js";
import { checkRepository } from "./check-repository.js";
import { makeTestRepo } from "./git-repo.fixture.js";
import { resolveRepo } from "./resolve-repo.js";

const failure = (p: Promise<unknown>) => p.then(() => undefined).catch((e: unknown) => e as StrideError);

describe("checkRepository", () => {
  test("a working tree, a directory inside it, a bare clone", async () => {
    const repo = makeTestRepo("shop");
    repo.commit("one", "2026-03-01T10:00:00Z", { "src/a.ts": "1" });
    expect(await checkRepository(repo.dir)).toMatchObject({ name: "shop", bare: false });
    expect((await checkRepository(join(repo.dir, "src"))).dir).toBe((await checkRepository(repo.dir)).dir);
    const bare = join(mkdtempSync(join(tmpdir(), "stride-git-")), "shop.git");
    execFileSync("git", ["clone", "-q", "--bare", repo.dir, bare]);
    expect(await checkRepository(bare)).toMatchObject({ name: "shop", bare: true });
  });

  test("not a repository, no directory, a shallow clone: stable codes with hints", async () => {
    const plain = mkdtempSync(join(tmpdir(), "stride-plain-"));
    const notRepo = await failure(checkRepository(plain));
    expect(notRepo?.code).toBe("not_a_git_repository");
    expect(notRepo?.hint).toMatch(/clone/);
    expect((await failure(checkRepository(join(plain, "missing"))))?.code).toBe("not_a_git_repository");

    const repo = makeTestRepo();
    repo.commit("one", "2026-03-01T10:00:00Z");
    repo.commit("two", "2026-03-02T10:00:00Z");
    const shallow = join(mkdtempSync(join(tmpdir(), "stride-git-")), "shallow");
    execFileSync("git", ["clone", "-q", "--depth", "1", `file://${repo.dir}`, shallow]);
    const error = await failure(checkRepository(shallow));
    expect(error?.code).toBe("shallow_repository");
    expect(error?.hint).toMatch(/git -C .* fetch --unshallow/);
  });

  test("git not installed: git_unavailable", async () => {
    const repo = makeTestRepo();
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const error = await failure(checkRepository(repo.dir));
      expect(error?.code).toBe("git_unavailable");
      expect(error?.hint).toMatch(/install git/);
    } finally {
      process.env.PATH = path;
    }
  });
});

describe("resolveRepo", () => {
  test("--repo, else the origin remote normalized, else local/<directory>", async () => {
    const repo = makeTestRepo("my shop");
    const checked = await checkRepository(repo.dir);
    expect(await resolveRepo(checked)).toEqual({ repo: "local/my-shop", from: "directory" });
    repo.git(["remote", "add", "origin", "git@github.com:Acme/Shop.git"]);
    expect(await resolveRepo(checked)).toEqual({ repo: "Acme/Shop", from: "origin" });
    repo.git(["remote", "set-url", "origin", "https://gitlab.example.com/group/sub/shop.git"]);
    expect((await resolveRepo(checked)).repo).toBe("group/sub/shop");
    repo.git(["remote", "set-url", "origin", "/srv/git/shop.git"]);
    expect(await resolveRepo(checked)).toEqual({ repo: "local/my-shop", from: "directory" });
    expect(await resolveRepo(checked, "https://github.com/acme/web")).toEqual({
      repo: "acme/web",
      from: "--repo",
    });
    expect((await failure(resolveRepo(checked, "   ")))?.code).toBe("invalid_argument");
  });
});
