import { api } from "../../api";
import type { DeploymentEvent } from "../../api-types";
import { DataTable } from "../../components/DataTable";
import { ErrorPanel } from "../../components/ErrorPanel";
import { Link } from "../../components/Link";
import { Loading } from "../../components/Loading";
import { Panel } from "../../components/Panel";
import { useDashboard } from "../../dashboard-context";
import { formatInstant, shortSha } from "../../format";
import { deploymentHref, keyOf } from "../../links";
import { useApi } from "../../use-api";
import { useListScope } from "./scope";

const SHOWN = 25;

/** The newest deployments (every environment unless one is chosen), with the ones streamed since at the top. */
export function LiveDeployments(props: { live: DeploymentEvent[]; generation: number }) {
  const { filters } = useDashboard();
  const scope = useListScope();
  const initial = useApi(keyOf(`deploys-${props.generation}`, scope), (s) =>
    api.list<DeploymentEvent>("deployments", { ...scope, limit: SHOWN }, s),
  );
  const liveIds = new Set(props.live.map((d) => d.id));
  const rows =
    initial.state === "ready"
      ? [...props.live, ...initial.data.items.filter((d) => !liveIds.has(d.id))].slice(0, SHOWN)
      : props.live;
  return (
    <Panel id="live-deployments" title="Deployment stream">
      {initial.state === "loading" && <Loading what="recent deployments" />}
      {initial.state === "error" && <ErrorPanel error={initial.error} what="recent deployments" />}
      <DataTable
        id="live-deployments"
        caption="Newest deployments first; streamed ones are marked new"
        rows={rows}
        rowKey={(d) => d.id}
        rowClass={(d) => (liveIds.has(d.id) ? "fresh" : undefined)}
        empty="No deployments yet. Point your CD pipeline at POST /api/v1/events (see the executive view's help)."
        columns={[
          {
            header: "when",
            cell: (d) => (
              <>
                {liveIds.has(d.id) && <span className="badge badge-new">new</span>}{" "}
                {formatInstant(d.finishedAt ?? d.startedAt, filters.tz)}
              </>
            ),
            csv: (d) => d.finishedAt ?? d.startedAt,
          },
          { header: "service", cell: (d) => d.service, csv: (d) => d.service },
          { header: "environment", cell: (d) => d.environment, csv: (d) => d.environment },
          {
            header: "status",
            cell: (d) => <span className={`status status-${d.status}`}>{d.status}</span>,
            csv: (d) => d.status,
          },
          { header: "kind", cell: (d) => d.kind ?? "deploy", csv: (d) => d.kind ?? "deploy" },
          { header: "version", cell: (d) => d.version ?? shortSha(d.sha), csv: (d) => d.version ?? d.sha },
          {
            header: "deployment",
            cell: (d) => <Link href={deploymentHref(d.id)}>{d.id}</Link>,
            csv: (d) => d.id,
          },
        ]}
      />
    </Panel>
  );
}
