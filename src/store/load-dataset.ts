import { sql } from "kysely";
import type { StrideEventOf } from "../domain/events/schema.js";
import { causeShas } from "../domain/linking/attribute-incidents.js";
import { type DeploymentTable, deploymentTable } from "../domain/linking/deployment-table.js";
import { deploymentViews } from "../domain/linking/deployment-view.js";
import { serviceNames } from "../domain/linking/service-names.js";
import { deploymentAt, successTimelines } from "../domain/linking/timelines.js";
import { type Builds, BuildsBuilder } from "../domain/metrics/builds.js";
import type {
  Dataset,
  DeploymentKind,
  DeploymentStatus,
  EngineSettings,
  IncidentRecord,
} from "../domain/metrics/dataset.js";
import { DeploymentRecordsBuilder } from "../domain/metrics/deployment-records.js";
import { incidentRecord, serviceRecord } from "../domain/metrics/records.js";
import type { EngineAdapter } from "./engine.js";
import { loadCommitGraphs, reposNeedingGraphs } from "./load-commit-graphs.js";
import { finishShipments, type GraphContext, readShipmentRows } from "./load-shipments.js";
import { inTurns } from "./next-turn.js";
import { readMeta } from "./store-meta.js";

/** Rows per round trip when streaming a table (PostgreSQL cursor; SQLite steps row by row anyway). */
const CHUNK = 5000;
/** A deployment that sent a change list: what it listed is in the shipments. */
const LISTED: string[] = [];

/**
 * One string per distinct value: the driver makes a new string for every row's service, environment, status,
 * repository and pipeline, and at hundreds of thousands of rows those copies cost more than the rows' numbers.
 * `release` lets the index go once no more rows come (the strings stay with whoever holds them): at an
 * organisation's scale it is as large as the strings, and the load's peak comes after its last row.
 */
export interface SharedStrings {
  of<T extends string | null>(value: T): T;
  release(): void;
}

function sharedStrings(): SharedStrings {
  const seen = new Map<string, string>();
  return {
    of<T extends string | null>(value: T): T {
      if (value === null) return value;
      const held = seen.get(value);
      if (held !== undefined) return held as T;
      seen.set(value, value);
      return value;
    },
    release: () => seen.clear(),
  };
}

/**
 * Reads what the metrics engine needs (the engine itself does no I/O). Commits and pull requests are not loaded as
 * records: the shipments, built from them in the database, carry what the metrics use.
 */
