import { sql } from "kysely";
import type { StrideEventOf } from "../domain/events/schema.js";
import { BuildsBuilder } from "../domain/metrics/builds.js";
import type { Dataset, DeploymentKind, DeploymentStatus, EngineSettings } from "../domain/metrics/dataset.js";
import { incidentRecord } from "../domain/metrics/records.js";
import type { EngineAdapter } from "./engine.js";
import { loadShipments } from "./load-shipments.js";

const list = (json: string | null): string[] | null =>
  json === null ? null : (JSON.parse(json) as string[]);
/** A deployment that sent a change list: what it listed is in the shipments. */
const LISTED: string[] = [];

/**
 * One string per distinct value: the driver makes a new string for every row's service, environment, status,
 * repository and pipeline, and at hundreds of thousands of rows those copies cost more than the rows' numbers.
 */
function sharedStrings(): <T extends string | null>(value: T) => T {
  const seen = new Map<string, string>();
  return <T extends string | null>(value: T): T => {
    if (value === null) return value;
    const held = seen.get(value);
    if (held !== undefined) return held as T;
    seen.set(value, value);
    return value;
  };
}

/**
 * Reads what the metrics engine needs (the engine itself does no I/O). Commits and pull requests are not loaded as
 * records: the shipments, built from them in the database, carry what the metrics use.
 */
export async function loadDataset(adapter: EngineAdapter, settings: EngineSettings): Promise<Dataset> {
  const { db } = adapter;
  const shared = sharedStrings();
  // One table at a time, each mapped as soon as it is read: the raw rows of one never wait beside the next.
  const services = (
    await db.selectFrom("services").select(["name", "team", "repos", "production_environments"]).execute()
  ).map((s) => ({
    name: s.name,
    team: s.team,
    repos: list(s.repos) ?? [],
    productionEnvironments: list(s.production_environments),
  }));
  const deployments = (
    await db
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
      .execute()
  ).map((d) => ({
    id: d.id,
    service: shared(d.service),
    environment: shared(d.environment),
    status: shared(d.status) as DeploymentStatus,
    kind: shared(d.kind) as DeploymentKind,
    startedAt: d.started_at,
    finishedAt: d.finished_at,
    sha: d.sha,
    version: d.version,
    repo: shared(d.repo),
    // only whether a list was sent: the shipments hold what it listed
    changes: Number(d.listed) === 1 ? LISTED : null,
  }));
  // The merged event, not the columns: the engine needs to know whether the source said when impact began.
  const incidents = (await db.selectFrom("incidents").select(["data"]).execute()).map(({ data }) =>
    incidentRecord(JSON.parse(data) as StrideEventOf<"incident">),
  );
  const buildRuns = new BuildsBuilder();
  for (const b of await db
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
    .execute()) {
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
  const shipments = await loadShipments(adapter, settings);
  return {
    services,
    deployments,
    shipments,
    changes: [],
    pullRequests: [],
    incidents,
    builds: [],
    buildRuns: buildRuns.finish(),
  };
}
