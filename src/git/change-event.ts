import type { GitCommit } from "./read-commits.js";

/**
 * A commit as a change event. What git allows and the event format does not is made to fit rather than lost:
 * an empty subject or author gets a placeholder, over-long text is cut, an octopus merge keeps its first 64
 * parents, a commit touching more than 100,000 paths keeps the first 100,000.
 */
export function changeEvent(commit: GitCommit, repo: string): Record<string, unknown> {
  // Keys in sorted order: the raw log's canonical body is then the event as it is, not a sorted copy.
  const event: Record<string, unknown> = {
    author: commit.author === "" ? "(unknown)" : commit.author.slice(0, 256),
    authoredAt: commit.authoredAt,
    committedAt: commit.committedAt,
  };
  if (commit.files !== undefined) {
    event.files = commit.files.slice(0, 100_000).map((f) => (f.length > 1024 ? f.slice(0, 1024) : f));
  }
  event.parents = commit.parents.length > 64 ? commit.parents.slice(0, 64) : commit.parents;
  event.repo = repo;
  event.sha = commit.sha;
  event.title = commit.title === "" ? "(no message)" : commit.title.slice(0, 4096);
  event.type = "change";
  return event;
}
