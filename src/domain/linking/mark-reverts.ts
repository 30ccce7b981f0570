import type { ServiceRecord } from "../metrics/dataset.js";
import type { FailureCause, Link, LinkedDeployment } from "../metrics/linked.js";
import type { CommitGraph } from "./commit-graph.js";
import { findCommit } from "./commit-graphs.js";
import { reposOf, shasMatch, shortSha } from "./timelines.js";

/**
 * Rollbacks and hotfixes along one target's timeline (GUIDE §3). A deployment is a rollback when it says so, or
 * when its sha is a proper ancestor of the live one and was deployed before (with no sha: its version is one
 * deployed before the live one); redeploying the live sha is not. The deployment it reverts or fixes, the live
 * one, is marked failed. A rollback found this way takes the kind "rollback": it is not a change.
 */
export function markReverts(
  timeline: LinkedDeployment[],
  service: ServiceRecord | undefined,
  graphs: ReadonlyMap<string, CommitGraph>,
): void {
  const earlierShas = new Map<string, string[]>(); // by 7-character prefix
  const earlierVersions = new Set<string>();
  for (const [i, d] of timeline.entries()) {
    const live = timeline[i - 1];
    if (live !== undefined) {
      const found =
        d.kind === "deploy" ? implicitRollback(d, live, service, graphs, earlierShas, earlierVersions) : null;
      if (found !== null) d.kind = "rollback";
      if (d.kind !== "deploy") {
        const cause = d.kind === "rollback" ? "rollback" : "hotfix";
        d.rework = cause;
        d.reverts = {
          deployment: live.id,
          ...(found ?? {
            method: `kind:${d.kind}`,
            evidence: `${d.id} says kind "${d.kind}"; ${live.id} was live before it`,
          }),
        };
        fail(live, cause, live.at ?? 0);
        restore(live, d.at ?? 0, d.id);
      }
    }
    if (d.sha !== null) {
      const list = earlierShas.get(d.sha.slice(0, 7));
      if (list === undefined) earlierShas.set(d.sha.slice(0, 7), [d.sha]);
      else list.push(d.sha);
    }
    if (d.version !== null) earlierVersions.add(d.version);
  }
}

function implicitRollback(
  d: LinkedDeployment,
  live: LinkedDeployment,
  service: ServiceRecord | undefined,
  graphs: ReadonlyMap<string, CommitGraph>,
  earlierShas: Map<string, string[]>,
  earlierVersions: Set<string>,
): Link | null {
  if (d.sha !== null && live.sha !== null) {
    if (shasMatch(d.sha, live.sha)) return null; // a redeploy
    const sha = d.sha;
    if (earlierShas.get(sha.slice(0, 7))?.some((s) => shasMatch(s, sha)) !== true) return null;
    const repos = reposOf(d, service);
    const mine = findCommit(graphs, repos, sha);
    const theirs = mine && mine.graph.find(live.sha);
    if (mine !== undefined && theirs !== undefined) {
      if (!mine.graph.isProperAncestor(mine.commit, theirs)) return null;
      return {
        method: "ancestry",
        evidence: `${shortSha(sha)} was deployed before and is an ancestor of the live ${shortSha(live.sha)} (${live.id})`,
      };
    }
    return {
      method: "deployed-before",
      evidence: `${shortSha(sha)} was deployed before and is not the live ${shortSha(live.sha)} (${live.id}); the commit graph does not know both`,
    };
  }
  if (d.sha === null && d.version !== null && live.version !== null && d.version !== live.version) {
    if (!earlierVersions.has(d.version)) return null;
    return {
      method: "version",
      evidence: `version ${d.version} was deployed before the live ${live.version} (${live.id})`,
    };
  }
  return null;
}

export function fail(d: LinkedDeployment, cause: FailureCause, at: number): void {
  if (!d.failureCauses.includes(cause)) d.failureCauses = [...d.failureCauses, cause];
  d.failedAt = d.failedAt === null ? at : Math.max(d.failedAt, at);
}

export function restore(d: LinkedDeployment, at: number, by: string): void {
  if (d.restoredAt === null || at < d.restoredAt) {
    d.restoredAt = at;
    d.restoredBy = by;
  }
}
