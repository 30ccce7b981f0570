import { useDashboard } from "../../dashboard-context";

/** Whether a live event's service and environment fall inside the URL's filters. */
export function useScopeMatcher(): (service: string, environment: string) => boolean {
  const { filters, catalogue } = useDashboard();
  const teamServices =
    filters.team !== undefined && catalogue.state === "ready"
      ? new Set(catalogue.data.services.filter((s) => s.team === filters.team).map((s) => s.name))
      : undefined;
  return (service, environment) =>
    (filters.service === undefined || service === filters.service) &&
    (filters.env === undefined || environment === filters.env) &&
    (filters.team === undefined || teamServices?.has(service) === true);
}

/** The list endpoints' own filters for the URL's scope. */
export function useListScope(): Record<string, string | undefined> {
  const { filters } = useDashboard();
  return { team: filters.team, service: filters.service, env: filters.env };
}
