import { useMemo } from "react";
import { loadCatalogue } from "./api";
import { AppShell } from "./components/AppShell";
import { BadUrl } from "./components/BadUrl";
import { Loading } from "./components/Loading";
import { type Dashboard, DashboardContext } from "./dashboard-context";
import { apiParams, parseFilters } from "./filters";
import { useLocation } from "./router";
import { useTheme } from "./theme";
import { useApi } from "./use-api";
import { useValueProblems } from "./validate-values";
import { DeploymentsView } from "./views/DeploymentsView";
import { DeploymentView } from "./views/DeploymentView";
import { EventsView } from "./views/EventsView";
import { ExecutiveView } from "./views/ExecutiveView";
import { NotFoundView } from "./views/NotFoundView";
import { OnCallView } from "./views/OnCallView";
import { ValueStreamView } from "./views/ValueStreamView";

/** Picks the view from the path; the filters from the query; checks both before asking the API. */
export function App() {
  const location = useLocation();
  const { theme, preference, setPreference } = useTheme();
  const parsed = useMemo(() => parseFilters(location.search), [location.search]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new URL is a new "now" for preset windows
  const now = useMemo(() => Math.floor(Date.now() / 60_000) * 60_000, [location.search]);
  const params = useMemo(() => apiParams(parsed.filters, now), [parsed.filters, now]);
  const catalogue = useApi("catalogue", loadCatalogue);
  const valueProblems = useValueProblems(parsed.filters, catalogue);
  const dashboard: Dashboard = { location, filters: parsed.filters, params, now, catalogue, theme };

  const route = matchRoute(location.path);
  const problems = [...parsed.problems, ...(valueProblems ?? [])];
  const view =
    route.kind === "deployment" ? (
      <DeploymentView id={route.id} />
    ) : parsed.problems.length > 0 && valueProblems === undefined ? (
      // A broken link is listed whole: wait for the team, service and environment checks before saying what is wrong.
      <Loading what="the link's filters" />
    ) : problems.length > 0 ? (
      <BadUrl problems={problems} />
    ) : route.kind === "executive" ? (
      <ExecutiveView />
    ) : route.kind === "on-call" ? (
      <OnCallView />
    ) : route.kind === "value-stream" ? (
      <ValueStreamView />
    ) : route.kind === "deployments" ? (
      <DeploymentsView />
    ) : route.kind === "events" ? (
      <EventsView metric={route.metric} />
    ) : (
      <NotFoundView />
    );
  return (
    <DashboardContext.Provider value={dashboard}>
      <AppShell
        showFilters={route.kind !== "deployment"}
        preference={preference}
        onPreference={setPreference}
      >
        {view}
      </AppShell>
    </DashboardContext.Provider>
  );
}

type Route =
  | { kind: "executive" | "on-call" | "value-stream" | "deployments" | "not-found" }
  | { kind: "deployment"; id: string }
  | { kind: "events"; metric: string };

function matchRoute(path: string): Route {
  const clean = path.length > 1 ? path.replace(/\/+$/, "") : path;
  if (clean === "/") return { kind: "executive" };
  if (clean === "/on-call") return { kind: "on-call" };
  if (clean === "/value-stream") return { kind: "value-stream" };
  if (clean === "/deployments") return { kind: "deployments" };
  const deployment = /^\/deployments\/(.+)$/.exec(clean);
  if (deployment?.[1] !== undefined) return { kind: "deployment", id: safeDecode(deployment[1]) };
  const events = /^\/events\/([A-Za-z]+)$/.exec(clean);
  if (events?.[1] !== undefined) return { kind: "events", metric: events[1] };
  return { kind: "not-found" };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
