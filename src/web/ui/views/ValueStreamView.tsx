import type { EChartsCoreOption } from "echarts/core";
import { api } from "../api";
import type { DurationSummary, Metrics } from "../api-types";
import { Chart, type Palette } from "../components/Chart";
import { DataTable } from "../components/DataTable";
import { ErrorPanel } from "../components/ErrorPanel";
import { Loading } from "../components/Loading";
import { Num } from "../components/Num";
import { Panel } from "../components/Panel";
import { mapLimit } from "../concurrency";
import { useDashboard } from "../dashboard-context";
import { describeWindow } from "../filters";
import { formatDuration, formatNumber } from "../format";
import { eventsHref, keyOf } from "../links";
import { useApi } from "../use-api";

type Breakdown = Metrics["leadTimeBreakdown"];
const stages = [
  { key: "coding", label: "Coding", what: "first commit → pull request opened" },
  { key: "pickup", label: "Pickup", what: "opened → first review" },
  { key: "review", label: "Review", what: "first review → merged" },
  { key: "deploy", label: "Deploy", what: "merged → first production deployment" },
] as const;
const MAX_GROUPS = 20;

/** Where a change waits on its way to production: coding → pickup → review → deploy, slowest stage marked. */
export function ValueStreamView() {
  const { params, filters } = useDashboard();
  const doc = useApi(keyOf("metrics", params), (s) => api.metrics(params, s));
  const href = eventsHref("leadTimeBreakdown", filters, {
    from: doc.state === "ready" ? doc.data.window.from : undefined,
    to: doc.state === "ready" ? doc.data.window.to : undefined,
  });
  return (
    <div className="view">
      <h1>Value stream · {describeWindow(filters)}</h1>
      {doc.state === "loading" && <Loading what="the lead-time breakdown" />}
      {doc.state === "error" && <ErrorPanel error={doc.error} what="the lead-time breakdown" />}
      {doc.state === "ready" && <Flow b={doc.data.metrics.leadTimeBreakdown} href={href} />}
      <GroupComparison />
    </div>
  );
}

function Flow(props: { b: Breakdown; href: string }) {
  const { b } = props;
  const total = stages.reduce((n, s) => n + (b[s.key].medianSeconds ?? 0), 0);
  const staging = b.timeToStaging.count > 0 || b.stagingToProduction.count > 0;
  return (
    <Panel id="flow" title="Lead-time breakdown (medians)" wide>
      {b.noData !== null ? (
        <p>
          {b.noData}. The breakdown needs pull requests (with <code>firstCommitAt</code>,{" "}
          <code>firstReviewAt</code>, <code>mergedAt</code>) and the deployments that shipped their commits:
          see <a href="/docs/events.md">docs/events.md</a>.
        </p>
      ) : (
        <>
          <ol className="flow" aria-label="Stages from first commit to production" data-testid="flow">
            {stages.map((s) => {
              const st: DurationSummary = b[s.key];
              const slowest = b.slowest === s.key;
              const share = total > 0 && st.medianSeconds !== null ? st.medianSeconds / total : 0;
              return (
                <li
                  key={s.key}
                  className={slowest ? "stage stage-slowest" : "stage"}
                  style={{ flexGrow: Math.max(0.6, share * 4) }}
                  data-testid={`stage-${s.key}`}
                >
                  <h3>
                    {s.label}
                    {slowest && <span className="badge badge-slowest">slowest</span>}
                  </h3>
                  <p className="stage-value">
                    <Num
                      text={formatDuration(st.medianSeconds)}
                      value={st.medianSeconds}
                      href={props.href}
                      label={`${s.label} median ${formatDuration(st.medianSeconds)}: show the changes`}
                    />
                  </p>
                  <p className="muted">{s.what}</p>
                  <p className="muted">
                    p75 {formatDuration(st.p75Seconds)} · p90 {formatDuration(st.p90Seconds)} ·{" "}
                    {formatNumber(st.count)} PRs
                  </p>
                </li>
              );
            })}
          </ol>
          {staging && (
            <ol className="flow flow-staging" aria-label="Through staging" data-testid="flow-staging">
              <StagingStage
                label="To staging"
                what="merged (or committed) → first staging deployment"
                st={b.timeToStaging}
                href={props.href}
                id="timeToStaging"
              />
              <StagingStage
                label="Staging → production"
                what="first staging → first production deployment"
                st={b.stagingToProduction}
                href={props.href}
                id="stagingToProduction"
              />
            </ol>
          )}
          <p className="muted">
            Counted once per pull request, in the window of the first deployment that shipped it (
            {formatNumber(b.sampleSize)} pull requests). Definitions:{" "}
            <a href="/docs/metrics.md">docs/metrics.md</a>.
          </p>
        </>
      )}
    </Panel>
  );
}

