import type { EngineSettings } from "./dataset.js";
import { renderChange, renderDeployment, renderIncident } from "./drill-down.js";
import type { LinkedDataset, LinkedDeployment } from "./linked.js";
import { deploymentRowAt } from "./shipments.js";

/**
 * One deployment with everything linked to it: the changes it shipped first and why (listed, reachability, path
 * filter), the incidents blamed on it and how, what it reverted or what reverted it, and its neighbours on the
 * same target. Undefined when no deployment has that id.
 */
export function explainDeployment(
  linked: LinkedDataset,
  id: string,
  settings: EngineSettings,
): Record<string, unknown> | undefined {
  const d = linked.deploymentsById.get(id);
  if (d === undefined) return undefined;
  const shipped = shipmentsOf(linked, d);
  const target = Array.from(linked.index.deployments.get(d.service) ?? [], (row) =>
    linked.deployments.get(row),
  ).filter((e) => e.environment === d.environment);
  const k = target.findIndex((e) => e.row === d.row);
  const neighbour = (e: LinkedDeployment | undefined) =>
    e === undefined
      ? null
      : { id: e.id, status: e.status, kind: e.kind, sha: e.sha, version: e.version, at: e.at };
  return {
    deployment: renderDeployment(d, shipped.length),
    changes: shipped.map((i) => renderChange(linked, i, settings)),
    incidents: linked.incidents.filter((i) => i.deployment === id).map((i) => renderIncident(i, linked)),
    revertedBy: [...linked.deployments]
      .filter((e) => e.reverts?.deployment === id)
      .map((e) => ({ id: e.id, rework: e.rework, ...e.reverts })),
    previous: neighbour(target[k - 1]),
    next: neighbour(target[k + 1]),
  };
}

/** One incident with the deployment it blames, the method, the evidence and the time between them. */
export function explainIncident(linked: LinkedDataset, id: string): Record<string, unknown> | undefined {
  const incident = linked.incidents.find((i) => i.id === id);
  if (incident === undefined) return undefined;
  const d = incident.deployment === null ? undefined : linked.deploymentsById.get(incident.deployment);
  return {
    incident: renderIncident(incident, linked),
    deployment: d === undefined ? null : renderDeployment(d, shipmentsOf(linked, d).length),
  };
}

/** The shipments (changes first shipped) of one deployment, from its service's index. */
function shipmentsOf(linked: LinkedDataset, d: LinkedDeployment): number[] {
  const s = linked.shipments;
  const shipped: number[] = [];
  for (const i of linked.index.shipments.get(d.service) ?? []) {
    if (deploymentRowAt(s, i) === d.row) shipped.push(i);
  }
  return shipped;
}
