import type { EChartsCoreOption } from "echarts/core";
import { metricEventsAll } from "../../api";
import type { ExplainedIncident } from "../../api-types";
import { Chart, type Palette } from "../../components/Chart";
import { DataTable } from "../../components/DataTable";
import { ErrorPanel } from "../../components/ErrorPanel";
import { Loading } from "../../components/Loading";
import { Num } from "../../components/Num";
import { Panel } from "../../components/Panel";
import { useDashboard } from "../../dashboard-context";
import { eventsHref, keyOf } from "../../links";
import { bySeverity } from "../../severity";
import { useApi } from "../../use-api";
import { incidentColumns } from "../shared/incident-columns";

const SHOWN = 15;

/** Incidents of the window by severity, most severe first: what hurt users, and what it is blamed on. */
export function ImpactIncidents() {
  const { params, filters } = useDashboard();
  const data = useApi(keyOf("impact", params), async (signal) => {
    const events = (await metricEventsAll("timeToRestore", params, signal)) as unknown as ExplainedIncident[];
    const sorted = [...events].sort(
      (a, b) =>
        bySeverity<ExplainedIncident>((i) => i.severity)(a, b) || (a.detectedAt < b.detectedAt ? 1 : -1),
    );
    const counts = new Map<string, { total: number; open: number }>();
    for (const i of sorted) {
      const key = i.severity ?? "unknown";
      const c = counts.get(key) ?? { total: 0, open: 0 };
      c.total++;
      if (i.open) c.open++;
      counts.set(key, c);
    }
    return { sorted, counts: [...counts.entries()] };
  });
  const href = eventsHref("timeToRestore", filters, {
    from: typeof params.from === "string" ? params.from : undefined,
    to: typeof params.to === "string" ? params.to : undefined,
  });
  return (
    <Panel id="incidents-by-severity" title="Business-impact incidents by severity" wide>
      {data.state === "loading" && <Loading what="incidents" />}
      {data.state === "error" && <ErrorPanel error={data.error} what="incidents" />}
      {data.state === "ready" && (
        <>
          <p>
            <Num
              text={`${data.data.sorted.length} incidents`}
              value={data.data.sorted.length}
              href={href}
              testId="incident-count"
            />{" "}
            detected in this window
            {data.data.counts.length > 0 &&
              `: ${data.data.counts.map(([s, c]) => `${c.total} ${s}`).join(", ")}`}
            .
          </p>
          {data.data.counts.length > 0 && (
            <Chart
              id="severity"
              caption="Incidents by severity (open ones stacked on resolved)"
              height={180}
              option={(p) => severityOption(data.data.counts, p)}
            />
          )}
          <DataTable
            id="impact-incidents"
            caption={`The ${SHOWN} most severe incidents (CSV: all ${data.data.sorted.length})`}
            rows={data.data.sorted.slice(0, SHOWN)}
            loadAll={async () => data.data.sorted}
            rowKey={(i) => i.id}
            empty="No incidents in this window."
            columns={incidentColumns(filters.tz)}
          />
        </>
      )}
    </Panel>
  );
}

function severityOption(counts: [string, { total: number; open: number }][], p: Palette): EChartsCoreOption {
  return {
    grid: { left: 40, right: 12, top: 28, bottom: 24 },
    legend: { top: 0, textStyle: { color: p.text } },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: counts.map(([s]) => s), axisLabel: { color: p.text } },
    yAxis: {
      type: "value",
      minInterval: 1,
      axisLabel: { color: p.muted },
      splitLine: { lineStyle: { color: p.grid } },
    },
    series: [
      {
        name: "resolved",
        type: "bar",
        stack: "n",
        data: counts.map(([, c]) => c.total - c.open),
        itemStyle: { color: p.series[0] },
      },
      {
        name: "open",
        type: "bar",
        stack: "n",
        data: counts.map(([, c]) => c.open),
        itemStyle: { color: p.series[1] },
      },
    ],
  };
}
