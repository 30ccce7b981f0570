import type { IdFinder } from "../metrics/id-finder.js";
import type { DeploymentsById, LinkedDeployment } from "../metrics/linked.js";

/** Deployments by id: `find` gives the row (the last one, for a repeated id), `get` the deployment of a row. */
export function deploymentsById(find: IdFinder, get: (row: number) => LinkedDeployment): DeploymentsById {
  return {
    get: (id) => {
      const row = find(id);
      return row < 0 ? undefined : get(row);
    },
    has: (id) => find(id) >= 0,
  };
}
