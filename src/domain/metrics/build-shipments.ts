import { Column, Interner, scratch } from "./columns.js";
import type { EngineSettings } from "./dataset.js";
import type { DeploymentRecords } from "./deployment-records.js";
import { type IdFinder, idFinder } from "./id-finder.js";
import { bitsFor, orderByKey } from "./order-by-key.js";
import {
  deployedAt,
  leadTimeStart,
  type PullRequestFacts,
  type ShipmentRow,
  type Shipments,
} from "./shipments.js";
import { WantedShas } from "./wanted-shas.js";

/**
 * Keeps, per target, the first deployment that listed each sha. Rows must come grouped by target and, within a
 * target, in deployment order (finish, then id, then position); the result does not depend on the target order.
 * Rows can be added as they are read, so millions never exist as objects at once, and their shas are not kept: a
 * commit is known by its change row's key (ADR 0009), and only the shas no change row has are held as text.
 */
export class ShipmentsBuilder {
  /** per deployment record (its rows all have its finish; NaN: it shipped nothing first) */
  private readonly deploymentAt: Float64Array;
  /** a shipment's deployment is its row in the records: no index of ids, nor names per deployment, of its own */
  private readonly deploymentOf: IdFinder;
  private lastDeployment = { id: "", index: -1 };
  private readonly start = new Column(Float64Array);
  private readonly deployment = new Column(Int32Array);
  private readonly repo = new Column(Int32Array);
  private readonly pr = new Column(Int32Array);
  /** the change row's key, or for a sha no change has, -1 - its number in `unknown` */
  private readonly change = new Column(Float64Array);
  private readonly unknown = new Interner();
  private readonly unknownShas: string[] = [];
  private readonly repos = new Interner();
  /** per repository index, per number (no "repo#123" string per pull request: hundreds of thousands) */
  private readonly prIndex = new Map<number, Map<number, number>>();
  private readonly prs = {
    repo: new Column(Int32Array),
    number: new Column(Float64Array),
    createdAt: new Column(Float64Array),
    firstCommitAt: new Column(Float64Array),
    firstReviewAt: new Column(Float64Array),
    mergedAt: new Column(Float64Array),
  };
  private readonly unknownByDeployment = new Map<string, number>();
  private readonly finished = new Set<string>();
  private target = "";
  private seen = new Set<string>();
  private readonly wanted: WantedShas;

  /**
   * `deployments`: the records the rows' deployments are (with canonical service names);
   * `wanted`: shas (full or prefix) whose shipments linking looks up (the causes incidents name)
   */
  constructor(
    private readonly settings: EngineSettings,
    private readonly deployments: DeploymentRecords,
    wanted: Iterable<string> = [],
  ) {
    this.wanted = new WantedShas(wanted);
    this.deploymentAt = new Float64Array(deployments.n).fill(Number.NaN);
    this.deploymentOf = idFinder(deployments.n, (i) => deployments.ids[i] as string);
  }

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
    const d = this.deploymentIndex(row.deployment);
    this.deploymentAt[d] = row.deployedAt;
    if (row.committedAt === null) {
      this.unknownByDeployment.set(row.deployment, (this.unknownByDeployment.get(row.deployment) ?? 0) + 1);
    }
    this.wanted.see(row.sha, this.deployment.length);
    this.start.push(leadTimeStart(row, this.settings.leadTimeStart) ?? Number.NaN);
    this.deployment.push(d);
    this.repo.push(row.repo === null ? -1 : this.repos.of(row.repo));
    this.pr.push(row.pr === null ? -1 : this.pullRequest(row.pr));
    this.change.push(row.change ?? -1 - this.unknownSha(row.sha, row.repo));
  }

  /** A deployment's rows come together: its id is looked up once. */
  private deploymentIndex(id: string): number {
    if (id !== this.lastDeployment.id) {
      const index = this.deploymentOf(id);
      if (index < 0) throw new Error(`shipment of unknown deployment ${id}`);
      this.lastDeployment = { id, index };
    }
    return this.lastDeployment.index;
  }

  /** A sha no change row has is a commit of its own per repository, like a known one. */
  private unknownSha(sha: string, repo: string | null): number {
    const k = this.unknown.of(`${repo ?? ""}\u0000${sha}`);
    if (k === this.unknownShas.length) this.unknownShas.push(sha);
    return k;
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
    // No row comes any more: the indexes go before the columns are put in order, the load's peak (479 k deployment
    // ids and 720 k pull requests at an organisation's scale).
    this.unknown.release();
    this.prIndex.clear();
    this.seen.clear();
    const { deploymentAt } = this;
    const ordering = scratch(Int32Array, n);
    const order = deploymentOrder(deploymentAt, this.deployment.data, this.deployments.ids, ordering.array);
    const bySha = this.wanted.found(order);
    const change = this.change.ordered(order);
    const shipments: Shipments = {
      n,
      deploymentAt,
      deployment: this.deployment.take(order),
      deployments: this.deployments,
      repos: this.repos.release(),
      prs: {
        n: this.prs.repo.length,
        repo: this.prs.repo.take(),
        number: this.prs.number.take(),
        createdAt: this.prs.createdAt.take(),
        firstCommitAt: this.prs.firstCommitAt.take(),
        firstReviewAt: this.prs.firstReviewAt.take(),
        mergedAt: this.prs.mergedAt.take(),
      },
      staging: new Int32Array(n).fill(-1),
      shared: new Uint8Array(n),
      commit: new Int32Array(n),
      commitKey: new Float64Array(0),
      commitStart: new Float64Array(0),
      commitRepo: new Int32Array(0),
      commitPr: new Int32Array(0),
      unknownShas: this.unknownShas,
      bySha,
      unknownByDeployment: this.unknownByDeployment,
    };
    shipments.commitKey = annotateCommits(shipments, change, this.settings.stagingEnvironments);
    this.change.free();
    // A commit's facts are the same in every shipment of it: kept once, read from the rows as they were added.
    const commits = shipments.commitKey.length;
    const { commit } = shipments;
    shipments.commitStart = perCommit(this.start, new Float64Array(commits), commit, order);
    shipments.commitRepo = perCommit(this.repo, new Int32Array(commits), commit, order);
    shipments.commitPr = perCommit(this.pr, new Int32Array(commits), commit, order);
    ordering.free();
    return shipments;
  }
}