function StagingStage(props: { label: string; what: string; st: DurationSummary; href: string; id: string }) {
  return (
    <li className="stage" data-testid={`stage-${props.id}`}>
      <h3>{props.label}</h3>
      <p className="stage-value">
        <Num text={formatDuration(props.st.medianSeconds)} value={props.st.medianSeconds} href={props.href} />
      </p>
      <p className="muted">{props.what}</p>
      <p className="muted">
        p90 {formatDuration(props.st.p90Seconds)} · {formatNumber(props.st.count)} changes
      </p>
    </li>
  );
}

interface GroupRow {
  group: string;
  b: Breakdown;
}

/** The same breakdown per team (per service once a team is chosen), to see whose stream is slow where. */
function GroupComparison() {
  const { params, filters, catalogue } = useDashboard();
  const by: "team" | "service" =
    filters.team !== undefined || filters.service !== undefined ? "service" : "team";
  const groups =
    catalogue.state !== "ready"
      ? undefined
      : by === "team"
        ? catalogue.data.teams
        : catalogue.data.services
            .filter((s) => filters.team === undefined || s.team === filters.team)
            .map((s) => s.name)
            .filter((s) => filters.service === undefined || s === filters.service);
  const shown = groups?.slice(0, MAX_GROUPS) ?? [];
  const data = useApi(keyOf(`vs-${by}-${shown.join(",")}`, params), async (signal) =>
    groups === undefined
      ? undefined
      : mapLimit(shown, 4, async (g): Promise<GroupRow> => {
          const doc = await api.metrics(
            { ...params, team: by === "team" ? g : params.team, service: by === "service" ? g : undefined },
            signal,
          );
          return { group: g, b: doc.metrics.leadTimeBreakdown };
        }),
  );
  return (
    <Panel id="vs-groups" title={`By ${by}`} wide>
      {(data.state === "loading" || (data.state === "ready" && data.data === undefined)) && (
        <Loading what={`the breakdown by ${by}`} />
      )}
      {data.state === "error" && <ErrorPanel error={data.error} what={`the breakdown by ${by}`} />}
      {data.state === "ready" && data.data !== undefined && (
        <>
          {data.data.some((r) => r.b.noData === null) && (
            <Chart
              id="vs-groups"
              caption={`Median hours in each stage by ${by}`}
              height={Math.max(160, 60 + data.data.length * 28)}
              option={(p) => groupsOption(data.data ?? [], p)}
            />
          )}
          {(groups?.length ?? 0) > MAX_GROUPS && (
            <p className="muted">
              The first {MAX_GROUPS} {by}s by name; choose a team to narrow.
            </p>
          )}
          <DataTable
            id={`value-stream-by-${by}`}
            caption={`Median time in each stage by ${by}`}
            rows={data.data}
            rowKey={(r) => r.group}
            empty={`No ${by}s.`}
            columns={[
              { header: by, cell: (r) => r.group, csv: (r) => r.group },
              ...stages.map((s) => ({
                header: `${s.label.toLowerCase()} (median)`,
                numeric: true,
                cell: (r: GroupRow) => (
                  <Num
                    text={formatDuration(r.b[s.key].medianSeconds)}
                    value={r.b[s.key].medianSeconds}
                    href={eventsHref(
                      "leadTimeBreakdown",
                      by === "team" ? { ...filters, team: r.group } : { ...filters, service: r.group },
                    )}
                  />
                ),
                csv: (r: GroupRow) => r.b[s.key].medianSeconds,
              })),
              { header: "slowest", cell: (r) => r.b.slowest ?? "—", csv: (r) => r.b.slowest },
              {
                header: "pull requests",
                numeric: true,
                cell: (r) => formatNumber(r.b.sampleSize),
                csv: (r) => r.b.sampleSize,
              },
            ]}
          />
        </>
      )}
    </Panel>
  );
}

function groupsOption(rows: GroupRow[], p: Palette): EChartsCoreOption {
  const hours = (v: number | null) => (v === null ? 0 : Math.round((v / 3600) * 10) / 10);
  return {
    grid: { left: 150, right: 16, top: 28, bottom: 24 },
    legend: { top: 0, textStyle: { color: p.text } },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: {
      type: "value",
      axisLabel: { color: p.muted, formatter: "{value} h" },
      splitLine: { lineStyle: { color: p.grid } },
    },
    yAxis: {
      type: "category",
      data: rows.map((r) => r.group),
      axisLabel: { color: p.text, width: 140, overflow: "truncate" },
    },
    series: stages.map((s, i) => ({
      name: s.label,
      type: "bar",
      stack: "lead",
      data: rows.map((r) => hours(r.b[s.key].medianSeconds)),
      itemStyle: { color: p.series[i % p.series.length] },
    })),
  };
}
