import { Column, compareShas, Interner, ShaColumn, sameSha } from "./columns.js";
import type { EngineSettings } from "./dataset.js";
import { bitsFor, orderByKey } from "./order-by-key.js";
import {
  deployedAt,
  leadTimeStart,
  type PullRequestFacts,
  type ShipmentRow,
  type Shipments,
  shaKeyAt,
} from "./shipments.js";

/**
 * Keeps, per target, the first deployment that listed each sha. Rows must come grouped by target and, within a
 * target, in deployment order (finish, then id, then position); the result does not depend on the target order.
 * Rows can be added as they are read, so millions never exist as objects at once.
 */
export class ShipmentsBuilder {
  /** per deployment (its rows all have its finish): a column per row was 33 MB at the load's peak */
  private readonly deploymentAt = new Column((n) => new Float64Array(n));
  private readonly start = new Column((n) => new Float64Array(n));
  private readonly deployment = new Column((n) => new Int32Array(n));
  private readonly repo = new Column((n) => new Int32Array(n));
  private readonly pr = new Column((n) => new Int32Array(n));
  private readonly shas = new ShaColumn();
  private readonly deployments = new Interner();
  private readonly deploymentService: string[] = [];
  private readonly deploymentEnvironment: string[] = [];
  private readonly repos = new Interner();
  /** per repository index, per number (no "repo#123" string per pull request: hundreds of thousands) */
  private readonly prIndex = new Map<number, Map<number, number>>();
  private readonly prs = {
    repo: new Column((n) => new Int32Array(n)),
    number: new Column((n) => new Float64Array(n)),
    createdAt: new Column((n) => new Float64Array(n)),
    firstCommitAt: new Column((n) => new Float64Array(n)),
    firstReviewAt: new Column((n) => new Float64Array(n)),
    mergedAt: new Column((n) => new Float64Array(n)),
  };
  private readonly unknownByDeployment = new Map<string, number>();
  private readonly finished = new Set<string>();
  private target = "";
  private seen = new Set<string>();

  constructor(private readonly settings: EngineSettings) {}

  add(row: ShipmentRow): void {
    const key = `${row.service}\u0000${row.environment}`;
    if (key !== this.target) {
      if (this.finished.has(key))
        throw new Error(`shipment rows of ${row.service}/${row.environment} are not grouped`);
      this.finished.add(this.target);
      this.target = key;
      this.seen = new Set();
    }
    if (this.seen.has(row.sha)) return;
    this.seen.add(row.sha);
    const d = this.deployments.of(row.deployment);
    if (d === this.deploymentService.length) {
      this.deploymentService.push(row.service);
      this.deploymentEnvironment.push(row.environment);
      this.deploymentAt.push(row.deployedAt);
    }
    if (row.committedAt === null) {
      this.unknownByDeployment.set(row.deployment, (this.unknownByDeployment.get(row.deployment) ?? 0) + 1);
    }
    this.start.push(leadTimeStart(row, this.settings.leadTimeStart) ?? Number.NaN);
    this.deployment.push(d);
    this.repo.push(row.repo === null ? -1 : this.repos.of(row.repo));
    this.pr.push(row.pr === null ? -1 : this.pullRequest(row.pr));
    this.shas.push(row.sha);
  }

  private pullRequest(facts: PullRequestFacts): number {
    const repo = this.repos.of(facts.repo);
    let numbers = this.prIndex.get(repo);
    if (numbers === undefined) {
      numbers = new Map();
      this.prIndex.set(repo, numbers);
    }
    let i = numbers.get(facts.number);
    if (i === undefined) {
      i = this.prs.repo.length;
      numbers.set(facts.number, i);
      const nan = (v: number | null) => v ?? Number.NaN;
      this.prs.repo.push(repo);
      this.prs.number.push(facts.number);
      this.prs.createdAt.push(facts.createdAt);
      this.prs.firstCommitAt.push(nan(facts.firstCommitAt));
      this.prs.firstReviewAt.push(nan(facts.firstReviewAt));
      this.prs.mergedAt.push(nan(facts.mergedAt));
    }
    return i;
  }

