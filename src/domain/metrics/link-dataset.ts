import { attributeIncidents } from "./attribute-incidents.js";
import { buildShipments } from "./build-shipments.js";
import { buildsFromRecords } from "./builds.js";
import type { Dataset, DeploymentRecord, EngineSettings, ServiceRecord } from "./dataset.js";
import type { LinkedDataset, LinkedDeployment } from "./linked.js";
import { shipmentRowsFromRecords } from "./ship-changes.js";
import { deploymentsShipping, type Shipments, serviceAt } from "./shipments.js";

/**
 * Links the records (GUIDE §3) at the level the metrics engine needs today: a deployment's changes are the ones
 * it lists; a rollback or hotfix says so (`kind`) and reverts or fixes the deployment live before it; an incident's
 * deployment is its explicit cause. The linking issue adds the commit graph and heuristics behind this function.
 */
export function linkDataset(dataset: Dataset, settings: EngineSettings): LinkedDataset {
  const services = resolveServices(dataset);
  const deployments = dataset.deployments.map((d) => toLinked(d, services, settings));
  const deploymentsById = new Map(deployments.map((d) => [d.id, d]));
  const timelines = successTimelines(deployments);
  for (const timeline of timelines.values()) markRevertsAndFixes(timeline);
  const shipments =
    dataset.shipments ??
    buildShipments(
      shipmentRowsFromRecords(timelines.values(), dataset.changes, dataset.pullRequests),
      settings,
    );
  const shipmentDeployments = shipments.deploymentIds.map((id) => {
    const d = deploymentsById.get(id);
    if (d === undefined) throw new Error(`shipment of unknown deployment ${id}`);
    return d;
  });
  const incidents = attributeIncidents(dataset.incidents, deployments, deploymentsById, (sha) =>
    deploymentsShipping(shipments, sha).map((k) => shipmentDeployments[k] as LinkedDeployment),
  );
  for (const incident of incidents) {
    const target = incident.deployment === null ? undefined : deploymentsById.get(incident.deployment);
    if (target === undefined) continue;
    target.incidents = [...target.incidents, incident.id];
    fail(target, "incident", Math.max(target.at ?? incident.impactAt, incident.impactAt));
    if (incident.resolvedAt !== null) restore(target, incident.resolvedAt, incident.id);
    markFixDeployment(target, incident.impactAt, incident.resolvedAt, timelines);
  }
  return {
    services,
    deployments,
    deploymentsById,
    shipments,
    shipmentDeployments,
    incidents,
    builds: dataset.buildRuns ?? buildsFromRecords(dataset.builds),
    unplaced: deployments.filter((d) => d.status === "success" && d.at === null),
    index: {
      // in time order, so a scope of one service selects them without sorting
      deployments: groupBy([...deployments].sort(byTime), (d) => d.service),
      shipments: shipmentsByService(shipments),
    },
  };
}

/** Shipment indices per service, each list in deployment-time order (the shipments' own order). */
function shipmentsByService(s: Shipments): Map<string, Int32Array> {
  const lists = new Map<string, number[]>();
  for (let i = 0; i < s.n; i++) {
    const service = serviceAt(s, i);
    const list = lists.get(service);
    if (list === undefined) lists.set(service, [i]);
    else list.push(i);
  }
  return new Map([...lists].map(([service, list]) => [service, Int32Array.from(list)]));
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list === undefined) groups.set(key(item), [item]);
    else list.push(item);
  }
  return groups;
}

function resolveServices(dataset: Dataset): Map<string, ServiceRecord> {
  const services = new Map(dataset.services.map((s) => [s.name, s]));
  // Zero configuration: a service that only appears in deployments still exists.
  for (const d of dataset.deployments) {
    if (!services.has(d.service)) {
      services.set(d.service, {
        name: d.service,
        team: null,
        repos: d.repo ? [d.repo] : [],
        productionEnvironments: null,
      });
    }
  }
  return services;
}

