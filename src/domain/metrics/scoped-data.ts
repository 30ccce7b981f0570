import type { BuildRecord } from "./dataset.js";
import type { LinkedDataset, LinkedDeployment, LinkedIncident, ShippedChange } from "./linked.js";
import type { Scope } from "./scope.js";
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
  /** each change at the first deployment in scope that shipped it, by that deployment's finish */
  first: ShippedChange[];
  /** not sliced: few, and placed by detection or by impact depending on the metric */
  incidents: LinkedIncident[];
  /** by finish (or start) */
  builds: BuildRecord[];
}

export function selectScope(linked: LinkedDataset, scope: Scope): ScopedData {
  const pick = <T>(all: T[], byService: Map<string, T[]>, keep: (t: T) => boolean): T[] =>
    scope.services === null
      ? all.filter(keep)
      : [...scope.services].flatMap((s) => byService.get(s) ?? []).filter(keep);
  const attempts = pick(
    linked.deployments,
    linked.index.deployments,
    (d) => d.at !== null && scope.deployment(d),
  ).sort((a, b) => (a.at as number) - (b.at as number) || (a.id < b.id ? -1 : 1));
  // Each target's shipments are already first-per-target; only commits several targets shipped need merging.
  const first: ShippedChange[] = [];
  const shared = new Map<string, ShippedChange>();
  for (const s of pick(linked.shipped, linked.index.shipped, scope.shipped)) {
    if (!s.shared) {
      first.push(s);
      continue;
    }
    const key = `${s.repo ?? ""}@${s.sha}`;
    const held = shared.get(key);
    if (held === undefined || s.deployedAt < held.deployedAt) shared.set(key, s);
  }
  first.push(...shared.values());
  const incidents = linked.incidents.filter(scope.incident);
  return {
    attempts,
    targets: attempts.filter((d) => d.status === "success"),
    first: first.sort((a, b) => a.deployedAt - b.deployedAt || (a.sha < b.sha ? -1 : 1)),
    incidents,
    builds: linked.builds.filter(scope.build).sort((a, b) => buildAt(a) - buildAt(b)),
  };
}

const buildAt = (b: BuildRecord) => b.finishedAt ?? b.startedAt;

/** The scope's records that fall in the window. */
export function windowed(data: ScopedData, w: Window): ScopedData {
  return {
    attempts: slice(data.attempts, (d) => d.at as number, w),
    targets: slice(data.targets, (d) => d.at as number, w),
    first: slice(data.first, (s) => s.deployedAt, w),
    incidents: data.incidents,
    builds: slice(data.builds, buildAt, w),
  };
}

/** The run of a sorted list whose key lies in [from, to). */
export function slice<T>(sorted: T[], key: (t: T) => number, w: Window): T[] {
  return sorted.slice(lowerBound(sorted, key, w.from), lowerBound(sorted, key, w.to));
}

function lowerBound<T>(sorted: T[], key: (t: T) => number, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(sorted[mid] as T) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