/** `out[c]`: the value of a row of commit c (the row order[k] is shipment k); the rows' memory then goes back. */
function perCommit<T extends Float64Array | Int32Array>(
  rows: Column<T>,
  out: T,
  commit: Int32Array,
  order: Int32Array,
): T {
  const { data } = rows;
  for (let k = 0; k < order.length; k++) out[commit[k] as number] = data[order[k] as number] as number;
  rows.free();
  return out;
}

/**
 * Shipment order: the deployment's finish, then its id, then the position in its list. A deployment's rows were
 * added in list order, so ranking the deployments that shipped (finish known) by finish and id and keeping each
 * rank's rows in the order they were added is that order.
 */
function deploymentOrder(times: Float64Array, dep: Int32Array, ids: string[], order: Int32Array): Int32Array {
  let shipping = 0;
  for (const t of times) if (!Number.isNaN(t)) shipping++;
  const shipped = new Int32Array(shipping);
  for (let d = 0, k = 0; d < times.length; d++) if (!Number.isNaN(times[d] as number)) shipped[k++] = d;
  const byFinish = shipped.sort((a, b) => {
    const t = (times[a] as number) - (times[b] as number);
    if (t !== 0) return t;
    return (ids[a] as string) < (ids[b] as string) ? -1 : 1;
  });
  const rank = new Int32Array(ids.length);
  byFinish.forEach((d, r) => {
    rank[d] = r;
  });
  return orderByKey(order.length, bitsFor(shipping), (k) => rank[dep[k] as number] as number, order);
}

export function buildShipments(
  rows: Iterable<ShipmentRow>,
  settings: EngineSettings,
  deployments: DeploymentRecords,
  wanted: Iterable<string> = [],
): Shipments {
  const builder = new ShipmentsBuilder(settings, deployments, wanted);
  for (const row of rows) builder.add(row);
  return builder.finish();
}

/**
 * Numbers the commits in order of their keys (`change`, per shipment), marks commits several targets shipped, and
 * when staging first had each. Answers each commit number's key.
 */
function annotateCommits(
  s: Shipments,
  change: Float64Array,
  stagingEnvironments: readonly string[],
): Float64Array {
  // keys as numbers from 0: unknown shas' (-1, -2, …) after the change rows' largest
  let largest = -1;
  for (const key of change) if (key > largest) largest = key;
  const rank = (i: number) => {
    const key = change[i] as number;
    return key >= 0 ? key : largest - key;
  };
  const sorted = scratch(Int32Array, s.n);
  const byCommit = orderByKey(s.n, bitsFor(largest + 1 + s.unknownShas.length), rank, sorted.array);
  const { service, environment, environments } = s.deployments;
  const isStaging = environments.map((env) => stagingEnvironments.includes(env));
  const keyAt = (k: number) => change[byCommit[k] as number] as number;
  let commits = 0;
  for (let k = 0; k < byCommit.length; k++) if (k === 0 || keyAt(k) !== keyAt(k - 1)) commits++;
  const keys = new Float64Array(commits);
  for (let g = 0, commit = 0; g < byCommit.length; commit++) {
    const key = keyAt(g);
    let end = g + 1;
    while (end < byCommit.length && keyAt(end) === key) end++;
    keys[commit] = key;
    for (let k = g; k < end; k++) s.commit[byCommit[k] as number] = commit;
    if (end - g > 1) {
      const members = Array.from(byCommit.subarray(g, end));
      for (const m of members) s.shared[m] = 1;
      for (const m of members) {
        const ofM = service[s.deployment[m] as number];
        for (const o of members) {
          const d = s.deployment[o] as number;
          if (!isStaging[environment[d] as number] || service[d] !== ofM) continue;
          const first = s.staging[m] as number;
          if (first < 0 || deployedAt(s, o) < deployedAt(s, first)) s.staging[m] = o;
        }
      }
    }
    g = end;
  }
  sorted.free();
  return keys;
}
