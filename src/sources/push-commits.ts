import { clip, clipName, titleOf } from "./naming.js";
import { defined, ignored, type MapResult, type StrideEventInput } from "./source.js";

/**
 * Push hooks that list their commits the GitHub way (GitHub, Gitea, GitLab): each commit with its id, one
 * timestamp, an author, a message and the paths it added, modified and removed. Their commits become changes the
 * same way; the reasons a push records nothing are worded the same for every source.
 */

export interface HookCommit {
  id: string;
  /** the commit's time as the hook lists it: both authoredAt and committedAt (the payload has no other) */
  timestamp: string;
  /** GitLab's first line of the message */
  title?: string | null | undefined;
  message?: string | null | undefined;
  author?: { name?: string | null | undefined; username?: string | null | undefined } | null | undefined;
  added?: string[] | undefined;
  modified?: string[] | undefined;
  removed?: string[] | undefined;
}

/** A push's commits (oldest first) and their derived parents (deriveParents) → change events. */
export function pushedChanges(
  repo: string,
  commits: readonly HookCommit[],
  parents: readonly (string[] | undefined)[],
): StrideEventInput[] {
  return commits.map((c, i) =>
    defined({
      type: "change" as const,
      repo,
      sha: c.id,
      parents: parents[i],
      authoredAt: c.timestamp,
      committedAt: c.timestamp,
      author: clipName(c.author?.username || c.author?.name || "unknown"),
      title: titleOf(c.title || c.message || undefined),
      files: filesOf(c),
    }),
  );
}

/** The paths a pushed commit touched, sorted and deduplicated; undefined when the hook lists none of the three. */
export function filesOf(c: Pick<HookCommit, "added" | "modified" | "removed">): string[] | undefined {
  if (c.added === undefined && c.modified === undefined && c.removed === undefined) return undefined;
  const files = new Set<string>();
  for (const list of [c.added, c.modified, c.removed]) {
    for (const path of list ?? []) if (path !== "") files.add(clip(path, 1024));
  }
  return [...files].sort().slice(0, 100_000);
}

/** A push of a tag, where releases are what become deployments. */
export function tagPushIgnored(eventType: string): MapResult {
  return ignored(
    eventType,
    "nothing_to_record",
    "a tag push: tags are not commits (releases become deployments with the releaseDeployments setting)",
  );
}

export function branchDeletionIgnored(eventType: string): MapResult {
  return ignored(eventType, "nothing_to_record", "a branch deletion");
}

/** A push that lists no commit. */
export function noNewCommitsIgnored(eventType: string): MapResult {
  return ignored(
    eventType,
    "nothing_to_record",
    "a push with no new commits (a branch created at an existing commit)",
  );
}

/** A push of tags only, or of deletions only (sources that list several ref changes in one push). */
export function noBranchPushedIgnored(eventType: string, tags: boolean): MapResult {
  return ignored(
    eventType,
    "nothing_to_record",
    tags ? "a tag push: tags are not commits" : "a branch deletion",
  );
}
