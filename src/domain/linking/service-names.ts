import type { Dataset, ServiceRecord } from "../metrics/dataset.js";

/**
 * Which Stride service an event's service name means (the mapping rules, applied whenever the data is linked, so
 * a rule added later applies to every event already stored). A name that is a service's is that service; else an
 * alias a service declares (`aliases`: the name PagerDuty, Opsgenie or a CD tool uses); else, for a deployment of
 * a repository that exactly one service claims (`repos`), that service; else the name itself (zero
 * configuration: a name only events use is a service of its own). When two services claim the same alias or
 * repository, the first by name wins, so the answer never depends on arrival order.
 */
export interface ServiceNames {
  canonical(name: string, repo: string | null): string;
  /** whether a name is known: a service, an alias, or a name deployments use */
  known(name: string): boolean;
}

export function serviceNames(
  services: readonly ServiceRecord[],
  deployed: Iterable<string> = [],
): ServiceNames {
  const own = new Set(services.map((s) => s.name));
  const byAlias = new Map<string, string>();
  const byRepo = new Map<string, string>();
  for (const s of [...services].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    for (const alias of s.aliases) if (!own.has(alias) && !byAlias.has(alias)) byAlias.set(alias, s.name);
    for (const repo of s.repos) if (!byRepo.has(repo)) byRepo.set(repo, s.name);
  }
  const canonical = (name: string, repo: string | null) => {
    if (own.has(name)) return name;
    return byAlias.get(name) ?? (repo === null ? undefined : byRepo.get(repo)) ?? name;
  };
  const names = new Set([...own, ...byAlias.keys()]);
  for (const name of deployed) names.add(name);
  return { canonical, known: (name) => names.has(name) };
}

/** The records with every service name canonical (records already canonical come back unchanged). */
export function withCanonicalServices(dataset: Dataset, names: ServiceNames): Dataset {
  return {
    ...dataset,
    deployments: dataset.deployments.map((d) => {
      const service = names.canonical(d.service, d.repo);
      if (service === d.service) return d;
      // every field named: the store's records are views of columns, whose fields a spread would not copy
      return {
        id: d.id,
        service,
        environment: d.environment,
        status: d.status,
        kind: d.kind,
        startedAt: d.startedAt,
        finishedAt: d.finishedAt,
        sha: d.sha,
        version: d.version,
        repo: d.repo,
        changes: d.changes,
      };
    }),
    incidents: dataset.incidents.map((i) => {
      const services = [...new Set(i.services.map((s) => names.canonical(s, null)))];
      return services.length === i.services.length && services.every((s, k) => s === i.services[k])
        ? i
        : { ...i, services };
    }),
  };
}
