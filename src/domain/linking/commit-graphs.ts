import type { ChangeRecord } from "../metrics/dataset.js";
import { type CommitFacts, CommitGraph } from "./commit-graph.js";
import { pullRequestInTitle } from "./pull-requests.js";

/** The commit graph of each repository, from change records (the reference path; the store reads columns). */
export function commitGraphs(changes: readonly ChangeRecord[]): Map<string, CommitGraph> {
  const byRepo = new Map<string, CommitFacts[]>();
  for (const [key, c] of changes.entries()) {
    const facts: CommitFacts = {
      sha: c.sha,
      key,
      parents: c.parents,
      committedAt: c.committedAt,
      authoredAt: c.authoredAt,
      pullRequest: c.pullRequest ?? pullRequestInTitle(c.title),
      files: c.files,
    };
    const list = byRepo.get(c.repo);
    if (list === undefined) byRepo.set(c.repo, [facts]);
    else list.push(facts);
  }
  return new Map([...byRepo].map(([repo, facts]) => [repo, new CommitGraph(repo, facts)]));
}

/** The graph (of the repositories given) that knows the sha, and the commit's number in it. */
export function findCommit(
  graphs: ReadonlyMap<string, CommitGraph>,
  repos: readonly string[],
  sha: string,
): { graph: CommitGraph; commit: number } | undefined {
  for (const repo of repos) {
    const graph = graphs.get(repo);
    const commit = graph?.find(sha);
    if (graph !== undefined && commit !== undefined) return { graph, commit };
  }
  return undefined;
}
