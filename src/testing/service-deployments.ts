import type { LinkedDataset, LinkedDeployment } from "../domain/metrics/linked.js";

/** A service's linked deployments in the linker's time order, as objects (the index keeps their rows). */
export function serviceDeployments(linked: LinkedDataset, service: string): LinkedDeployment[] {
  return Array.from(linked.index.deployments.get(service) ?? [], (row) => linked.deployments.get(row));
}
