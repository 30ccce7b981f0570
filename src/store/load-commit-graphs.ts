import { sql } from "kysely";
import { type CommitFacts, CommitGraph } from "../domain/linking/commit-graph.js";
import { FirstDeployed } from "../domain/linking/mark-reverts.js";
import { reposOf, shasMatch } from "../domain/linking/timelines.js";
import type { DeploymentRecord, ServiceRecord } from "../domain/metrics/dataset.js";
import type { EngineAdapter } from "./engine.js";
import { inTurns } from "./next-turn.js";

const CHUNK = 5000;

/**
 * The repositories whose commit graph linking needs: those of deployments that list no changes, and of possible
 * rollbacks (a return to a sha first deployed before the live one). Organisations whose deployments list their changes
 * load no graph at all.
 */
export function reposNeedingGraphs(
  timelines: Iterable<DeploymentRecord[]>,
  services: ReadonlyMap<string, ServiceRecord>,
): Set<string> {
  const repos = new Set<string>();
  for (const timeline of timelines) {
    const firstDeployed = new FirstDeployed();
    for (const [i, d] of timeline.entries()) {
      const live = timeline[i - 1]?.sha ?? null;
      // A rollback that says so needs no graph, nor a return to a sha first deployed after the live one.
      const possibleRollback =
        d.kind === "deploy" &&
        d.sha !== null &&
        live !== null &&
        !shasMatch(live, d.sha) &&
        firstDeployed.shaBefore(d.sha, live);
      if ((d.changes === null && d.sha !== null && d.kind !== "rollback") || possibleRollback) {
        for (const repo of reposOf(d, services.get(d.service))) repos.add(repo);
      }
      firstDeployed.add(d, i);
    }
  }
  return repos;
}

/** Each repository's commits (streamed) as a graph. */
export async function loadCommitGraphs(
  adapter: EngineAdapter,
  repos: ReadonlySet<string>,
  signal?: AbortSignal,
): Promise<Map<string, CommitGraph>> {
  const { db } = adapter;
  const graphs = new Map<string, CommitGraph>();
  for (const repo of [...repos].sort()) {
    signal?.throwIfAborted();
    const facts: CommitFacts[] = [];
    for await (const c of inTurns(
      db
        .selectFrom("changes")
        .select(["sha", "parents", "committed_at", "authored_at", "pull_request", "files"])
        .select(sql<number>`${sql.ref(adapter.changeKey)}`.as("key"))
        .where("repo", "=", repo)
        .stream(CHUNK),
      CHUNK,
    )) {
      facts.push({
        sha: c.sha,
        key: Number(c.key),
        parents: JSON.parse(c.parents) as string[],
        committedAt: Number(c.committed_at),
        authoredAt: Number(c.authored_at),
        pullRequest: c.pull_request === null ? null : Number(c.pull_request),
        files: c.files === null ? null : (JSON.parse(c.files) as string[]),
      });
    }
    if (facts.length > 0) graphs.set(repo, new CommitGraph(repo, facts));
  }
  return graphs;
}
