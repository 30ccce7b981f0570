import { defaultBuildId } from "../events/identity.js";
import { Column, compareShas, Interner, ShaColumn, type Shas, shaOf } from "./columns.js";
import type { BuildRecord, DeploymentStatus } from "./dataset.js";

/**
 * CI runs as columns, sorted by the instant that places a run in a window (its finish, else its start; then id):
 * an organisation runs hundreds of thousands a year, and objects per run would cost several times the memory.
 */
export interface Builds {
  n: number;
  startedAt: Float64Array;
  /** NaN while running or when not reported */
  finishedAt: Float64Array;
  /** index into `buildStatuses` */
  status: Uint8Array;
  /** -1 when the run reported no test counts (counts are below 2^31: the event schema says so) */
  testsTotal: Int32Array;
  testsFailed: Int32Array;
  testsSkipped: Int32Array;
  /** one number per repository, commit and pipeline: flakiness groups runs by it */
  group: Int32Array;
  /** how many such numbers */
  groups: number;
  /** index into `repos` */
  repo: Int32Array;
  repos: string[];
  pipeline: Int32Array;
  pipelines: string[];
  shas: Shas;
  /** ids that are not the one ingest gives a run sent without one (most runs'): read the others with buildId */
  explicitIds: Map<number, string>;
}

/** The instant that places run i in a window: its finish, else its start. */
export function runAt(runs: Pick<Builds, "startedAt" | "finishedAt">, i: number): number {
  const finished = runs.finishedAt[i] as number;
  return Number.isNaN(finished) ? (runs.startedAt[i] as number) : finished;
}

export function buildId(runs: Builds, i: number): string {
  return (
    runs.explicitIds.get(i) ??
    defaultBuildId(
      runs.repos[runs.repo[i] as number] as string,
      shaOf(runs.shas, i),
      runs.pipelines[runs.pipeline[i] as number] as string,
      runs.startedAt[i] as number,
    )
  );
}

export const buildStatuses: readonly DeploymentStatus[] = Object.freeze([
  "success",
  "failure",
  "cancelled",
  "in_progress",
]);
export const SUCCESS = 0;
export const FAILURE = 1;
export const IN_PROGRESS = 3;

/** Takes runs one at a time (as the store reads them), so they never all exist as objects. */
export class BuildsBuilder {
  private readonly startedAt = new Column(Float64Array);
  private readonly finishedAt = new Column(Float64Array);
  private readonly status = new Column(Uint8Array);
  private readonly testsTotal = new Column(Int32Array);
  private readonly testsFailed = new Column(Int32Array);
  private readonly testsSkipped = new Column(Int32Array);
  private readonly repo = new Column(Int32Array);
  private readonly pipeline = new Column(Int32Array);
  private readonly explicitIds = new Map<number, string>();
  private readonly shas = new ShaColumn();
  private readonly repos = new Interner();
  private readonly pipelines = new Interner();

  add(b: BuildRecord): void {
    const i = this.startedAt.length;
    const repo = this.repos.of(b.repo);
    const pipeline = this.pipelines.of(b.pipeline);
    this.startedAt.push(b.startedAt);
    this.finishedAt.push(b.finishedAt ?? Number.NaN);
    this.status.push(buildStatuses.indexOf(b.status));
    this.testsTotal.push(b.tests?.total ?? -1);
    this.testsFailed.push(b.tests?.failed ?? -1);
    this.testsSkipped.push(b.tests?.skipped ?? -1);
    this.repo.push(repo);
    this.pipeline.push(pipeline);
    if (b.id !== defaultBuildId(b.repo, b.sha, b.pipeline, b.startedAt)) this.explicitIds.set(i, b.id);
    this.shas.push(b.sha);
  }

  finish(): Builds {
    const n = this.startedAt.length;
    // Runs that share an instant are ordered by id, worked out for those runs only.
    const idAt = (i: number) =>
      this.explicitIds.get(i) ??
      defaultBuildId(
        this.repos.values[this.repo.data[i] as number] as string,
        this.shas.at(i),
        this.pipelines.values[this.pipeline.data[i] as number] as string,
        this.startedAt.data[i] as number,
      );
    const instants = { startedAt: this.startedAt.data, finishedAt: this.finishedAt.data };
    const at = Float64Array.from({ length: n }, (_, i) => runAt(instants, i));
    const order = timeOrder(at, n, idAt);
    const explicitIds = new Map<number, string>();
    order.forEach((from, to) => {
      const id = this.explicitIds.get(from);
      if (id !== undefined) explicitIds.set(to, id);
    });
    const runs: Builds = {
      n,
      startedAt: this.startedAt.take(order),
      finishedAt: this.finishedAt.take(order),
      status: this.status.take(order),
      testsTotal: this.testsTotal.take(order),
      testsFailed: this.testsFailed.take(order),
      testsSkipped: this.testsSkipped.take(order),
      group: new Int32Array(0),
      groups: 0,
      repo: this.repo.take(order),
      pipeline: this.pipeline.take(order),
      repos: this.repos.values,
      pipelines: this.pipelines.values,
      shas: this.shas.take(order),
      explicitIds,
    };
    numberGroups(runs);
    return runs;
  }
}

/**
 * One number per repository, pipeline and commit, found by sorting (not by string keys: there are hundreds of
 * thousands), then renumbered in time order so runs close in time touch tallies close in memory.
 */
function numberGroups(runs: Builds): void {
  const { repo, pipeline, shas } = runs;
  const byKey = Int32Array.from({ length: runs.n }, (_, i) => i).sort(
    (a, b) =>
      (repo[a] as number) - (repo[b] as number) ||
      (pipeline[a] as number) - (pipeline[b] as number) ||
      compareShas(shas, a, b),
  );
  const group = new Int32Array(runs.n);
  let g = -1;
  byKey.forEach((i, k) => {
    const previous = byKey[k - 1];
    const same =
      previous !== undefined &&
      repo[previous] === repo[i] &&
      pipeline[previous] === pipeline[i] &&
      compareShas(shas, previous, i) === 0;
    if (!same) g++;
    group[i] = g;
  });
  runs.groups = g + 1;
  runs.group = renumbered(group, runs.groups);
}

/** Runs by the instant that places them in a window, then id. */
function timeOrder(at: Float64Array, n: number, idAt: (i: number) => string): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (at[a] as number) - (at[b] as number) || (idAt(a) < idAt(b) ? -1 : 1),
  );
}

/** Groups numbered in time order, so runs close in time touch tallies close in memory. */
function renumbered(group: Int32Array, groups: number): Int32Array {
  const next = new Int32Array(groups).fill(-1);
  let n = 0;
  for (let i = 0; i < group.length; i++) {
    const g = group[i] as number;
    if (next[g] === -1) next[g] = n++;
    group[i] = next[g] as number;
  }
  return group;
}

export function buildsFromRecords(records: Iterable<BuildRecord>): Builds {
  const builder = new BuildsBuilder();
  for (const b of records) builder.add(b);
  return builder.finish();
}
