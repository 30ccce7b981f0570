import { Column, Interner, scratch } from "./columns.js";
import type { EngineSettings } from "./dataset.js";
import type { DeploymentRecords } from "./deployment-records.js";
import { type IdFinder, idFinder } from "./id-finder.js";
import { bitsFor, orderByKey } from "./order-by-key.js";
import {
  type ChangeFacts,
  deployedAt,
  deploymentRowAt,
  leadTimeStart,
  type PullRequestFacts,
  type ShipmentRow,
  type Shipments,
} from "./shipments.js";
import type { StringList } from "./string-list.js";
import { WantedShas } from "./wanted-shas.js";

/**
 * Keeps, per target, the first deployment that listed each sha. Rows must come grouped by target and, within a
 * target, in deployment order (finish, then id, then position); the result does not depend on the target order.
 * Three steps: `add` each row as it is read (millions never exist as objects at once, and their shas are not kept:
 * a commit is known by its change row's key, ADR 0009); `commitKeys` numbers the commits and answers the keys
 * whose facts to add, in that order, with `addFacts` (once per commit, not per row); then `finish`.
 */
export class ShipmentsBuilder {
  /** per deployment record (its rows all have its finish; NaN: it shipped nothing first) */
  private readonly deploymentAt: Float64Array;
  /** a shipment's deployment is its row in the records: no index of ids, nor names per deployment, of its own */
  private readonly deploymentOf: IdFinder;
  private lastDeployment = { id: "", index: -1 };
  private readonly deployment = new Column(Int32Array);
  /** per row: the change row's key, or for a sha no change has, -1 - its number in `unknown` */
  private readonly change = new Column(Float64Array);
  private readonly unknown = new Interner();
  private readonly unknownShas: string[] = [];
  /** per unknown sha, its repository (index into `repos`, -1 when none) */
  private readonly unknownRepo = new Column(Int32Array);
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
  /** from `commitKeys` on */
  private commits: Commits | null = null;

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
    this.deploymentOf = idFinder(deployments.ids);
  }

  add(row: ShipmentRow): void {
    if (this.commits !== null) throw new Error("a shipment row came after the commits were numbered");
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
    this.wanted.see(row.sha, this.deployment.length);
    this.deployment.push(d);
    if (row.change !== null) {
      this.change.push(row.change);
      return;
    }
    this.unknownByDeployment.set(row.deployment, (this.unknownByDeployment.get(row.deployment) ?? 0) + 1);
    this.change.push(-1 - this.unknownSha(row.sha, row.repo));
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
    if (k === this.unknownShas.length) {
      this.unknownShas.push(sha);
      this.unknownRepo.push(repo === null ? -1 : this.repos.of(repo));
    }
    return k;
  }

  /**
   * After the last row: numbers the commits in order of their keys (unknown shas last), and answers the keys of
   * the known ones, ascending: the facts to add next, in that order.
   */
  commitKeys(): Int32Array | Float64Array {
    if (this.commits !== null) throw new Error("the commits are numbered once");
    // No row comes any more: the indexes go before the columns are numbered and ordered, the load's peak.
    this.unknown.release();
    this.seen.clear();
    const n = this.change.length;
    const change = this.change.data;
    // keys as numbers from 0: unknown shas' (-1, -2, …) after the change rows' largest
    let largest = -1;
    for (let k = 0; k < n; k++) largest = Math.max(largest, change[k] as number);
    const rank = (k: number) => {
      const key = change[k] as number;
      return key >= 0 ? key : largest - key;
    };
    const sorted = scratch(Int32Array, n);
    const byKey = orderByKey(n, bitsFor(largest + 1 + this.unknownShas.length), rank, sorted.array);
    const keyAt = (k: number) => change[byKey[k] as number] as number;
    let count = 0;
    for (let k = 0; k < n; k++) if (k === 0 || keyAt(k) !== keyAt(k - 1)) count++;
    // 32-bit keys when every one fits (a store's row numbers do, short of two billion rows): half the bytes
    const fits = largest < 2 ** 31 && this.unknownShas.length < 2 ** 31;
    const keys = fits ? new Int32Array(count) : new Float64Array(count);
    const ofRow = scratch(Int32Array, n);
    for (let k = 0, c = -1; k < n; k++) {
      if (k === 0 || keyAt(k) !== keyAt(k - 1)) keys[++c] = keyAt(k);
      ofRow.array[byKey[k] as number] = c;
    }
    sorted.free();
    this.change.free();
    let known = 0;
    while (known < count && (keys[known] as number) >= 0) known++;
    const repo = new Int32Array(count).fill(-1);
    for (let c = known; c < count; c++) repo[c] = this.unknownRepo.data[-1 - (keys[c] as number)] as number;
    this.unknownRepo.free();
    this.commits = {
      ofRow,
      keys,
      known,
      next: 0,
      start: new Float64Array(count).fill(Number.NaN),
      repo,
      pr: new Int32Array(count).fill(-1),
    };
    return keys.subarray(0, known);
  }

  /** A known commit's facts, in ascending key order; keys no row shipped, and repeats, are passed over. */
  addFacts(facts: ChangeFacts): void {
    const c = this.commits;
    if (c === null) throw new Error("commit facts come after the commits are numbered");
    const { keys } = c;
    if (c.next > 0 && facts.key < (keys[c.next - 1] as number))
      throw new Error(`commit facts out of key order at ${facts.key}`);
    while (c.next < c.known && (keys[c.next] as number) < facts.key) c.next++;
    if (c.next === c.known || keys[c.next] !== facts.key) return;
    const at = c.next++;
    c.start[at] = leadTimeStart(facts, this.settings.leadTimeStart) ?? Number.NaN;
    c.repo[at] = this.repos.of(facts.repo);
    c.pr[at] = facts.pr === null ? -1 : this.pullRequest(facts.pr);
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
    const c = this.commits;
    if (c === null) throw new Error("the commits are numbered before the shipments are finished");
    // the pull-request index goes before the columns are put in order (720 k at an organisation's scale)
    this.prIndex.clear();
    const n = this.deployment.length;
    const ordering = scratch(Int32Array, n);
    const { order, byFinish, rank } = deploymentOrder(
      this.deploymentAt,
      this.deployment.data,
      this.deployments.ids,
      ordering.array,
    );
    // Shipments number their deployments by rank in time order: a scope's spans, read in time order, then read
    // the deployments' instants in order too (by record row, they were scattered over the table: slower reads).
    const deployment = this.deployment.take(order);
    for (let k = 0; k < n; k++) deployment[k] = rank[deployment[k] as number] as number;
    const deploymentAt = Float64Array.from(byFinish, (row) => this.deploymentAt[row] as number);
    const commit = new Int32Array(n);
    for (let k = 0; k < n; k++) commit[k] = c.ofRow.array[order[k] as number] as number;
    c.ofRow.free();
    const shipments: Shipments = {
      n,
      deploymentAt,
      deployment,
      deploymentRow: byFinish,
      deployments: this.deployments,
      repos: this.repos.release(),
      prs: {
        n: this.prs.repo.length,
        repo: this.prs.repo.take(),
        number: narrowed(this.prs.number.take()),
        createdAt: this.prs.createdAt.take(),
        firstCommitAt: this.prs.firstCommitAt.take(),
        firstReviewAt: this.prs.firstReviewAt.take(),
        mergedAt: this.prs.mergedAt.take(),
      },
      staging: new Int32Array(n).fill(-1),
      commit,
      commitKey: c.keys,
      commitStart: c.start,
      commitRepo: this.repos.values.length <= 2 ** 15 ? Int16Array.from(c.repo) : c.repo,
      commitPr: c.pr,
      unknownShas: this.unknownShas,
      bySha: this.wanted.found(order),
      unknownByDeployment: this.unknownByDeployment,
    };
    ordering.free();
    annotateCommits(shipments, this.settings.stagingEnvironments);
    return shipments;
  }
}

