import { type Builds, runAt } from "./builds.js";
import { fitted } from "./columns.js";
import {
  type DeploymentColumns,
  deploymentColumns,
  type TargetColumns,
  targetColumns,
} from "./deployment-columns.js";
import { STATUSES } from "./deployment-records.js";
import { type IncidentColumns, incidentColumns } from "./incident-columns.js";
import { type LeadTimes, leadTimes } from "./lead-times.js";
import type { LinkedDataset } from "./linked.js";
import type { Scope } from "./scope.js";
import { rangeIn, type Window } from "./window.js";

/**
 * The records of one scope as columns, each sorted by the instant that places it in a window, so any window (the
 * question's, the previous one, every series bucket) is an index range found by binary search, not a scan.
 */
export interface ScopedData {
  /** deployment attempts to the scope's environments that can be placed in time, in time order */
  attempts: DeploymentColumns;
  /** the successful ones */
  targets: TargetColumns;
  /** each change at the first deployment in scope that shipped it, in deployment-time order */
  lead: LeadTimes;
  /** by detection */
  incidents: IncidentColumns;
  /** indices of the scope's CI runs (their columns are already in finish-or-start order) */
  builds: Int32Array;
  runs: Builds;
}

/** What the memoized scopes of one linked dataset may hold; an organisation-wide scope of 2.5 M changes is ≈ 160 MB. */
const MEMO_BYTES = 256 * 1024 * 1024;
const memo = new WeakMap<LinkedDataset, Map<string, { data: ScopedData; bytes: number }>>();

/**
 * Memoized per linked dataset (a new data version is a new dataset): dashboards ask the same scope for many
 * windows and buckets. Bounded by the bytes of the scopes' columns, oldest first out (the latest always stays).
 */
export function selectScope(linked: LinkedDataset, scope: Scope): ScopedData {
  const key = JSON.stringify([scope.query.team, scope.query.service, scope.query.repo, scope.query.env]);
  let cache = memo.get(linked);
  if (cache === undefined) {
    cache = new Map();
    memo.set(linked, cache);
  }
  const held = cache.get(key);
  if (held !== undefined) return held.data;
  const data = select(linked, scope);
  const bytes = columnBytes(data, new Set([linked.shipments, linked.builds]));
  let total = bytes;
  for (const entry of cache.values()) total += entry.bytes;
  for (const [oldest, entry] of cache) {
    if (total <= MEMO_BYTES) break;
    cache.delete(oldest);
    total -= entry.bytes;
  }
  cache.set(key, { data, bytes });
  return data;
}

/** The bytes of the typed arrays an object holds (not those of `shared` ones, which belong to the dataset). */
function columnBytes(value: unknown, shared: Set<unknown>): number {
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (typeof value !== "object" || value === null || shared.has(value) || Array.isArray(value)) return 0;
  let bytes = 0;
  for (const field of Object.values(value)) bytes += columnBytes(field, shared);
  return bytes;
}

function select(linked: LinkedDataset, scope: Scope): ScopedData {
  return {
    ...selectDeliveries(linked, scope, true),
    incidents: incidentColumns(linked, linked.incidents.filter(scope.incident)),
    ...selectBuilds(linked.builds, scope),
  };
}

function selectBuilds(runs: Builds, scope: Scope): Pick<ScopedData, "builds" | "runs"> {
  const repoInScope = runs.repos.map((repo) => scope.buildRepo(repo));
  const builds = new Int32Array(runs.n);
  let k = 0;
  for (let i = 0; i < runs.n; i++) if (repoInScope[runs.repo[i] as number]) builds[k++] = i;
  return { builds: fitted(builds, k, 1), runs };
}

export type Deliveries = Pick<ScopedData, "attempts" | "targets" | "lead">;

/**
 * What the delivery metrics need (deployments and shipments); a breakdown row, which shows only the key metrics,
 * leaves out the value-stream stages.
 */