  finish(): Shipments {
    const n = this.deployment.length;
    // 479 k ids at an organisation's scale: their index goes before the columns are put in order
    const ids = this.deployments.release();
    const deploymentAt = this.deploymentAt.take();
    const order = deploymentOrder(deploymentAt, this.deployment.data, ids, n);
    const shipments: Shipments = {
      n,
      deploymentAt,
      start: this.start.take(order),
      deployment: this.deployment.take(order),
      deploymentIds: ids,
      deploymentService: this.deploymentService,
      deploymentEnvironment: this.deploymentEnvironment,
      repo: this.repo.take(order),
      repos: this.repos.values,
      shas: this.shas.take(order),
      pr: this.pr.take(order),
      prs: {
        n: this.prs.repo.length,
        repo: this.prs.repo.take(),
        number: this.prs.number.take(),
        createdAt: this.prs.createdAt.take(),
        firstCommitAt: this.prs.firstCommitAt.take(),
        firstReviewAt: this.prs.firstReviewAt.take(),
        mergedAt: this.prs.mergedAt.take(),
      },
      stagingAt: new Float64Array(n).fill(Number.NaN),
      shared: new Uint8Array(n),
      commit: new Int32Array(n),
      unknownByDeployment: this.unknownByDeployment,
    };
    annotateCommits(shipments, this.settings.stagingEnvironments);
    return shipments;
  }
}

/**
 * Shipment order: the deployment's finish, then its id, then the position in its list. A deployment's rows were
 * added in list order, so ranking the deployments by finish and id and keeping each rank's rows in the order they
 * were added is that order.
 */
function deploymentOrder(times: Float64Array, dep: Int32Array, ids: string[], n: number): Int32Array {
  const byFinish = Int32Array.from({ length: ids.length }, (_, d) => d).sort((a, b) => {
    const t = (times[a] as number) - (times[b] as number);
    if (t !== 0) return t;
    return (ids[a] as string) < (ids[b] as string) ? -1 : 1;
  });
  const rank = new Int32Array(ids.length);
  byFinish.forEach((d, r) => {
    rank[d] = r;
  });
  return orderByKey(n, bitsFor(ids.length), (k) => rank[dep[k] as number] as number);
}

export function buildShipments(rows: Iterable<ShipmentRow>, settings: EngineSettings): Shipments {
  const builder = new ShipmentsBuilder(settings);
  for (const row of rows) builder.add(row);
  return builder.finish();
}

/**
 * Shipment indices by (sha, repository, index): groups equal commits and finds sha prefixes. Not kept with the
 * shipments (16 MB at an organisation's 3.9 M): made again where a sha is looked up. Sorted natively by as many
 * leading bits of the sha as fit beside the index, then each run sharing those bits (mostly one commit several
 * targets shipped) by the whole order.
 */
export function commitOrder(s: Shipments): Int32Array {
  const prefixBits = Math.min(52, 53 - bitsFor(s.n));
  const prefix = (i: number) => Math.floor(shaKeyAt(s, i) / 2 ** (52 - prefixBits));
  const order = orderByKey(s.n, prefixBits, prefix);
  const whole = (a: number, b: number) =>
    compareShas(s.shas, a, b) || (s.repo[a] as number) - (s.repo[b] as number) || a - b;
  for (let g = 0; g < order.length; ) {
    let end = g + 1;
    while (end < order.length && prefix(order[end] as number) === prefix(order[g] as number)) end++;
    if (end - g > 1) order.set(Array.from(order.subarray(g, end)).sort(whole), g);
    g = end;
  }
  return order;
}

function sameCommit(s: Shipments, a: number, b: number): boolean {
  return s.repo[a] === s.repo[b] && sameSha(s.shas, a, b);
}

/** Groups equal commits (sorted by sha): marks commits several targets shipped, and when staging first had each. */
function annotateCommits(s: Shipments, stagingEnvironments: readonly string[]): void {
  const byCommit = commitOrder(s);
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
          const at = deployedAt(s, o);
          if (Number.isNaN(s.stagingAt[m]) || at < (s.stagingAt[m] as number)) s.stagingAt[m] = at;
        }
      }
    }
    g = end;
  }
}
