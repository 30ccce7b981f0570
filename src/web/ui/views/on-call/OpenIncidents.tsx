import { listAll } from "../../api";
import type { IncidentEvent } from "../../api-types";
import { DataTable } from "../../components/DataTable";
import { ErrorPanel } from "../../components/ErrorPanel";
import { Loading } from "../../components/Loading";
import { Panel } from "../../components/Panel";
import { useDashboard } from "../../dashboard-context";
import { ageSeconds, formatDuration, formatInstant } from "../../format";
import { keyOf } from "../../links";
import { bySeverity } from "../../severity";
import { useApi } from "../../use-api";
import { useScopeMatcher } from "./scope";

/** Incidents not yet resolved, most severe and oldest first, with the runbooks of the services they hit. */
export function OpenIncidents(props: { live: IncidentEvent[]; generation: number; now: number }) {
  const { filters, catalogue } = useDashboard();
  const inScope = useScopeMatcher();
  const params = { open: "true", service: filters.service, env: filters.env };
  const initial = useApi(keyOf(`open-${props.generation}`, params), (s) =>
    listAll<IncidentEvent>("incidents", params, s, 1000),
  );
  const runbooks = new Map(
    catalogue.state === "ready"
      ? catalogue.data.services.flatMap((s) => (s.runbookUrl ? [[s.name, s.runbookUrl]] : []))
      : [],
  );
  const byId = new Map<string, IncidentEvent>();
  if (initial.state === "ready") for (const i of initial.data) byId.set(i.id, i);
  for (const i of [...props.live].reverse()) byId.set(i.id, { ...byId.get(i.id), ...i });
  const started = (i: IncidentEvent) => i.startedAt ?? i.detectedAt;
  const rows = [...byId.values()]
    .filter(
      (i) =>
        i.resolvedAt === undefined && i.services.some((s) => inScope(s, i.environment ?? filters.env ?? "")),
    )
    .sort((a, b) => bySeverity<IncidentEvent>((i) => i.severity)(a, b) || (started(a) < started(b) ? -1 : 1));
  return (
    <Panel id="open-incidents" title={`Open incidents (${rows.length})`}>
      {initial.state === "loading" && <Loading what="open incidents" />}
      {initial.state === "error" && <ErrorPanel error={initial.error} what="open incidents" />}
      <DataTable
        id="open-incidents"
        caption="Unresolved incidents, most severe first"
        rows={rows}
        rowKey={(i) => i.id}
        empty="No open incidents."
        columns={[
          { header: "severity", cell: (i) => i.severity ?? "—", csv: (i) => i.severity },
          {
            header: "incident",
            cell: (i) => <span className="wrap">{i.title ?? i.id}</span>,
            csv: (i) => i.title ?? i.id,
          },
          {
            header: "age",
            numeric: true,
            cell: (i) => {
              const age = ageSeconds(started(i), props.now);
              return (
                <span data-value={age ?? ""} title={`since ${formatInstant(started(i), filters.tz)}`}>
                  {formatDuration(age)}
                </span>
              );
            },
            csv: (i) => started(i),
          },
          {
            header: "acknowledged",
            cell: (i) => (i.acknowledgedAt ? formatInstant(i.acknowledgedAt, filters.tz) : "not yet"),
            csv: (i) => i.acknowledgedAt,
          },
          { header: "services", cell: (i) => i.services.join(", ") || "—", csv: (i) => i.services.join(" ") },
          {
            header: "runbook",
            cell: (i) => {
              const links = i.services.flatMap((s) => {
                const url = runbooks.get(s);
                return url !== undefined && /^https?:\/\//i.test(url) ? [{ s, url }] : [];
              });
              return links.length === 0
                ? "none registered"
                : links.map((l) => (
                    <a key={l.s} href={l.url} target="_blank" rel="noopener noreferrer">
                      {l.s} runbook
                    </a>
                  ));
            },
            csv: (i) => i.services.map((s) => runbooks.get(s) ?? "").join(" "),
          },
        ]}
      />
    </Panel>
  );
}