export function selectDeliveries(linked: LinkedDataset, scope: Scope, withStages: boolean): Deliveries {
  const table = linked.deploymentTable;
  const { at } = table;
  const { ids, status } = table.records;
  const rows =
    scope.services === null
      ? Int32Array.from({ length: table.records.n }, (_, row) => row)
      : concatenated([...scope.services].map((s) => linked.index.deployments.get(s) ?? new Int32Array(0)));
  const attempts = rows.filter((row) => !Number.isNaN(at[row] as number) && scope.deployment(row));
  // One service's list is in this order already (a breakdown asks for a thousand of them in turn).
  if (scope.services === null || scope.services.size > 1)
    attempts.sort((a, b) => (at[a] as number) - (at[b] as number) || (ids.get(a) < ids.get(b) ? -1 : 1));
  return {
    attempts: deploymentColumns(attempts, table),
    targets: targetColumns(
      attempts.filter((row) => status[row] === SUCCEEDED),
      table,
    ),
    lead: leadTimes(linked.shipments, firstShipments(linked, scope), withStages),
  };
}

const SUCCEEDED = STATUSES.indexOf("success");

function concatenated(lists: Int32Array[]): Int32Array {
  const out = new Int32Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const list of lists) {
    out.set(list, at);
    at += list.length;
  }
  return out;
}

/** Shipments are in time order, so index order is time order; a commit several targets shipped counts at the first. */
function firstShipments(linked: LinkedDataset, scope: Scope): Int32Array {
  // every shipment for the organisation (3.9 M at its scale: no array of their indices)
  let candidates: Int32Array | null = null;
  if (scope.services !== null) {
    const lists = [...scope.services].map((name) => linked.index.shipments.get(name) ?? new Int32Array(0));
    candidates = concatenated(lists);
    if (lists.length > 1) candidates.sort();
  }
  // Counted, then filled: the organisation's 2.4 M entries get a buffer of their own size at once, not a 3.9 M one
  // copied at the peak.
  const count = scan(linked, scope, candidates, null);
  const out = new Int32Array(count);
  scan(linked, scope, candidates, out);
  return out;
}

/**
 * The first shipments in scope of the candidates (null: every shipment), in order, into `out` when given; answers
 * how many. The scope test runs per deployment once, not per shipment, in kept flags that are reset after use (a
 * breakdown asks for each of a thousand services in turn).
 */
function scan(
  linked: LinkedDataset,
  scope: Scope,
  candidates: Int32Array | null,
  out: Int32Array | null,
): number {
  const s = linked.shipments;
  const inScope = kept.deployments(s.deploymentRow.length);
  const seen = kept.commits(s.commitKey.length);
  const count = candidates === null ? s.n : candidates.length;
  const { deployment, deploymentRow, commit: commits } = s;
  const anyRepo = scope.query.repo === undefined;
  let k = 0;
  for (let c = 0; c < count; c++) {
    const i = candidates === null ? c : (candidates[c] as number);
    const d = deployment[i] as number;
    if (inScope[d] === UNDECIDED) inScope[d] = scope.deployment(deploymentRow[d] as number) ? 1 : 0;
    if (inScope[d] === 0 || !(anyRepo || scope.shipmentRepo(i))) continue;
    const commit = commits[i] as number;
    const bit = 1 << (commit & 7);
    if (((seen[commit >> 3] as number) & bit) !== 0) continue;
    seen[commit >> 3] = (seen[commit >> 3] as number) | bit;
    if (out !== null) out[k] = i;
    k++;
  }
  // reset by walking the candidates again: no list of what was touched (millions of numbers) is kept
  for (let c = 0; c < count; c++) {
    const i = candidates === null ? c : (candidates[c] as number);
    inScope[deployment[i] as number] = UNDECIDED;
    // the whole byte: its other bits are candidates' too, cleared in this same walk
    seen[(commits[i] as number) >> 3] = 0;
  }
  return k;
}

const UNDECIDED = -1;
/** Flags kept between selections and reset after each: per deployment (in scope?) and per commit (counted? a bit). */
const kept = {
  deploymentFlags: new Int8Array(0),
  commitFlags: new Uint8Array(0),
  deployments(n: number): Int8Array {
    if (this.deploymentFlags.length < n) this.deploymentFlags = new Int8Array(n).fill(UNDECIDED);
    return this.deploymentFlags;
  },
  commits(n: number): Uint8Array {
    if (this.commitFlags.length * 8 < n) this.commitFlags = new Uint8Array(Math.ceil(n / 8));
    return this.commitFlags;
  },
};

/**
 * The scope's CI runs that fall in the window. Deployments and lead times stay whole: the metric functions take
 * their window's range by binary search.
 */
export function windowed(data: ScopedData, w: Window): ScopedData {
  const key = (k: number) => runAt(data.runs, data.builds[k] as number);
  const builds = data.builds.subarray(...rangeIn(data.builds.length, key, w));
  return { ...data, builds };
}
