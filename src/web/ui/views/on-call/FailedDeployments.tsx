import { api, metricEventsAll } from "../../api";
import type { DeploymentEvent, ExplainedDeployment } from "../../api-types";
import { DataTable } from "../../components/DataTable";
import { ErrorPanel } from "../../components/ErrorPanel";
import { Link } from "../../components/Link";
import { Loading } from "../../components/Loading";
import { Panel } from "../../components/Panel";
import { useDashboard } from "../../dashboard-context";
import { formatDuration, formatInstant } from "../../format";
import { deploymentHref, keyOf } from "../../links";
import { useApi } from "../../use-api";
import { useListScope } from "./scope";

const SHOWN = 15;

/**
 * Deployments that failed in production (an incident, a rollback or a hotfix, as the change failure rate counts
 * them) with their recovery, and the attempts that never went live (status failure) and rollbacks.
 */
export function FailedDeployments(props: { generation: number }) {
  const { params, filters } = useDashboard();
  const scope = useListScope();
  const failed = useApi(keyOf(`failed-${props.generation}`, params), async (s) => {
    const failed = await metricEventsAll("changeFailureRate", { ...params, failed: "true" }, s);
    return (failed as unknown as ExplainedDeployment[]).reverse();
  });
  const attempts = useApi(keyOf(`attempts-${props.generation}`, scope), async (s) => {
    const [rollbacks, failures] = await Promise.all([
      api.list<DeploymentEvent>("deployments", { ...scope, kind: "rollback", limit: 10 }, s),
      api.list<DeploymentEvent>("deployments", { ...scope, status: "failure", limit: 10 }, s),
    ]);
    const at = (d: DeploymentEvent) => d.finishedAt ?? d.startedAt ?? "";
    return [...rollbacks.items, ...failures.items].sort((a, b) => (at(a) < at(b) ? 1 : -1)).slice(0, SHOWN);
  });
  const tz = filters.tz;
  return (
    <Panel id="failed-deployments" title="Failed deployments and rollbacks">
      {failed.state === "loading" && <Loading what="failed deployments" />}
      {failed.state === "error" && <ErrorPanel error={failed.error} what="failed deployments" />}
      {failed.state === "ready" && (
        <DataTable
          id="failed-deployments"
          caption={`Production deployments that failed in this window, newest first (CSV: all ${failed.data.length})`}
          rows={failed.data.slice(0, SHOWN)}
          loadAll={async () => failed.data}
          rowKey={(d) => d.id}
          empty="No failed production deployments in this window."
          columns={[
            {
              header: "deployment",
              cell: (d) => <Link href={deploymentHref(d.id)}>{d.id}</Link>,
              csv: (d) => d.id,
            },
            { header: "service", cell: (d) => d.service, csv: (d) => d.service },
            { header: "finished", cell: (d) => formatInstant(d.finishedAt, tz), csv: (d) => d.finishedAt },
            {
              header: "why failed",
              cell: (d) => d.failureCauses.join(", "),
              csv: (d) => d.failureCauses.join(" "),
            },
            {
              header: "recovery",
              numeric: true,
              cell: (d) => (
                <span data-value={d.recoverySeconds ?? ""}>
                  {d.restoredAt ? formatDuration(d.recoverySeconds) : "not yet"}
                </span>
              ),
              csv: (d) => d.recoverySeconds,
            },
            {
              header: "restored by",
              cell: (d) =>
                d.restoredBy ? <Link href={deploymentHref(d.restoredBy)}>{d.restoredBy}</Link> : "—",
              csv: (d) => d.restoredBy,
            },
          ]}
        />
      )}
      {attempts.state === "error" && (
        <ErrorPanel error={attempts.error} what="rollbacks and failed attempts" />
      )}
      {attempts.state === "ready" && (
        <DataTable
          id="rollbacks"
          caption="Latest rollbacks and attempts that failed before going live (any window)"
          rows={attempts.data}
          rowKey={(d) => d.id}
          empty="No rollbacks or failed attempts."
          columns={[
            {
              header: "deployment",
              cell: (d) => <Link href={deploymentHref(d.id)}>{d.id}</Link>,
              csv: (d) => d.id,
            },
            { header: "service", cell: (d) => d.service, csv: (d) => d.service },
            { header: "environment", cell: (d) => d.environment, csv: (d) => d.environment },
            {
              header: "what",
              cell: (d) => (d.kind === "rollback" ? "rollback" : `attempt ${d.status}`),
              csv: (d) => (d.kind === "rollback" ? "rollback" : d.status),
            },
            {
              header: "when",
              cell: (d) => formatInstant(d.finishedAt ?? d.startedAt, tz),
              csv: (d) => d.finishedAt ?? d.startedAt,
            },
          ]}
        />
      )}
    </Panel>
  );
}
