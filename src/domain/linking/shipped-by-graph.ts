import type { DeploymentRecord, ServiceRecord } from "../metrics/dataset.js";
import type { Link } from "../metrics/linked.js";
import type { CommitGraph } from "./commit-graph.js";
import { findCommit } from "./commit-graphs.js";
import { pathMatcher } from "./path-globs.js";
import { reposOf, shortSha } from "./timelines.js";

/** What one deployment that listed nothing shipped, found in its repository's commit graph. */
export interface GraphShipment {
  graph: CommitGraph;
  /** commit numbers in the graph, newest first */
  commits: number[];
  link: Link;
}

/**
 * GUIDE §3: a successful deployment that does not list its changes ships the commits reachable from its sha and
 * not from the previous successful deployment of the same target (the nearest earlier one whose sha the graph
 * knows). The first ships nothing unless its service counts its history; with path globs, only commits touching
 * them ship. `timeline`: one target's successful deployments in the order they went live. Deployments whose sha
 * no graph knows get no entry (their changes are unknown).
 */
export function shippedByGraph(
  timeline: readonly DeploymentRecord[],
  service: ServiceRecord | undefined,
  graphs: ReadonlyMap<string, CommitGraph>,
): Map<string, GraphShipment> {
  const shipped = new Map<string, GraphShipment>();
  const touches = service !== undefined && service.paths.length > 0 ? pathMatcher(service.paths) : null;
  for (const [i, d] of timeline.entries()) {
    if (d.changes !== null || d.sha === null || d.kind === "rollback") continue;
    const tip = findCommit(graphs, reposOf(d, service), d.sha);
    if (tip === undefined) continue;
    const previous = boundaryOf(timeline, i, tip.graph, service);
    let commits: number[];
    let link: Link;
    if (previous !== undefined) {
      commits = tip.graph.between(tip.commit, previous.commit);
      link = {
        method: "reachability",
        evidence: `commits reachable from ${shortSha(d.sha)} and not from ${shortSha(previous.sha)}, which ${previous.id} deployed before it`,
      };
    } else if (service?.countHistory === true) {
      commits = tip.graph.between(tip.commit, -1);
      link = {
        method: "history",
        evidence: `first deployment of ${d.service} to ${d.environment}: ships every commit reachable from ${shortSha(d.sha)} (the service counts its history)`,
      };
    } else {
      commits = [];
      link = {
        method: "first-deployment",
        evidence: `first deployment of ${d.service} to ${d.environment}: ships nothing, there is no earlier deployment to measure from (set countHistory on the service to count its history)`,
      };
    }
    if (touches !== null && commits.length > 0) {
      const all = commits.length;
      commits = commits.filter((c) => tip.graph.commits[c]?.files?.some(touches) === true);
      link = {
        method: `${link.method}+paths`,
        evidence: `${link.evidence}; ${commits.length} of those ${all} touch ${(service as ServiceRecord).paths.join(", ")}`,
      };
    }
    shipped.set(d.id, { graph: tip.graph, commits, link });
  }
  return shipped;
}

function boundaryOf(
  timeline: readonly DeploymentRecord[],
  i: number,
  graph: CommitGraph,
  service: ServiceRecord | undefined,
): { id: string; sha: string; commit: number } | undefined {
  for (let k = i - 1; k >= 0; k--) {
    const e = timeline[k] as DeploymentRecord;
    if (e.sha === null || !reposOf(e, service).includes(graph.repo)) continue;
    const commit = graph.find(e.sha);
    if (commit !== undefined) return { id: e.id, sha: e.sha, commit };
  }
  return undefined;
}