function isProductionEnvironment(
  service: ServiceRecord | undefined,
  environment: string,
  settings: EngineSettings,
): boolean {
  const names = service?.productionEnvironments ?? settings.productionEnvironments;
  return names.includes(environment);
}

/** Shared by every deployment with no failure or incident (most of them): lists are replaced, never mutated. */
const NONE: readonly never[] = Object.freeze([]);

function toLinked(
  d: DeploymentRecord,
  services: Map<string, ServiceRecord>,
  settings: EngineSettings,
): LinkedDeployment {
  const service = services.get(d.service);
  const finished = d.status === "success" || d.status === "failure" || d.status === "cancelled";
  // Every field listed, never spread: hundreds of thousands of these must share one hidden class to scan fast.
  return {
    id: d.id,
    service: d.service,
    environment: d.environment,
    status: d.status,
    kind: d.kind,
    startedAt: d.startedAt,
    finishedAt: d.finishedAt,
    sha: d.sha,
    version: d.version,
    repo: d.repo,
    changes: d.changes,
    team: service?.team ?? null,
    at: d.finishedAt ?? (finished ? d.startedAt : null),
    productionEnvironment: isProductionEnvironment(service, d.environment, settings),
    failureCauses: NONE,
    failedAt: null,
    restoredAt: null,
    restoredBy: null,
    rework: null,
    reverts: null,
    incidents: NONE,
  };
}

/** Successful deployments per service and environment, in the order they went live. */
function successTimelines(deployments: LinkedDeployment[]): Map<string, LinkedDeployment[]> {
  const timelines = new Map<string, LinkedDeployment[]>();
  for (const d of deployments) {
    if (d.status !== "success" || d.at === null) continue;
    const key = `${d.service}\u0000${d.environment}`;
    const list = timelines.get(key) ?? [];
    list.push(d);
    timelines.set(key, list);
  }
  for (const list of timelines.values()) list.sort(byTime);
  return timelines;
}

export function byTime(a: LinkedDeployment, b: LinkedDeployment): number {
  return (a.at ?? 0) - (b.at ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function markRevertsAndFixes(timeline: LinkedDeployment[]): void {
  for (let i = 1; i < timeline.length; i++) {
    const d = timeline[i] as LinkedDeployment;
    if (d.kind === "deploy") continue;
    const previous = timeline[i - 1] as LinkedDeployment;
    const cause = d.kind === "rollback" ? "rollback" : "hotfix";
    d.rework = cause;
    d.reverts = {
      deployment: previous.id,
      method: `kind:${d.kind}`,
      evidence: `${d.id} says kind "${d.kind}"; ${previous.id} was live before it`,
    };
    fail(previous, cause, previous.at ?? 0);
    restore(previous, d.at ?? 0, d.id);
  }
}

/** GUIDE §3: the next successful deployment of the service, finished while the incident was open, is a fix. */
function markFixDeployment(
  failed: LinkedDeployment,
  impactAt: number,
  resolvedAt: number | null,
  timelines: Map<string, LinkedDeployment[]>,
): void {
  const timeline = timelines.get(`${failed.service}\u0000${failed.environment}`) ?? [];
  const next = timeline[timeline.indexOf(failed) + 1];
  if (next === undefined || next.at === null || next.rework !== null) return;
  if (next.at < impactAt || (resolvedAt !== null && next.at > resolvedAt)) return;
  next.rework = "fix";
  next.reverts = {
    deployment: failed.id,
    method: "fix-while-incident-open",
    evidence: `${next.id} finished while an incident attributed to ${failed.id} was open`,
  };
  restore(failed, next.at, next.id);
}

function fail(d: LinkedDeployment, cause: LinkedDeployment["failureCauses"][number], at: number): void {
  if (!d.failureCauses.includes(cause)) d.failureCauses = [...d.failureCauses, cause];
  d.failedAt = d.failedAt === null ? at : Math.max(d.failedAt, at);
}

function restore(d: LinkedDeployment, at: number, by: string): void {
  if (d.restoredAt === null || at < d.restoredAt) {
    d.restoredAt = at;
    d.restoredBy = by;
  }
}
