import type { LinkedDataset, LinkedDeployment, LinkedIncident } from "./linked.js";
import type { ScopeQuery, Warning } from "./query.js";
import { repoAt } from "./shipments.js";

/** A resolved scope: predicates over linked records, and warnings about filters that matched nothing. */
export interface Scope {
  query: ScopeQuery;
  /** services in scope; null = the whole organisation */
  services: Set<string> | null;
  deployment(d: LinkedDeployment): boolean;
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

  const deployment = (d: LinkedDeployment) =>
    inServices(d.service) &&
    (repo === undefined || d.repo === repo || reposOf(d.service).includes(repo)) &&
    (env === undefined ? d.productionEnvironment : d.environment === env);

  const scopedRepos = services === null ? null : new Set([...(services as Set<string>)].flatMap(reposOf));
  if (repo !== undefined && ![...linked.services.values()].some((s) => s.repos.includes(repo))) {
    if (!linked.deployments.some((d) => d.repo === repo)) warnings.push(unknown("repo", repo));
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