/** The values as 32-bit integers when every one is one, else as they are: half the bytes. */
function narrowed(values: Float64Array): Int32Array | Float64Array {
  for (const v of values) if (!(v >= -(2 ** 31) && v < 2 ** 31 && Number.isInteger(v))) return values;
  return Int32Array.from(values);
}

/** The builder's commits, numbered in order of their keys (known ones first), and their facts as they come. */
interface Commits {
  /** per row as added, its commit */
  ofRow: { array: Int32Array; free(): void };
  keys: Int32Array | Float64Array;
  /** how many keys are of change rows (they come first) */
  known: number;
  /** the first key whose facts have not come */
  next: number;
  start: Float64Array;
  repo: Int32Array;
  pr: Int32Array;
}

/**
 * Shipment order: the deployment's finish, then its id, then the position in its list. A deployment's rows were
 * added in list order, so ranking the deployments that shipped (finish known) by finish and id and keeping each
 * rank's rows in the order they were added is that order.
 */
function deploymentOrder(
  times: Float64Array,
  dep: Int32Array,
  ids: StringList,
  order: Int32Array,
): { order: Int32Array; byFinish: Int32Array; rank: Int32Array } {
  let shipping = 0;
  for (const t of times) if (!Number.isNaN(t)) shipping++;
  const shipped = new Int32Array(shipping);
  for (let d = 0, k = 0; d < times.length; d++) if (!Number.isNaN(times[d] as number)) shipped[k++] = d;
  const byFinish = shipped.sort((a, b) => {
    const t = (times[a] as number) - (times[b] as number);
    if (t !== 0) return t;
    return ids.get(a) < ids.get(b) ? -1 : 1;
  });
  const rank = new Int32Array(ids.length);
  byFinish.forEach((d, r) => {
    rank[d] = r;
  });
  orderByKey(order.length, bitsFor(shipping), (k) => rank[dep[k] as number] as number, order);
  return { order, byFinish, rank };
}

