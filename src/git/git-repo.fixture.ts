import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A real git repository in a temp directory, written with the git command at fixed dates (tests only). */
export interface TestRepo {
  dir: string;
  git(args: string[], at?: string): string;
  /** writes the files and commits them at `at` (author and committer), answering the new sha */
  commit(message: string, at: string, files?: Record<string, string>, authorAt?: string): string;
  /** a merge commit (never fast-forward) of `branch` into the current branch */
  merge(branch: string, at: string): string;
  /** a lightweight tag, or an annotated one when `taggedAt` is given (the tagger date) */
  tag(name: string, target: string, taggedAt?: string): void;
  head(): string;
}

export function makeTestRepo(name = "repo"): TestRepo {
  const dir = join(mkdtempSync(join(tmpdir(), "stride-git-")), name);
  mkdirSync(dir);
  const git = (args: string[], at = "2026-01-01T00:00:00Z", authorAt = at) =>
    execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        PATH: process.env.PATH ?? "",
        HOME: dir,
        GIT_CONFIG_NOSYSTEM: "1",
        GIT_AUTHOR_DATE: authorAt,
        GIT_COMMITTER_DATE: at,
      },
    }).trim();
  git(["-c", "init.defaultBranch=main", "init", "-q"]);
  git(["config", "user.name", "Ana Dev"]);
  git(["config", "user.email", "ana@example.com"]);
  git(["config", "commit.gpgsign", "false"]);
  git(["config", "tag.gpgsign", "false"]);
  git(["config", "advice.nestedTag", "false"]);
  let counter = 0;
  const repo: TestRepo = {
    dir,
    git: (args, at) => git(args, at),
    commit(message, at, files, authorAt) {
      const content = files ?? { [`file-${++counter}.txt`]: `${message}\n` };
      for (const [path, text] of Object.entries(content)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      git(["add", "-A"], at);
      git(["commit", "-q", "--allow-empty", "-m", message], at, authorAt);
      return git(["rev-parse", "HEAD"]);
    },
    merge(branch, at) {
      git(["merge", "-q", "--no-ff", "--no-edit", branch], at);
      return git(["rev-parse", "HEAD"]);
    },
    tag(name, target, taggedAt) {
      if (taggedAt === undefined) git(["tag", name, target]);
      else git(["tag", "-a", name, "-m", `release ${name}`, target], taggedAt);
    },
    head: () => git(["rev-parse", "HEAD"]),
  };
  return repo;
}
