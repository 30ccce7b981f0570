import type { LinkedDataset, LinkedIncident } from "./linked.js";
import type { ScopeQuery, Warning } from "./query.js";
import { repoAt } from "./shipments.js";

/** A resolved scope: predicates over linked records, and warnings about filters that matched nothing. */
export interface Scope {
  query: ScopeQuery;
  /** services in scope; null = the whole organisation */
  services: Set<string> | null;
  /** the deployment of this row (LinkedDeployment.row) is in scope: read from the table, no object made */
  deployment(row: number): boolean;
  /** a shipment (index into linked.shipments) is in scope when its deployment is and this holds */
  shipmentRepo(i: number): boolean;
  incident(i: LinkedIncident): boolean;
  /** CI runs of this repository are in scope */
  buildRepo(repo: string): boolean;
  warnings: Warning[];
}

export function resolveScope(linked: LinkedDataset, query: ScopeQuery): Scope {
  const warnings: Warning[] = [];
  let services: Set<string> | null = null;
  const narrow = (names: Iterable<string>) => {
    const next = new Set(names);
    services = services === null ? next : new Set([...services].filter((s) => next.has(s)));
  };
  if (query.team !== undefined) {
    const team = [...linked.services.values()].filter((s) => s.team === query.team).map((s) => s.name);
    if (team.length === 0) warnings.push(unknown("team", query.team));
    narrow(team);
  }
  if (query.service !== undefined) {
    if (!linked.services.has(query.service)) warnings.push(unknown("service", query.service));
    narrow(linked.services.has(query.service) ? [query.service] : []);
  }
  const repo = query.repo;
  const reposOf = (service: string) => linked.services.get(service)?.repos ?? [];
  const env = query.env;
  const inServices = (name: string) => services === null || (services as Set<string>).has(name);

  const table = linked.deploymentTable;
  const { records } = table;
  // per service and environment index of the records: decided once, read per row
  const serviceIn = records.services.map(
    (name) => inServices(name) && (repo === undefined || reposOf(name).includes(repo)),
  );
  const serviceHas = records.services.map((name) => inServices(name));
  const repoIndex = repo === undefined ? -2 : records.repos.indexOf(repo);
  const envIndex = env === undefined ? -2 : records.environments.indexOf(env);
  const deployment = (row: number) => {
    const service = records.service[row] as number;
    const repoMatch = repoIndex >= 0 && records.repo[row] === repoIndex;
    if (!(serviceIn[service] || (serviceHas[service] && repoMatch))) return false;
    return env === undefined ? table.production[row] === 1 : records.environment[row] === envIndex;
  };

  const scopedRepos = services === null ? null : new Set([...(services as Set<string>)].flatMap(reposOf));
  if (repo !== undefined && ![...linked.services.values()].some((s) => s.repos.includes(repo))) {
    if (repoIndex < 0) warnings.push(unknown("repo", repo));
  }
  return {
    query,
    services,
    warnings,
    deployment,
    shipmentRepo: (i) => repo === undefined || linked.shipments.repos[repoAt(linked.shipments, i)] === repo,
    incident: (i) => {
      if (env !== undefined && i.environment !== null && i.environment !== env) return false;
      if (services === null && repo === undefined) return true;
      return i.services.some((s) => inServices(s) && (repo === undefined || reposOf(s).includes(repo)));
    },
    buildRepo: (name) =>
      (repo === undefined || name === repo) && (scopedRepos === null || scopedRepos.has(name)),
  };
}

function unknown(kind: string, name: string): Warning {
  return {
    code: `unknown_${kind}`,
    message: `no ${kind} named "${name}" is known, so this scope is empty`,
  };
}
