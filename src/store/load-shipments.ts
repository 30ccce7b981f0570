import { sql } from "kysely";
import type { CommitGraph } from "../domain/linking/commit-graph.js";
import type { ServiceNames } from "../domain/linking/service-names.js";
import { graphShipmentRows } from "../domain/linking/shipment-rows.js";
import { shippedByGraph } from "../domain/linking/shipped-by-graph.js";
import { deploymentAt } from "../domain/linking/timelines.js";
import { ShipmentsBuilder } from "../domain/metrics/build-shipments.js";
import type { DeploymentRecord, EngineSettings, ServiceRecord } from "../domain/metrics/dataset.js";
import type { DeploymentRecords } from "../domain/metrics/deployment-records.js";
import type { Link } from "../domain/metrics/linked.js";
import type { ShipmentRow, Shipments } from "../domain/metrics/shipments.js";
import { readChangeFacts } from "./change-facts.js";
import type { EngineAdapter } from "./engine.js";
import type { SharedStrings } from "./load-dataset.js";
import { nextTurn } from "./next-turn.js";

/** What the commit graph adds: the timelines and the graphs loaded for them. */
export interface GraphContext {
  timelines: ReadonlyMap<string, DeploymentRecord[]>;
  services: ReadonlyMap<string, ServiceRecord>;
  graphs: ReadonlyMap<string, CommitGraph>;
  /** the mapping rules, and the names deployments were stored with per canonical service */
  names: ServiceNames;
  rawNames: ReadonlyMap<string, ReadonlySet<string>>;
}

interface Row {
  deployment: string;
  raw_service: string;
  deployment_repo: string | null;
  environment: string;
  at: number;
  position: number;
  sha: string;
  change: number | null;
  repo: string | null;
}

/**
 * Which changes each deployment shipped, one service at a time: what deployments listed, joined in the database,
 * and what the others shipped by the commit graph; then what the lead time needs of each commit shipped, read
 * once per commit. The commits and pull requests of an organisation are never all in memory as objects. Same rows,
 * same order and same facts as shipmentRowsFromRecords and changeFactsFromRecords.
 */
export async function readShipmentRows(
  adapter: EngineAdapter,
  settings: EngineSettings,
  shared: SharedStrings,
  graph: GraphContext,
  /** the deployments read (rows name theirs by id) */
  deployments: DeploymentRecords,
  /** the shas incidents name as their cause (linking looks up their shipments) */
  wanted: Iterable<string>,
  signal?: AbortSignal,
): Promise<{ builder: ShipmentsBuilder; graphLinks: Map<string, Link> }> {
  const { db, changesOf } = adapter;
  const builder = new ShipmentsBuilder(settings, deployments, wanted);
  const graphLinks = new Map<string, Link>();
  const timelinesOf = new Map<string, DeploymentRecord[][]>();
  for (const timeline of graph.timelines.values()) {
    const service = (timeline[0] as DeploymentRecord).service;
    timelinesOf.set(service, [...(timelinesOf.get(service) ?? []), timeline]);
  }
  for (const service of [...graph.rawNames.keys()].sort()) {
    const raw = [...(graph.rawNames.get(service) ?? [])];
    signal?.throwIfAborted();
    await nextTurn();
    const { rows } = await sql<Row>`
      select d.id as deployment, d.service as raw_service, d.repo as deployment_repo, d.environment,
        coalesce(d.finished_at, d.started_at) as at,
        ${changesOf.position} as position, ${changesOf.sha} as sha, ${sql.ref(`c.${adapter.changeKey}`)} as change,
        coalesce(c.repo, d.repo) as repo
      from deployments d, ${changesOf.from}
        left join changes c on c.sha = ${changesOf.sha}
      where d.service in (${sql.join(raw)}) and d.status = 'success' and d.kind <> 'rollback' and d.changes is not null
        and coalesce(d.finished_at, d.started_at) is not null
      order by d.environment, at, d.id, position`.execute(db);
    const fromGraph: ShipmentRow[] = [];
    for (const timeline of timelinesOf.get(service) ?? []) {
      const byGraph = shippedByGraph(timeline, graph.services.get(service), graph.graphs);
      for (const d of timeline) {
        const found = byGraph.get(d.id);
        if (found === undefined) continue;
        graphLinks.set(d.id, found.link);
        fromGraph.push(...graphShipmentRows(d, deploymentAt(d) as number, found));
      }
    }
    // A stored name may stand for several services (a repository claimed by one): keep this service's rows.
    const mine = rows.filter((r) => graph.names.canonical(r.raw_service, r.deployment_repo) === service);
    if (fromGraph.length === 0) {
      // The common case: the query's order is the builder's; rows go in as they come, and go.
      for (const r of mine) builder.add(listedRow(r, service, shared));
      continue;
    }
    // Listed and graph-found rows in deployment order per target: the order the builder keeps first shipments by.
    const merged = [...mine.map((r) => listedRow(r, service, shared)), ...fromGraph].sort(
      (a, b) =>
        (a.environment < b.environment ? -1 : a.environment > b.environment ? 1 : 0) ||
        a.deployedAt - b.deployedAt ||
        (a.deployment < b.deployment ? -1 : a.deployment > b.deployment ? 1 : 0) ||
        a.position - b.position,
    );
    for (const row of merged) builder.add(row);
  }
  return { builder, graphLinks };
}

/**
 * The rows are in: the commits' facts, read once per commit, and the columns put in order. This is the load's
 * peak, and needs neither the index of shared strings nor what the engine cached for the reads (SQLite's page
 * cache: up to 64 MiB).
 */
export async function finishShipments(
  adapter: EngineAdapter,
  builder: ShipmentsBuilder,
  shared: SharedStrings,
  signal?: AbortSignal,
): Promise<Shipments> {
  shared.release();
  const keys = builder.commitKeys();
  await readChangeFacts(adapter, keys, (facts) => builder.addFacts(facts), signal);
  adapter.releaseMemory();
  return builder.finish();
}

function listedRow(r: Row, service: string, shared: SharedStrings): ShipmentRow {
  return {
    deployment: shared.of(r.deployment),
    service: shared.of(service),
    environment: shared.of(r.environment),
    deployedAt: Number(r.at),
    position: Number(r.position),
    sha: r.sha,
    change: r.change === null ? null : Number(r.change),
    repo: r.repo,
  };
}
