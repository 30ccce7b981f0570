import type { EChartsCoreOption } from "echarts/core";
import { api, type Params } from "../../api";
import type { SeriesPoint } from "../../api-types";
import { Chart, type Palette } from "../../components/Chart";
import { DataTable } from "../../components/DataTable";
import { ErrorPanel } from "../../components/ErrorPanel";
import { Loading } from "../../components/Loading";
import { Num } from "../../components/Num";
import { Panel } from "../../components/Panel";
import { mapLimit } from "../../concurrency";
import { useDashboard } from "../../dashboard-context";
import { type Filters, trailingParams } from "../../filters";
import { formatNumber } from "../../format";
import { eventsHref, keyOf } from "../../links";
import { navigate } from "../../router";
import { useApi } from "../../use-api";

const DAYS = 90;
const MAX_GROUPS = 20;

interface Row {
  group: string;
  series: SeriesPoint[];
  total: number;
  days: number;
}

/**
 * Deployments per day over 90 days, one row per team (per service once a team is chosen): a calendar strip each,
 * busiest groups first. Each cell leads to that day's deployments.
 */
export function DeploymentHeatmap() {
  const { params, filters, now } = useDashboard();
  const by: "team" | "service" =
    filters.team !== undefined || filters.service !== undefined ? "service" : "team";
  const trailing: Params = { ...trailingParams(params, DAYS, now), bucket: "day" };
  const data = useApi(keyOf(`heatmap-${by}`, trailing), async (signal) => {
    const breakdown = await api.breakdown(by, trailing, signal);
    const groups = [...breakdown.rows]
      .sort(
        (a, b) => b.deploymentFrequency.count - a.deploymentFrequency.count || (a.group < b.group ? -1 : 1),
      )
      .slice(0, MAX_GROUPS);
    const rows = await mapLimit(groups, 4, async (g): Promise<Row> => {
      const doc = await api.metrics(
        { ...trailing, team: undefined, service: undefined, [by]: g.group },
        signal,
      );
      return {
        group: g.group,
        series: doc.series,
        total: doc.series.reduce((n, p) => n + p.deployments, 0),
        days: doc.series.filter((p) => p.deployments > 0).length,
      };
    });
    return { rows, more: breakdown.rows.length - groups.length };
  });
  const groupFilters = (group: string): Filters =>
    by === "team" ? { ...filters, team: group } : { ...filters, service: group };
  const title = `Deployments per day by ${by}, last ${DAYS} days`;
  return (
    <Panel id="heatmap" title={title} wide>
      {data.state === "loading" && <Loading what="deployments by day" />}
      {data.state === "error" && <ErrorPanel error={data.error} what="deployments by day" />}
      {data.state === "ready" && (
        <>
          {data.data.rows.length > 0 && (
            <Chart
              id="heatmap"
              caption={`${title} (darker is more)`}
              height={Math.max(140, 60 + data.data.rows.length * 26)}
              option={(p) => heatmapOption(data.data.rows, p)}
              onClick={(c) => {
                const [x, y] = Array.isArray(c.value) ? (c.value as number[]) : [];
                const row = y === undefined ? undefined : data.data.rows[y];
                const point = x === undefined ? undefined : row?.series[x];
                if (row !== undefined && point !== undefined)
                  navigate(
                    eventsHref("deploymentFrequency", groupFilters(row.group), {
                      from: point.start,
                      to: point.end,
                    }),
                  );
              }}
            />
          )}
          {data.data.more > 0 && (
            <p className="muted">
              The {MAX_GROUPS} busiest of {MAX_GROUPS + data.data.more} {by}s; choose a team to see its
              services.
            </p>
          )}
          <DataTable
            id={`deployments-by-${by}`}
            caption={`Deployments by ${by}, last ${DAYS} days`}
            rows={data.data.rows}
            rowKey={(r) => r.group}
            empty={`No ${by}s with deployments in this window.`}
            columns={[
              { header: by, cell: (r) => r.group, csv: (r) => r.group },
              {
                header: "deployments",
                numeric: true,
                cell: (r) => {
                  const first = r.series[0];
                  const last = r.series[r.series.length - 1];
                  return (
                    <Num
                      text={formatNumber(r.total)}
                      value={r.total}
                      href={eventsHref("deploymentFrequency", groupFilters(r.group), {
                        from: first?.start,
                        to: last?.end,
                      })}
                    />
                  );
                },
                csv: (r) => r.total,
              },
              {
                header: "days with deployments",
                numeric: true,
                cell: (r) => formatNumber(r.days),
                csv: (r) => r.days,
              },
            ]}
          />
        </>
      )}
    </Panel>
  );
}

function heatmapOption(rows: Row[], p: Palette): EChartsCoreOption {
  const labels = rows[0]?.series.map((s) => s.label) ?? [];
  const cells = rows.flatMap((r, y) => r.series.map((s, x) => [x, y, s.deployments]));
  const max = Math.max(1, ...cells.map((c) => c[2] ?? 0));
  return {
    grid: { left: 150, right: 16, top: 8, bottom: 56 },
    tooltip: {
      formatter: (item: { value: number[] }) => {
        const [x, y, n] = item.value;
        return `${rows[y ?? 0]?.group ?? ""} · ${labels[x ?? 0] ?? ""}: ${n} deployment${n === 1 ? "" : "s"}`;
      },
    },
    xAxis: { type: "category", data: labels, axisLabel: { color: p.muted }, splitArea: { show: false } },
    yAxis: {
      type: "category",
      data: rows.map((r) => r.group),
      axisLabel: { color: p.text, width: 140, overflow: "truncate" },
    },
    visualMap: {
      min: 0,
      max,
      calculable: false,
      orient: "horizontal",
      left: "center",
      bottom: 0,
      itemHeight: 80,
      textStyle: { color: p.muted },
      inRange: { color: p.heat },
    },
    series: [{ type: "heatmap", data: cells, itemStyle: { borderColor: p.grid, borderWidth: 0.5 } }],
  };
}
