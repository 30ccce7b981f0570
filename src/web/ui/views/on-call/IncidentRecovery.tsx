import { metricEventsAll } from "../../api";
import type { ExplainedIncident } from "../../api-types";
import { DataTable } from "../../components/DataTable";
import { ErrorPanel } from "../../components/ErrorPanel";
import { Loading } from "../../components/Loading";
import { Panel } from "../../components/Panel";
import { useDashboard } from "../../dashboard-context";
import { keyOf } from "../../links";
import { useApi } from "../../use-api";
import { incidentColumns } from "../shared/incident-columns";

const SHOWN = 15;

/** The time to restore of each recent incident (detected → resolved), newest first, with what it is blamed on. */
export function IncidentRecovery(props: { generation: number }) {
  const { params, filters } = useDashboard();
  const data = useApi(keyOf(`recovery-${props.generation}`, params), async (s) => {
    const all = (await metricEventsAll("timeToRestore", params, s)) as unknown as ExplainedIncident[];
    return [...all].sort((a, b) => (a.detectedAt < b.detectedAt ? 1 : -1));
  });
  return (
    <Panel id="incident-recovery" title="Recovery time of recent incidents">
      {data.state === "loading" && <Loading what="recent incidents" />}
      {data.state === "error" && <ErrorPanel error={data.error} what="recent incidents" />}
      {data.state === "ready" && (
        <DataTable
          id="incident-recovery"
          caption={`Incidents detected in this window, newest first (CSV: all ${data.data.length})`}
          rows={data.data.slice(0, SHOWN)}
          loadAll={async () => data.data}
          rowKey={(i) => i.id}
          empty="No incidents in this window."
          columns={incidentColumns(filters.tz)}
        />
      )}
    </Panel>
  );
}
