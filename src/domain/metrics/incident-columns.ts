import type { LinkedDataset, LinkedIncident } from "./linked.js";
import { rangeIn, spanOf, type Window } from "./window.js";

/**
 * A scope's incidents by detection, with the spans the incident metrics read worked out once per scope (NaN where
 * there is none). `list` keeps the objects, in the same order, for the drill-down and the warnings.
 */
export interface IncidentColumns {
  list: LinkedIncident[];
  detectedAt: Float64Array;
  /** 1 while the incident is open */
  open: Uint8Array;
  /** detection → resolution */
  restore: Float64Array;
  /** detection → acknowledgement */
  acknowledge: Float64Array;
  /** impact (its start, else the causing deployment's finish) → detection */
  detect: Float64Array;
  /** per incident and service it names, by impact: the start, and the previous start of that service */
  impactAt: Float64Array;
  previousImpactAt: Float64Array;
}

export function incidentColumns(linked: LinkedDataset, incidents: LinkedIncident[]): IncidentColumns {
  const list = [...incidents].sort((a, b) => a.detectedAt - b.detectedAt || (a.id < b.id ? -1 : 1));
  const n = list.length;
  const c: IncidentColumns = {
    list,
    detectedAt: new Float64Array(n),
    open: new Uint8Array(n),
    restore: new Float64Array(n),
    acknowledge: new Float64Array(n),
    detect: new Float64Array(n),
    impactAt: new Float64Array(0),
    previousImpactAt: new Float64Array(0),
  };
  list.forEach((i, k) => {
    const cause = i.deployment === null ? undefined : linked.deploymentsById.get(i.deployment);
    c.detectedAt[k] = i.detectedAt;
    c.open[k] = i.resolvedAt === null ? 1 : 0;
    c.restore[k] = spanOf(i.detectedAt, i.resolvedAt);
    c.acknowledge[k] = spanOf(i.detectedAt, i.acknowledgedAt);
    c.detect[k] = spanOf(i.startedAt ?? cause?.at ?? null, i.detectedAt);
  });
  const starts = list
    .flatMap((i) => i.services.map((service) => ({ service, at: i.impactAt })))
    .sort((a, b) => a.at - b.at);
  c.impactAt = Float64Array.from(starts, (s) => s.at);
  const last = new Map<string, number>();
  c.previousImpactAt = Float64Array.from(starts, (s) => {
    const previous = last.get(s.service) ?? Number.NaN;
    last.set(s.service, s.at);
    return previous;
  });
  return c;
}

/** The incidents [start, end) detected in the window. */
export function detectedRange(c: IncidentColumns, w: Window): [number, number] {
  const key = (k: number) => c.detectedAt[k] as number;
  return rangeIn(c.detectedAt.length, key, w);
}

/** The (incident, service) starts [start, end) that lie in the window. */
export function impactRange(c: IncidentColumns, w: Window): [number, number] {
  const key = (k: number) => c.impactAt[k] as number;
  return rangeIn(c.impactAt.length, key, w);
}
