import type { ExplainedIncident } from "../../api-types";
import type { Column } from "../../components/DataTable";
import { Link } from "../../components/Link";
import { formatDuration, formatInstant } from "../../format";
import { deploymentHref } from "../../links";

/** The columns of an incident drill-down row (timeToRestore events, deployment links). */
export function incidentColumns(tz: string | undefined): Column<ExplainedIncident>[] {
  return [
    { header: "severity", cell: (i) => i.severity ?? "—", csv: (i) => i.severity },
    {
      header: "incident",
      cell: (i) => <span className="wrap">{i.title ?? i.id}</span>,
      csv: (i) => i.title ?? i.id,
    },
    { header: "services", cell: (i) => i.services.join(", ") || "—", csv: (i) => i.services.join(" ") },
    { header: "detected", cell: (i) => formatInstant(i.detectedAt, tz), csv: (i) => i.detectedAt },
    {
      header: "time to restore",
      numeric: true,
      cell: (i) =>
        i.open ? (
          <strong>open</strong>
        ) : (
          <span data-value={i.restoreSeconds ?? ""}>{formatDuration(i.restoreSeconds)}</span>
        ),
      csv: (i) => (i.open ? "open" : i.restoreSeconds),
    },
    {
      header: "blamed deployment",
      cell: (i) =>
        i.deployment === null ? "none" : <Link href={deploymentHref(i.deployment)}>{i.deployment}</Link>,
      csv: (i) => i.deployment,
    },
    {
      header: "how",
      cell: (i) =>
        i.attribution === null ? "—" : <span title={i.attribution.evidence}>{i.attribution.method}</span>,
      csv: (i) => (i.attribution === null ? null : `${i.attribution.method}: ${i.attribution.evidence}`),
    },
  ];
}
