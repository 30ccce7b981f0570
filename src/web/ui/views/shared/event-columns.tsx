import type { ExplainedBuild, ExplainedChange, ExplainedDeployment } from "../../api-types";
import type { Column } from "../../components/DataTable";
import { Link } from "../../components/Link";
import { formatDuration, formatInstant, shortSha, spanSeconds } from "../../format";
import { deploymentHref } from "../../links";
import { incidentColumns } from "./incident-columns";

type Row = Record<string, unknown>;

/** Columns for each kind of drill-down row (GET /api/v1/metrics/{metric}/events). */
export function eventColumns(kind: string, tz: string | undefined): Column<Row>[] {
  switch (kind) {
    case "deployments":
      return deploymentColumns(tz) as unknown as Column<Row>[];
    case "changes":
      return changeColumns(tz, true) as unknown as Column<Row>[];
    case "incidents":
      return incidentColumns(tz) as unknown as Column<Row>[];
    default:
      return buildColumns(tz) as unknown as Column<Row>[];
  }
}

export function deploymentColumns(tz: string | undefined): Column<ExplainedDeployment>[] {
  return [
    {
      header: "deployment",
      cell: (d) => <Link href={deploymentHref(d.id)}>{d.id}</Link>,
      csv: (d) => d.id,
    },
    { header: "service", cell: (d) => d.service, csv: (d) => d.service },
    { header: "environment", cell: (d) => d.environment, csv: (d) => d.environment },
    { header: "kind", cell: (d) => d.kind, csv: (d) => d.kind },
    { header: "finished", cell: (d) => formatInstant(d.finishedAt, tz), csv: (d) => d.finishedAt },
    {
      header: "changes",
      numeric: true,
      cell: (d) => d.changesShipped ?? "unknown",
      csv: (d) => d.changesShipped,
    },
    {
      header: "failed",
      cell: (d) => (d.failed ? <strong>failed: {d.failureCauses.join(", ")}</strong> : "no"),
      csv: (d) => (d.failed ? d.failureCauses.join(" ") : ""),
    },
    {
      header: "recovery",
      numeric: true,
      cell: (d) => (
        <span data-value={d.recoverySeconds ?? ""}>{d.failed ? formatDuration(d.recoverySeconds) : "—"}</span>
      ),
      csv: (d) => d.recoverySeconds,
    },
    { header: "rework", cell: (d) => d.rework ?? "—", csv: (d) => d.rework },
  ];
}

export function changeColumns(tz: string | undefined, withDeployment: boolean): Column<ExplainedChange>[] {
  const cols: Column<ExplainedChange>[] = [
    { header: "commit", cell: (c) => <code title={c.sha}>{shortSha(c.sha)}</code>, csv: (c) => c.sha },
    { header: "title", cell: (c) => <span className="wrap">{c.title ?? "—"}</span>, csv: (c) => c.title },
    { header: "pull request", cell: (c) => c.pullRequest ?? "—", csv: (c) => c.pullRequest },
    {
      header: "lead time",
      numeric: true,
      cell: (c) => <span data-value={c.leadTimeSeconds ?? ""}>{formatDuration(c.leadTimeSeconds)}</span>,
      csv: (c) => c.leadTimeSeconds,
    },
    {
      header: "why shipped here",
      cell: (c) =>
        c.link === null ? (
          "—"
        ) : withDeployment ? (
          <span title={c.link.evidence}>{c.link.method}</span>
        ) : (
          <span className="wrap">
            <strong>{c.link.method}</strong>: {c.link.evidence}
          </span>
        ),
      csv: (c) => (c.link === null ? null : `${c.link.method}: ${c.link.evidence}`),
    },
  ];
  if (withDeployment)
    cols.splice(
      3,
      0,
      {
        header: "deployment",
        cell: (c) => <Link href={deploymentHref(c.deployment)}>{c.deployment}</Link>,
        csv: (c) => c.deployment,
      },
      { header: "deployed", cell: (c) => formatInstant(c.deployedAt, tz), csv: (c) => c.deployedAt },
    );
  return cols;
}

export function buildColumns(tz: string | undefined): Column<ExplainedBuild>[] {
  return [
    { header: "commit", cell: (b) => <code title={b.sha}>{shortSha(b.sha)}</code>, csv: (b) => b.sha },
    { header: "pipeline", cell: (b) => b.pipeline, csv: (b) => b.pipeline },
    { header: "status", cell: (b) => b.status, csv: (b) => b.status },
    { header: "started", cell: (b) => formatInstant(b.startedAt, tz), csv: (b) => b.startedAt },
    {
      header: "duration",
      numeric: true,
      cell: (b) => {
        const s = spanSeconds(b.startedAt, b.finishedAt);
        return <span data-value={s ?? ""}>{formatDuration(s)}</span>;
      },
      csv: (b) => spanSeconds(b.startedAt, b.finishedAt),
    },
    {
      header: "tests",
      cell: (b) => (b.tests ? `${b.tests.total} run, ${b.tests.failed} failed` : "—"),
      csv: (b) => (b.tests ? `${b.tests.total}/${b.tests.failed}/${b.tests.skipped}` : null),
    },
  ];
}
