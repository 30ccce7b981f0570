import type { Builds } from "./builds.js";
import { type DeploymentColumns, deploymentColumns } from "./deployment-columns.js";
import type { LinkedDataset, LinkedDeployment, LinkedIncident } from "./linked.js";
import type { Scope } from "./scope.js";
import type { Shipments } from "./shipments.js";
import { lowerBound, type Window } from "./window.js";

/**
 * The records of one scope, each list sorted by the instant that places it in a window, so any window (the
 * question's, the previous one, every series bucket) is a binary-search slice instead of a scan.
 */
export interface ScopedData {
  /** deployment attempts to the scope's environments that can be placed in time, in time order */
  attempts: DeploymentColumns;
  /** the successful ones */
  targets: DeploymentColumns;
  /** shipment indices: each change at the first deployment in scope that shipped it, in deployment-time order */
  first: Int32Array;
  shipments: Shipments;
  /** by detection; not sliced by `windowed` (impact may precede detection), see `detectedIn` */
  incidents: LinkedIncident[];
  /** indices of the scope's CI runs (their columns are already in finish-or-start order) */
  builds: Int32Array;
  runs: Builds;
}

const MEMO_SIZE = 256;
const memo = new WeakMap<LinkedDataset, Map<string, ScopedData>>();

/**
 * Memoized per linked dataset (a new data version is a new dataset): dashboards ask the same scope for many
 * windows and buckets. Bounded, oldest first out.
 */
export function selectScope(linked: LinkedDataset, scope: Scope): ScopedData {
  const key = JSON.stringify([scope.query.team, scope.query.service, scope.query.repo, scope.query.env]);
  let cache = memo.get(linked);
  if (cache === undefined) {
    cache = new Map();
    memo.set(linked, cache);
  }
  const held = cache.get(key);
  if (held !== undefined) return held;
  const data = select(linked, scope);
  if (cache.size >= MEMO_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, data);
  return data;
}

function select(linked: LinkedDataset, scope: Scope): ScopedData {
  return {
    ...selectDeliveries(linked, scope),
    incidents: linked.incidents.filter(scope.incident).sort((a, b) => a.detectedAt - b.detectedAt),
    ...selectBuilds(linked.builds, scope),
  };
}

function selectBuilds(runs: Builds, scope: Scope): Pick<ScopedData, "builds" | "runs"> {
  const repoInScope = runs.repos.map((repo) => scope.buildRepo(repo));
  const builds = new Int32Array(runs.n);
  let k = 0;
  for (let i = 0; i < runs.n; i++) if (repoInScope[runs.repo[i] as number]) builds[k++] = i;
  return { builds: builds.slice(0, k), runs };
}

export type Deliveries = Pick<ScopedData, "attempts" | "targets" | "first" | "shipments">;

/** Just what the key delivery metrics need (deployments and shipments), e.g. for a breakdown by service. */
export function selectDeliveries(linked: LinkedDataset, scope: Scope): Deliveries {
  const attempts = (
    scope.services === null
      ? linked.deployments.filter((d) => d.at !== null && scope.deployment(d))
      : [...scope.services]
          .flatMap((s) => linked.index.deployments.get(s) ?? [])
          .filter((d) => d.at !== null && scope.deployment(d))
  ).sort((a, b) => (a.at as number) - (b.at as number) || (a.id < b.id ? -1 : 1));
  return {
    attempts: deploymentColumns(attempts),
    targets: deploymentColumns(attempts.filter((d) => d.status === "success")),
    first: firstShipments(linked, scope),
    shipments: linked.shipments,
  };
}

/** Shipments are in time order, so index order is time order; a commit several targets shipped counts at the first. */
function firstShipments(linked: LinkedDataset, scope: Scope): Int32Array {
  const s = linked.shipments;
  let candidates: Int32Array;
  if (scope.services === null) candidates = Int32Array.from({ length: s.n }, (_, i) => i);
  else {
    const lists = [...scope.services].map((name) => linked.index.shipments.get(name) ?? new Int32Array(0));
    candidates = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
    let at = 0;
    for (const list of lists) {
      candidates.set(list, at);
      at += list.length;
    }
    if (lists.length > 1) candidates.sort();
  }
  // The scope test per deployment once, not per shipment.
  const inScope = new Int8Array(s.deploymentIds.length).fill(-1);
  const out = new Int32Array(candidates.length);
  const seen = new Set<number>();
  let k = 0;
  for (const i of candidates) {
    const d = s.deployment[i] as number;
    if (inScope[d] === -1)
      inScope[d] = scope.deployment(linked.shipmentDeployments[d] as LinkedDeployment) ? 1 : 0;
    if (inScope[d] === 0 || !scope.shipmentRepo(i)) continue;
    if (s.shared[i] === 1) {
      const commit = s.commit[i] as number;
      if (seen.has(commit)) continue;
      seen.add(commit);
    }
    out[k++] = i;
  }
  return out.subarray(0, k);
}

/**
 * The scope's records that fall in the window. Deployment columns stay whole: the metric functions take their
 * window's range of them by binary search (`rangeOf`).
 */
export function windowed(data: ScopedData, w: Window): ScopedData {
  const at = data.runs.at;
  return { ...data, ...windowedDeliveries(data, w), builds: sliceIndices(data.builds, at, w) };
}

export function windowedDeliveries(data: Deliveries, w: Window): Deliveries {
  return {
    attempts: data.attempts,
    targets: data.targets,
    first: sliceIndices(data.first, data.shipments.deployedAt, w),
    shipments: data.shipments,
  };
}

/** The run of an index list, ordered by `at[index]`, whose instants lie in [from, to). */
function sliceIndices(indices: Int32Array, at: Float64Array, w: Window): Int32Array {
  const key = (k: number) => at[indices[k] as number] as number;
  return indices.subarray(lowerBound(indices.length, key, w.from), lowerBound(indices.length, key, w.to));
}

/** The scope's incidents detected in the window. */
export function detectedIn(data: ScopedData, w: Window): LinkedIncident[] {
  return slice(data.incidents, (i) => i.detectedAt, w);
}

/** The run of a sorted list whose key lies in [from, to). */
function slice<T>(sorted: T[], key: (t: T) => number, w: Window): T[] {
  return sorted.slice(
    lowerBound(sorted.length, (k) => key(sorted[k] as T), w.from),
    lowerBound(sorted.length, (k) => key(sorted[k] as T), w.to),
  );
}
