import { normalizeRepo } from "../domain/repo.js";
import { StrideError } from "../errors.js";
import type { Repository } from "./check-repository.js";
import { runGit } from "./run-git.js";

export interface RepoIdentity {
  /** "owner/repo", as webhooks and the API name the same repository */
  repo: string;
  /** where the name came from */
  from: "--repo" | "origin" | "directory";
}

/**
 * The repository's Stride name, in this order: `--repo` when given (the user knows best); else the `origin`
 * remote's URL, normalized as every source's repository names are (so commits imported here and a GitHub push
 * webhook name the same repository); else "local/<directory name>" (a repository with no hosted origin).
 */
export async function resolveRepo(repository: Repository, explicit?: string): Promise<RepoIdentity> {
  if (explicit !== undefined) {
    const repo = normalizeRepo(explicit);
    if (repo === undefined) {
      throw new StrideError(
        "invalid_argument",
        `--repo "${explicit}" is not a repository name`,
        'give "owner/repo" or a clone URL',
        "--repo",
      );
    }
    return { repo, from: "--repo" };
  }
  const origin = await runGit(repository.dir, ["remote", "get-url", "origin"]);
  const url = origin.code === 0 ? origin.stdout.trim() : "";
  if (isRemoteUrl(url)) {
    const repo = normalizeRepo(url);
    if (repo !== undefined) return { repo, from: "origin" };
  }
  return { repo: `local/${repository.name.replace(/\s+/g, "-")}`, from: "directory" };
}

/** A hosted URL (https://, ssh://, git://, scp-like git@host:path), not a path on this machine. */
function isRemoteUrl(url: string): boolean {
  if (/^file:/i.test(url)) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return true;
  return /^[^/\s:]+:[^\\]/.test(url) && !/^[a-z]:[\\/]/i.test(url);
}
