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
  const firstDeployed = new FirstDeployed();
  for (const [i, d] of timeline.entries()) {
    const live = timeline[i - 1];
    if (live !== undefined) {
      const found = d.kind === "deploy" ? implicitRollback(d, live, service, graphs, firstDeployed) : null;
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
    firstDeployed.add(d, i);
  }
}

/**
 * When each sha and version was first deployed on a timeline (its position). "Deployed before the live one" is
 * about first deployments: going back to the sha live before a rollback (a roll-forward) is not a rollback.
 */
export class FirstDeployed {
  private readonly shas = new Map<string, [string, number][]>(); // by 7-character prefix
  private readonly versions = new Map<string, number>();

  add(d: { sha: string | null; version: string | null }, position: number): void {
    const { sha, version } = d;
    if (sha !== null && this.sha(sha) === undefined) {
      const list = this.shas.get(sha.slice(0, 7));
      if (list === undefined) this.shas.set(sha.slice(0, 7), [[sha, position]]);
      else list.push([sha, position]);
    }
    if (version !== null && !this.versions.has(version)) this.versions.set(version, position);
  }

  sha(sha: string): number | undefined {
    return this.shas.get(sha.slice(0, 7))?.find(([s]) => shasMatch(s, sha))?.[1];
  }

  version(version: string): number | undefined {
    return this.versions.get(version);
  }

  /** Both were deployed, `older` first: a return to it from `live` looks like a rollback. */
  shaBefore(older: string, live: string): boolean {
    const a = this.sha(older);
    const b = this.sha(live);
    return a !== undefined && b !== undefined && a < b;
  }
}

function implicitRollback(
  d: LinkedDeployment,
  live: LinkedDeployment,
  service: ServiceRecord | undefined,
  graphs: ReadonlyMap<string, CommitGraph>,
  firstDeployed: FirstDeployed,
): Link | null {
  // read once: a deployment's sha is made from its bytes at each read
  const sha = d.sha;
  const liveSha = live.sha;
  if (sha !== null && liveSha !== null) {
    if (shasMatch(sha, liveSha) || firstDeployed.sha(sha) === undefined) return null; // a redeploy, or new
    const mine = findCommit(graphs, reposOf(d, service), sha);
    const theirs = mine?.graph.find(liveSha);
    if (mine !== undefined && theirs !== undefined) {
      if (!mine.graph.isProperAncestor(mine.commit, theirs)) return null;
      return {
        method: "ancestry",
        evidence: `${shortSha(sha)} was deployed before and is an ancestor of the live ${shortSha(liveSha)} (${live.id})`,
      };
    }
    if (!firstDeployed.shaBefore(sha, liveSha)) return null;
    return {
      method: "deployed-before",
      evidence: `${shortSha(sha)} was first deployed before the live ${shortSha(liveSha)} (${live.id}); the commit graph does not know both`,
    };
  }
  if (sha === null && d.version !== null && live.version !== null && d.version !== live.version) {
    const mine = firstDeployed.version(d.version);
    const theirs = firstDeployed.version(live.version);
    if (mine === undefined || theirs === undefined || mine >= theirs) return null;
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
