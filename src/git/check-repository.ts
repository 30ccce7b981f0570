import { statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { StrideError } from "../errors.js";
import { runGit } from "./run-git.js";

export interface Repository {
  /** where git commands run: the working tree's top level, or the bare repository itself */
  dir: string;
  /** the directory's own name without ".git" (the fallback repository name) */
  name: string;
  bare: boolean;
}

/**
 * Checks that `path` is a readable, complete git repository before anything is read or written: git installed,
 * the path a repository (a working tree, a directory inside one, or a bare repository), not a shallow clone (its
 * history stops early, so lead times would start at the cut).
 */
export async function checkRepository(path: string): Promise<Repository> {
  const absolute = resolve(path);
  if (!isDirectory(absolute)) {
    throw new StrideError(
      "not_a_git_repository",
      `no directory at ${path}`,
      "give the path of a local clone, e.g. stride import git ~/src/shop",
    );
  }
  const probe = await runGit(absolute, [
    "rev-parse",
    "--is-bare-repository",
    "--is-shallow-repository",
    "--absolute-git-dir",
  ]);
  if (probe.code !== 0) {
    throw new StrideError(
      "not_a_git_repository",
      `${path} is not a git repository${/not a git repository/i.test(probe.stderr) ? "" : `: ${probe.stderr.trim()}`}`,
      "give the path of a local clone (the directory that holds .git), or clone the repository first",
    );
  }
  const [bare, shallow, gitDir = absolute] = probe.stdout.trim().split("\n");
  if (shallow === "true") {
    throw new StrideError(
      "shallow_repository",
      `${path} is a shallow clone: its history stops early, so commits before the cut would be missing`,
      `run \`git -C ${path} fetch --unshallow\`, then import again`,
    );
  }
  if (bare === "true") return { dir: gitDir, name: repoDirName(gitDir), bare: true };
  const top = await runGit(absolute, ["rev-parse", "--show-toplevel"]);
  const dir = top.code === 0 && top.stdout.trim() !== "" ? top.stdout.trim() : absolute;
  return { dir, name: repoDirName(dir), bare: false };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function repoDirName(dir: string): string {
  const name = basename(dir).replace(/\.git$/i, "");
  return name === "" ? "repository" : name;
}