/** `signal` stops a load midway (a shutting-down server must not wait minutes for a large organisation's). */
export async function loadDataset(
  adapter: EngineAdapter,
  settings: EngineSettings,
  signal?: AbortSignal,
): Promise<Dataset> {
  const { db } = adapter;
  // read first: a replay while this load runs makes its keys older than the store's, never newer
  const keyGeneration = await readMeta(db, "key_generation");
  const shared = sharedStrings();
  // One table at a time, streamed and mapped row by row: raw rows never pile up beside the records.
  // The merged events: a service's settings are few and all of them matter to linking.
  const services = (await db.selectFrom("services").select(["data"]).execute()).map((s) =>
    serviceRecord(JSON.parse(s.data) as StrideEventOf<"service">),
  );
  // Service names made canonical as they are read (the mapping rules): the shipments are built per canonical service.
  const names = serviceNames(services);
  const rawNames = new Map<string, Set<string>>();
  const deploymentColumns = new DeploymentRecordsBuilder();
  for await (const d of inTurns(
    db
      .selectFrom("deployments")
      .select([
        "id",
        "service",
        "environment",
        "status",
        "kind",
        "started_at",
        "finished_at",
        "sha",
        "version",
        "repo",
      ])
      .select(sql<number>`case when changes is null then 0 else 1 end`.as("listed"))
      .stream(CHUNK),
    CHUNK,
  )) {
    const service = shared.of(names.canonical(d.service, d.repo));
    const raw = rawNames.get(service);
    if (raw === undefined) rawNames.set(service, new Set([d.service]));
    else raw.add(d.service);
    deploymentColumns.add({
      // shared: the shipments name the deployments they belong to by these same strings, not by copies
      id: shared.of(d.id),
      service,
      environment: d.environment,
      status: d.status as DeploymentStatus,
      kind: d.kind as DeploymentKind,
      startedAt: d.started_at,
      finishedAt: d.finished_at,
      sha: d.sha,
      version: d.version,
      repo: d.repo,
      // only whether a list was sent: the shipments hold what it listed
      changes: Number(d.listed) === 1 ? LISTED : null,
    });
  }
  const table = deploymentTable(deploymentColumns.finish());
  // The merged event, not the columns: the engine needs to know whether the source said when impact began.
  const incidents: IncidentRecord[] = [];
  for await (const { data } of inTurns(db.selectFrom("incidents").select(["data"]).stream(CHUNK), CHUNK)) {
    signal?.throwIfAborted();
    const incident = incidentRecord(JSON.parse(data) as StrideEventOf<"incident">);
    incident.services = [...new Set(incident.services.map((name) => names.canonical(name, null)))];
    incidents.push(incident);
  }
  // Finished before the shipments are built: its columns' spare room and its sorting are gone by the load's peak.
  const runs = await loadBuildRuns(adapter, signal);
  const { builder, graphs, graphLinks } = await readRows(
    adapter,
    settings,
    shared,
    table,
    { services: new Map(services.map((s) => [s.name, s])), names, rawNames },
    causeShas(incidents),
    signal,
  );
  const shipments = await finishShipments(adapter, builder, shared, signal);
  return {
    services,
    // views made after the shipments' finishing (the load's peak); linking adopts the table and them
    deployments: deploymentViews(table),
    deploymentTable: table,
    shipments,
    keyGeneration,
    graphs,
    graphLinks,
    changes: [],
    pullRequests: [],
    incidents,
    builds: [],
    buildRuns: runs,
  };
}

/**
 * The commit graphs and the shipment rows. The views of the deployments and their timelines serve only this: made
 * here, they are garbage by the shipments' finishing, the load's peak (479 k objects at an organisation's scale).
 */
async function readRows(
  adapter: EngineAdapter,
  settings: EngineSettings,
  shared: SharedStrings,
  table: DeploymentTable,
  context: Pick<GraphContext, "services" | "names" | "rawNames">,
  wanted: Iterable<string>,
  signal?: AbortSignal,
) {
  const timelines = successTimelines(deploymentViews(table), deploymentAt);
  const graphs = await loadCommitGraphs(
    adapter,
    reposNeedingGraphs(timelines.values(), context.services),
    signal,
  );
  const read = await readShipmentRows(
    adapter,
    settings,
    shared,
    { ...context, timelines, graphs },
    table.records,
    wanted,
    signal,
  );
  return { ...read, graphs };
}

/** CI runs, streamed into columns (the builder, and what it held for ordering, go when this returns). */
async function loadBuildRuns(adapter: EngineAdapter, signal?: AbortSignal): Promise<Builds> {
  const { db } = adapter;
  const buildRuns = new BuildsBuilder();
  for await (const b of inTurns(
    db
      .selectFrom("builds")
      .select([
        "id",
        "repo",
        "sha",
        "pipeline",
        "started_at",
        "finished_at",
        "status",
        "tests_total",
        "tests_failed",
        "tests_skipped",
      ])
      .stream(CHUNK),
    CHUNK,
  )) {
    signal?.throwIfAborted();
    buildRuns.add({
      id: b.id,
      repo: b.repo,
      sha: b.sha,
      pipeline: b.pipeline,
      startedAt: b.started_at,
      finishedAt: b.finished_at,
      status: b.status as DeploymentStatus,
      tests:
        b.tests_total === null
          ? null
          : { total: b.tests_total, failed: b.tests_failed ?? 0, skipped: b.tests_skipped ?? 0 },
    });
  }
  return buildRuns.finish();
}