/** The reference path: rows and facts from plain records (facts in ascending key order). */
export function buildShipments(
  rows: Iterable<ShipmentRow>,
  facts: Iterable<ChangeFacts>,
  settings: EngineSettings,
  deployments: DeploymentRecords,
  wanted: Iterable<string> = [],
): Shipments {
  const builder = new ShipmentsBuilder(settings, deployments, wanted);
  for (const row of rows) builder.add(row);
  if (builder.commitKeys().length > 0) for (const f of facts) builder.addFacts(f);
  return builder.finish();
}

/** When staging first had each commit a production target shipped (the earliest staging shipment, same service). */
function annotateCommits(s: Shipments, stagingEnvironments: readonly string[]): void {
  const sorted = scratch(Int32Array, s.n);
  const byCommit = orderByKey(s.n, bitsFor(s.commitKey.length), (k) => s.commit[k] as number, sorted.array);
  const { service, environment, environments } = s.deployments;
  const isStaging = environments.map((env) => stagingEnvironments.includes(env));
  for (let g = 0; g < byCommit.length; ) {
    const commit = s.commit[byCommit[g] as number];
    let end = g + 1;
    while (end < byCommit.length && s.commit[byCommit[end] as number] === commit) end++;
    if (end - g > 1) {
      const members = Array.from(byCommit.subarray(g, end));
      for (const m of members) {
        const ofM = service[deploymentRowAt(s, m)];
        for (const o of members) {
          const d = deploymentRowAt(s, o);
          if (!isStaging[environment[d] as number] || service[d] !== ofM) continue;
          const first = s.staging[m] as number;
          if (first < 0 || deployedAt(s, o) < deployedAt(s, first)) s.staging[m] = o;
        }
      }
    }
    g = end;
  }
  sorted.free();
}
