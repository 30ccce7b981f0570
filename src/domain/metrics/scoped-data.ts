import type { LinkedBuild, LinkedDataset, LinkedDeployment, LinkedIncident } from "./linked.js";
import type { Scope } from "./scope.js";
import type { Shipments } from "./shipments.js";
import type { Window } from "./window.js";

/**
 * The records of one scope, each list sorted by the instant that places it in a window, so any window (the
 * question's, the previous one, every series bucket) is a binary-search slice instead of a scan.
 */
export interface ScopedData {
  /** finished deployment attempts to the scope's environments, by finish */
  attempts: LinkedDeployment[];
  /** the successful ones */
  targets: LinkedDeployment[];
  /** shipment indices: each change at the first deployment in scope that shipped it, in deployment-time order */
  first: Int32Array;
  shipments: Shipments;
  /** by detection; not sliced by `windowed` (impact may precede detection), see `detectedIn` */
  incidents: LinkedIncident[];
  /** by finish (or start) */
  builds: LinkedBuild[];
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
    builds: linked.builds.filter(scope.build).sort((a, b) => buildAt(a) - buildAt(b)),
  };
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
    attempts,
    targets: attempts.filter((d) => d.status === "success"),
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

const buildAt = (b: LinkedBuild) => b.finishedAt ?? b.startedAt;

/** The scope's records that fall in the window. */
export function windowed(data: ScopedData, w: Window): ScopedData {
  return { ...data, ...windowedDeliveries(data, w), builds: slice(data.builds, buildAt, w) };
}

export function windowedDeliveries(data: Deliveries, w: Window): Deliveries {
  const at = data.shipments.deployedAt;
  return {
    attempts: slice(data.attempts, (d) => d.at as number, w),
    targets: slice(data.targets, (d) => d.at as number, w),
    first: data.first.subarray(
      lowerBound(data.first.length, (k) => at[data.first[k] as number] as number, w.from),
      lowerBound(data.first.length, (k) => at[data.first[k] as number] as number, w.to),
    ),
    shipments: data.shipments,
  };
}

/** The scope's incidents detected in the window. */
export function detectedIn(data: ScopedData, w: Window): LinkedIncident[] {
  return slice(data.incidents, (i) => i.detectedAt, w);
}

/** The run of a sorted list whose key lies in [from, to). */
export function slice<T>(sorted: T[], key: (t: T) => number, w: Window): T[] {
  return sorted.slice(
    lowerBound(sorted.length, (k) => key(sorted[k] as T), w.from),
    lowerBound(sorted.length, (k) => key(sorted[k] as T), w.to),
  );
}

function lowerBound(length: number, keyAt: (k: number) => number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyAt(mid) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
