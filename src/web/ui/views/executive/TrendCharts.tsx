import type { EChartsCoreOption } from "echarts/core";
import { api } from "../../api";
import type { SeriesPoint } from "../../api-types";
import { Chart, type Palette } from "../../components/Chart";
import { type Column, DataTable } from "../../components/DataTable";
import { ErrorPanel } from "../../components/ErrorPanel";
import { Loading } from "../../components/Loading";
import { Num } from "../../components/Num";
import { Panel } from "../../components/Panel";
import { useDashboard } from "../../dashboard-context";
import { trailingParams } from "../../filters";
import { formatDuration, formatNumber, formatRate } from "../../format";
import { eventsHref, keyOf } from "../../links";
import { navigate } from "../../router";
import { useApi } from "../../use-api";

const DAYS = 90;

interface Line {
  metric: string;
  title: string;
  kind: "bar" | "line";
  value: (p: SeriesPoint) => number | null;
  axis: (v: number) => string;
  format: (v: number | null) => string;
}

const lines: Line[] = [
  {
    metric: "deploymentFrequency",
    title: "Deployments",
    kind: "bar",
    value: (p) => p.deployments,
    axis: (v) => formatNumber(v),
    format: (v) => formatNumber(v),
  },
  {
    metric: "leadTime",
    title: "Change lead time (median, hours)",
    kind: "line",
    value: (p) => (p.leadTimeMedianSeconds === null ? null : p.leadTimeMedianSeconds / 3600),
    axis: (v) => `${formatNumber(v)} h`,
    format: (v) => formatDuration(v === null ? null : v * 3600),
  },
  {
    metric: "changeFailureRate",
    title: "Change failure rate (%)",
    kind: "line",
    value: (p) => (p.changeFailureRate === null ? null : p.changeFailureRate * 100),
    axis: (v) => `${formatNumber(v)} %`,
    format: (v) => formatRate(v === null ? null : v / 100),
  },
  {
    metric: "recoveryTime",
    title: "Failed deployment recovery (median, hours)",
    kind: "line",
    value: (p) => (p.recoveryTimeMedianSeconds === null ? null : p.recoveryTimeMedianSeconds / 3600),
    axis: (v) => `${formatNumber(v, 1)} h`,
    format: (v) => formatDuration(v === null ? null : v * 3600),
  },
];

/** The four key metrics over the 90 days that end with the window, one point per bucket (week unless chosen). */
export function TrendCharts() {
  const { params, filters, now } = useDashboard();
  const trailing = { ...trailingParams(params, DAYS, now), bucket: filters.bucket ?? "week" };
  const doc = useApi(keyOf("trend", trailing), (s) => api.metrics(trailing, s));
  const bucketHref = (metric: string, p: SeriesPoint) =>
    eventsHref(metric, filters, { from: p.start, to: p.end });
  return (
    <Panel id="trends" title={`Trends, last ${DAYS} days by ${trailing.bucket}`} wide>
      {doc.state === "loading" && <Loading what="the trends" />}
      {doc.state === "error" && <ErrorPanel error={doc.error} what="the trends" />}
      {doc.state === "ready" && (
        <>
          <div className="charts">
            {lines.map((l) => (
              <Chart
                key={l.metric}
                id={`trend-${l.metric}`}
                caption={l.title}
                height={200}
                option={(palette) => trendOption(doc.data.series, l, palette)}
                onClick={(c) => {
                  const p = doc.data.series[c.dataIndex];
                  if (p !== undefined) navigate(bucketHref(l.metric, p));
                }}
              />
            ))}
          </div>
          <details>
            <summary>The numbers behind the charts</summary>
            <DataTable
              id="trend-series"
              caption={`Key metrics by ${trailing.bucket}`}
              rows={doc.data.series}
              rowKey={(p) => p.start}
              empty="No buckets in this window."
              columns={seriesColumns(bucketHref)}
            />
          </details>
        </>
      )}
    </Panel>
  );
}

function trendOption(series: SeriesPoint[], line: Line, p: Palette): EChartsCoreOption {
  return {
    grid: { left: 48, right: 12, top: 12, bottom: 28 },
    tooltip: {
      trigger: "axis",
      valueFormatter: (v: unknown) => line.format(typeof v === "number" ? v : null),
    },
    xAxis: {
      type: "category",
      data: series.map((s) => s.label),
      axisLabel: { color: p.muted },
      axisLine: { lineStyle: { color: p.grid } },
    },
    yAxis: {
      type: "value",
      axisLabel: { color: p.muted, formatter: line.axis },
      splitLine: { lineStyle: { color: p.grid } },
    },
    series: [
      {
        type: line.kind,
        name: line.title,
        data: series.map(line.value),
        connectNulls: true,
        symbolSize: 6,
        itemStyle: { color: p.series[0] },
      },
    ],
  };
}

function seriesColumns(href: (metric: string, p: SeriesPoint) => string): Column<SeriesPoint>[] {
  return [
    { header: "bucket", cell: (p) => p.label, csv: (p) => p.label },
    {
      header: "deployments",
      numeric: true,
      cell: (p) => (
        <Num text={formatNumber(p.deployments)} value={p.deployments} href={href("deploymentFrequency", p)} />
      ),
      csv: (p) => p.deployments,
    },
    {
      header: "lead time (median)",
      numeric: true,
      cell: (p) => (
        <Num
          text={formatDuration(p.leadTimeMedianSeconds)}
          value={p.leadTimeMedianSeconds}
          href={href("leadTime", p)}
        />
      ),
      csv: (p) => p.leadTimeMedianSeconds,
    },
    {
      header: "change failure rate",
      numeric: true,
      cell: (p) => (
        <Num
          text={formatRate(p.changeFailureRate)}
          value={p.changeFailureRate}
          href={href("changeFailureRate", p)}
        />
      ),
      csv: (p) => p.changeFailureRate,
    },
    {
      header: "recovery (median)",
      numeric: true,
      cell: (p) => (
        <Num
          text={formatDuration(p.recoveryTimeMedianSeconds)}
          value={p.recoveryTimeMedianSeconds}
          href={href("recoveryTime", p)}
        />
      ),
      csv: (p) => p.recoveryTimeMedianSeconds,
    },
    {
      header: "rework rate",
      numeric: true,
      cell: (p) => <Num text={formatRate(p.reworkRate)} value={p.reworkRate} href={href("reworkRate", p)} />,
      csv: (p) => p.reworkRate,
    },
    {
      header: "incidents",
      numeric: true,
      cell: (p) => (
        <Num text={formatNumber(p.incidents)} value={p.incidents} href={href("timeToRestore", p)} />
      ),
      csv: (p) => p.incidents,
    },
  ];
}
