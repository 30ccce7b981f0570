import { buildShipments } from "../metrics/build-shipments.js";
import { buildsFromRecords } from "../metrics/builds.js";
import type { Dataset, DeploymentRecord, EngineSettings, ServiceRecord } from "../metrics/dataset.js";
import { deploymentRecords } from "../metrics/deployment-records.js";
import { idFinder } from "../metrics/id-finder.js";
import type { Link, LinkedDataset, LinkedDeployment } from "../metrics/linked.js";
import { serviceRecord } from "../metrics/records.js";
import { deploymentRowAt, type Shipments, serviceAt } from "../metrics/shipments.js";
import { packStrings } from "../metrics/string-list.js";
import { attributeIncidents, causeShas } from "./attribute-incidents.js";
import { commitGraphs } from "./commit-graphs.js";
import { deploymentTable, describeDeployments, LISTED, tableIds } from "./deployment-table.js";
import { type DeploymentView, deploymentList, deploymentViews } from "./deployment-view.js";
import { deploymentsById } from "./deployments-by-id.js";
import { fail, markReverts, restore } from "./mark-reverts.js";
import { pullRequestIndex } from "./pull-requests.js";
import { serviceNames, withCanonicalServices } from "./service-names.js";
import { changeFactsFromRecords, shipmentRowsFromRecords } from "./shipment-rows.js";
import { shippedByGraph } from "./shipped-by-graph.js";
import { byTime, deploymentAt, successTimelines } from "./timelines.js";

/**
 * Links the records (GUIDE §3): service names made canonical (the mapping rules), what each deployment shipped (its list, else the commit graph), rollbacks and
 * hotfixes, incidents to deployments, failures and restores. A pure function of the records: a late event changes
 * the answer at the next link, which runs on every change of the data.
 */
export function linkDataset(records: Dataset, settings: EngineSettings): LinkedDataset {
  const dataset = withCanonicalServices(records, serviceNames(records.services));
  const services = resolveServices(dataset);
  // The store's table and views when it sent them and the names in them were already canonical; else the records'.
  const canonical = dataset.deployments.every((d, i) => d === records.deployments[i]);
  const adopted = canonical ? records.deploymentTable : undefined;
  const table = adopted ?? deploymentTable(deploymentRecords(dataset.deployments));
  describeDeployments(
    table,
    (i) => {
      const d = dataset.deployments[i] as DeploymentRecord;
      return {
        at: deploymentAt(d),
        production: isProductionEnvironment(services.get(d.service), d.environment, settings),
      };
    },
    (service) => services.get(service)?.team ?? null,
  );
  // the store made its deployments as views of the table it sent
  const deployments: LinkedDeployment[] =
    adopted === undefined ? deploymentViews(table) : (dataset.deployments as DeploymentView[]);
  const findRow = idFinder(tableIds(table));
  // while linking, the one view per row (linking compares them); after it, views made when asked
  const byId = deploymentsById(findRow, (row) => deployments[row] as LinkedDeployment);
  const timelines = successTimelines(deployments, (d) => d.at);
  const graphs = dataset.graphs ?? commitGraphs(dataset.changes);
  let shipments = dataset.shipments;
  let graphLinks = dataset.graphLinks ?? new Map<string, Link>();
  if (shipments === undefined) {
    // Before rollbacks are marked: what a deployment shipped depends on the records, not on other conclusions.
    const byGraph = new Map(
      [...timelines.values()].flatMap((t) => [
        ...shippedByGraph(t, services.get(t[0]?.service ?? ""), graphs),
      ]),
    );
    graphLinks = new Map([...byGraph].map(([id, s]) => [id, s.link]));
    shipments = buildShipments(
      shipmentRowsFromRecords(timelines.values(), (d) => d.at, dataset.changes, byGraph),
      changeFactsFromRecords(dataset.changes, pullRequestIndex(dataset.pullRequests)),
      settings,
      table.records,
      causeShas(dataset.incidents),
    );
  }
  for (const d of deployments) d.shipped = d.changes !== null ? LISTED : (graphLinks.get(d.id) ?? null);
  for (const timeline of timelines.values()) {
    markReverts(timeline, services.get((timeline[0] as LinkedDeployment).service), graphs);
  }
  const successes = new Map<string, LinkedDeployment[]>();
  for (const timeline of timelines.values()) {
    const service = (timeline[0] as LinkedDeployment).service;
    successes.set(service, [...(successes.get(service) ?? []), ...timeline]);
  }
  for (const list of successes.values()) list.sort(byTime);
  const s = shipments;
  const incidents = attributeIncidents(dataset.incidents, {
    byId,
    services,
    successes,
    shipping: (sha) =>
      Array.from(
        s.bySha.get(sha.toLowerCase()) ?? [],
        (i) => deployments[deploymentRowAt(s, i)] as LinkedDeployment,
      ),
    settings,
  });
  for (const incident of incidents) {
    const target = incident.deployment === null ? undefined : byId.get(incident.deployment);
    if (target === undefined) continue;
    target.incidents = [...target.incidents, incident.id];
    fail(target, "incident", Math.max(target.at ?? incident.impactAt, incident.impactAt));
    if (incident.resolvedAt !== null) restore(target, incident.resolvedAt, incident.id);
    markFixDeployment(target, incident.impactAt, incident.resolvedAt, timelines);
  }
  // Linking is done with the ids as strings: packed, they are half the memory (read one at a time from now on).
  table.records.ids = packStrings(table.records.ids);
  const list = deploymentList(table);
  return {
    services,
    deployments: list,
    deploymentsById: deploymentsById(findRow, list.get),
    deploymentTable: table,
    shipments,
    incidents,
    builds: dataset.buildRuns ?? buildsFromRecords(dataset.builds),
    unplaced: deployments.filter((d) => d.status === "success" && d.at === null),
    index: {
      // in time order, so a scope of one service selects them without sorting
      deployments: rowsPerService(deployments),
      shipments: shipmentsByService(shipments),
    },
  };
}

/** Shipment indices per service, each list in deployment-time order (the shipments' own order). */
function shipmentsByService(s: Shipments): Map<string, Int32Array> {
  // Counted first, then filled: millions of indices never sit in growing arrays of numbers.
  const counts = new Map<string, number>();
  for (let i = 0; i < s.n; i++) {
    const service = serviceAt(s, i);
    counts.set(service, (counts.get(service) ?? 0) + 1);
  }
  const lists = new Map([...counts].map(([service, n]) => [service, { list: new Int32Array(n), at: 0 }]));
  for (let i = 0; i < s.n; i++) {
    const filling = lists.get(serviceAt(s, i)) as { list: Int32Array; at: number };
    filling.list[filling.at++] = i;
  }
  return new Map([...lists].map(([service, { list }]) => [service, list]));
}

/** Each service's rows in time order: a thousand small sorts, not one sorted copy of every deployment. */
function rowsPerService(deployments: LinkedDeployment[]): Map<string, Int32Array> {
  const groups = groupBy(deployments, (d) => d.service);
  return new Map(
    [...groups].map(([service, list]) => [service, Int32Array.from(list.sort(byTime), (d) => d.row)]),
  );
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
      services.set(d.service, serviceRecord({ name: d.service, repos: d.repo ? [d.repo] : [] }));
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
