import type { EngineSettings } from "./dataset.js";
import {
  leadTimeStart,
  type PullRequestFacts,
  type ShipmentRow,
  type Shipments,
  shaKeyOf,
} from "./shipments.js";

/** Growable typed column. */
class Column<T extends Float64Array | Int32Array | Uint8Array> {
  data: T;
  length = 0;
  constructor(private readonly make: (n: number) => T) {
    this.data = make(1024);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  /** the values in `order`, trimmed */
  permuted(order: Int32Array): T {
    const out = this.make(order.length);
    for (let k = 0; k < order.length; k++) out[k] = this.data[order[k] as number] as number;
    return out;
  }
}

class Interner {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  of(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

/**
 * Keeps, per target, the first deployment that listed each sha. Rows must come grouped by target and, within a
 * target, in deployment order (finish, then id, then position); the result does not depend on the target order.
 */
export function buildShipments(rows: Iterable<ShipmentRow>, settings: EngineSettings): Shipments {
  const deployedAt = new Column((n) => new Float64Array(n));
  const start = new Column((n) => new Float64Array(n));
  const deployment = new Column((n) => new Int32Array(n));
  const position = new Column((n) => new Int32Array(n));
  const repo = new Column((n) => new Int32Array(n));
  const shaKey = new Column((n) => new Float64Array(n));
  const pr = new Column((n) => new Int32Array(n));
  const shaLength = new Column((n) => new Uint8Array(n));
  let shaBytes = new Uint8Array(1024 * 20);
  const longShas = new Map<number, string>();
  const deployments = new Interner();
  const deploymentService: string[] = [];
  const deploymentEnvironment: string[] = [];
  const repos = new Interner();
  const prIndex = new Map<string, number>();
  const prs: PullRequestFacts[] = [];
  const unknownByDeployment = new Map<string, number>();
  const finished = new Set<string>();
  let target = "";
  let seen = new Set<string>();

  for (const row of rows) {
    const key = `${row.service}\u0000${row.environment}`;
    if (key !== target) {
      if (finished.has(key))
        throw new Error(`shipment rows of ${row.service}/${row.environment} are not grouped`);
      finished.add(target);
      target = key;
      seen = new Set();
    }
    if (seen.has(row.sha)) continue;
    seen.add(row.sha);
    const d = deployments.of(row.deployment);
    if (d === deploymentService.length) {
      deploymentService.push(row.service);
      deploymentEnvironment.push(row.environment);
    }
    if (row.committedAt === null)
      unknownByDeployment.set(row.deployment, (unknownByDeployment.get(row.deployment) ?? 0) + 1);
    const i = deployedAt.length;
    deployedAt.push(row.deployedAt);
    start.push(leadTimeStart(row, settings.leadTimeStart) ?? Number.NaN);
    deployment.push(d);
    position.push(row.position);
    repo.push(row.repo === null ? -1 : repos.of(row.repo));
    shaKey.push(shaKeyOf(row.sha));
    pr.push(row.pr === null ? -1 : internPr(row.pr, prIndex, prs));
    shaLength.push(Math.min(row.sha.length, 40));
    if ((i + 1) * 20 > shaBytes.length) {
      const next = new Uint8Array(shaBytes.length * 2);
      next.set(shaBytes);
      shaBytes = next;
    }
    for (let b = 0; b < 20; b++)
      shaBytes[i * 20 + b] = Number.parseInt(row.sha.slice(b * 2, b * 2 + 2) || "0", 16) || 0;
    if (row.sha.length > 40) longShas.set(i, row.sha);
  }

  const n = deployedAt.length;
  const ids = deployments.values;
  // Deployment order: finish, then deployment id, then position in its list.
  const order = Int32Array.from({ length: n }, (_, k) => k);
  order.sort((a, b) => {
    const t = (deployedAt.data[a] as number) - (deployedAt.data[b] as number);
    if (t !== 0) return t;
    const da = ids[deployment.data[a] as number] as string;
    const db = ids[deployment.data[b] as number] as string;
    if (da !== db) return da < db ? -1 : 1;
    return (position.data[a] as number) - (position.data[b] as number);
  });
  const sortedBytes = new Uint8Array(n * 20);
  const sortedLong = new Map<number, string>();
  order.forEach((from, to) => {
    sortedBytes.set(shaBytes.subarray(from * 20, from * 20 + 20), to * 20);
    const long = longShas.get(from);
    if (long !== undefined) sortedLong.set(to, long);
  });
  const shipments: Shipments = {
    n,
    deployedAt: deployedAt.permuted(order),
    start: start.permuted(order),
    deployment: deployment.permuted(order),
    deploymentIds: ids,
    deploymentService,
    deploymentEnvironment,
    repo: repo.permuted(order),
    repos: repos.values,
    shaKey: shaKey.permuted(order),
    shaBytes: sortedBytes,
    shaLength: shaLength.permuted(order),
    longShas: sortedLong,
    pr: pr.permuted(order),
    prs,
    stagingAt: new Float64Array(n).fill(Number.NaN),
    shared: new Uint8Array(n),
    commit: new Int32Array(n),
    unknownByDeployment,
    byCommit: new Int32Array(0),
  };
  annotateCommits(shipments, settings.stagingEnvironments);
  return shipments;
}

function internPr(facts: PullRequestFacts, index: Map<string, number>, prs: PullRequestFacts[]): number {
  let i = index.get(facts.key);
  if (i === undefined) {
    i = prs.length;
    prs.push(facts);
    index.set(facts.key, i);
  }
  return i;
}

function sameCommit(s: Shipments, a: number, b: number): boolean {
  if (s.shaKey[a] !== s.shaKey[b] || s.repo[a] !== s.repo[b] || s.shaLength[a] !== s.shaLength[b])
    return false;
  for (let k = 0; k < 20; k++) if (s.shaBytes[a * 20 + k] !== s.shaBytes[b * 20 + k]) return false;
  return s.longShas.get(a) === s.longShas.get(b);
}

/** Groups equal commits (sorted by sha): marks commits several targets shipped, and when staging first had each. */
function annotateCommits(s: Shipments, stagingEnvironments: readonly string[]): void {
  const byCommit = Int32Array.from({ length: s.n }, (_, k) => k);
  byCommit.sort(
    (a, b) =>
      (s.shaKey[a] as number) - (s.shaKey[b] as number) ||
      (s.repo[a] as number) - (s.repo[b] as number) ||
      a - b,
  );
  s.byCommit = byCommit;
  const isStaging = s.deploymentEnvironment.map((env) => stagingEnvironments.includes(env));
  let commit = 0;
  for (let g = 0; g < byCommit.length; commit++) {
    let end = g + 1;
    while (end < byCommit.length && sameCommit(s, byCommit[g] as number, byCommit[end] as number)) end++;
    for (let k = g; k < end; k++) s.commit[byCommit[k] as number] = commit;
    if (end - g > 1) {
      const members = Array.from(byCommit.subarray(g, end));
      for (const m of members) s.shared[m] = 1;
      for (const m of members) {
        const service = s.deploymentService[s.deployment[m] as number];
        for (const o of members) {
          if (
            !isStaging[s.deployment[o] as number] ||
            s.deploymentService[s.deployment[o] as number] !== service
          )
            continue;
          const at = s.deployedAt[o] as number;
          if (Number.isNaN(s.stagingAt[m]) || at < (s.stagingAt[m] as number)) s.stagingAt[m] = at;
        }
      }
    }
    g = end;
  }
}
