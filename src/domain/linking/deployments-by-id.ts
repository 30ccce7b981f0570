import { idFinder } from "../metrics/id-finder.js";
import type { DeploymentsById, LinkedDeployment } from "../metrics/linked.js";

/** Deployments by id through their positions sorted by id (idFinder): a repeated id finds the last deployment. */
export function deploymentsById(deployments: readonly LinkedDeployment[]): DeploymentsById {
  const find = idFinder(deployments.length, (i) => (deployments[i] as LinkedDeployment).id);
  const get = (id: string) => {
    const i = find(id);
    return i < 0 ? undefined : deployments[i];
  };
  return { get, has: (id) => find(id) >= 0 };
}
