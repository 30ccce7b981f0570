import { api, type Catalogue } from "./api";
import type { DeploymentEvent } from "./api-types";
import type { FilterProblem, Filters } from "./filters";
import type { Loaded } from "./use-api";
import { useApi } from "./use-api";

/**
 * Filter values the API would quietly answer with an empty scope (a team or service nobody sent, an environment no
 * deployment went to): the page says so instead. Undefined while it is still being checked.
 */
export function useValueProblems(
  filters: Filters,
  catalogue: Loaded<Catalogue>,
): FilterProblem[] | undefined {
  const env = filters.env;
  const envCheck = useApi(`env:${env ?? ""}`, async (signal) =>
    env === undefined
      ? true
      : (await api.list<DeploymentEvent>("deployments", { env, limit: 1 }, signal)).items.length > 0,
  );
  const problems: FilterProblem[] = [];
  if (filters.team !== undefined || filters.service !== undefined) {
    if (catalogue.state === "loading") return undefined;
    if (catalogue.state === "ready") {
      const { teams, services } = catalogue.data;
      if (filters.team !== undefined && !teams.includes(filters.team))
        problems.push({
          param: "team",
          message: `No team named "${filters.team}" is known${teams.length > 0 ? ` (teams: ${preview(teams)})` : ""}`,
        });
      const service = services.find((s) => s.name === filters.service);
      if (filters.service !== undefined && service === undefined)
        problems.push({ param: "service", message: `No service named "${filters.service}" is known` });
      else if (service !== undefined && filters.team !== undefined && service.team !== filters.team)
        problems.push({
          param: "service",
          message: `Service "${filters.service}" belongs to ${service.team ? `team "${service.team}"` : "no team"}, not "${filters.team}"`,
        });
    }
  }
  if (env !== undefined) {
    if (envCheck.state === "loading") return undefined;
    if (envCheck.state === "ready" && !envCheck.data)
      problems.push({
        param: "env",
        message: `No deployment to an environment named "${env}" has been received`,
      });
  }
  return problems;
}

function preview(names: string[]): string {
  return names.length <= 8 ? names.join(", ") : `${names.slice(0, 8).join(", ")}, …`;
}
