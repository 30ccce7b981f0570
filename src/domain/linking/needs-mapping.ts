import type { LinkedDataset } from "../metrics/linked.js";

export interface UnmappedName {
  /** the service name events use that no service, alias or deployment has */
  name: string;
  incidents: number;
  lastSeenAt: number;
}

export interface NeedsMapping {
  /** incident services Stride does not know: add the name to a service's `aliases`, or deploy under it */
  services: UnmappedName[];
  /** incidents naming no service at all: they count for the organisation only */
  incidentsWithoutService: number;
}

/**
 * What the mapping rules do not cover yet, after they were applied: the names incident tools use that match no
 * Stride service (their incidents can blame no deployment and count for no team), most frequent first.
 */
export function needsMapping(linked: LinkedDataset): NeedsMapping {
  const unknown = new Map<string, UnmappedName>();
  let incidentsWithoutService = 0;
  for (const incident of linked.incidents) {
    if (incident.services.length === 0) incidentsWithoutService++;
    for (const name of incident.services) {
      if (linked.services.has(name)) continue;
      const entry = unknown.get(name) ?? { name, incidents: 0, lastSeenAt: 0 };
      entry.incidents++;
      entry.lastSeenAt = Math.max(entry.lastSeenAt, incident.detectedAt);
      unknown.set(name, entry);
    }
  }
  const services = [...unknown.values()].sort(
    (a, b) => b.incidents - a.incidents || (a.name < b.name ? -1 : 1),
  );
  return { services, incidentsWithoutService };
}
