import { api } from "../api";
import type { MetricsDocument } from "../api-types";
import { EmptyState } from "../components/EmptyState";
import { ErrorPanel } from "../components/ErrorPanel";
import { Loading } from "../components/Loading";
import { useDashboard } from "../dashboard-context";
import { describeWindow } from "../filters";
import { keyOf } from "../links";
import { useApi } from "../use-api";
import { DeploymentHeatmap } from "./executive/DeploymentHeatmap";
import { ImpactIncidents } from "./executive/ImpactIncidents";
import { KeyMetricTiles } from "./executive/KeyMetricTiles";
import { SloNote } from "./executive/SloNote";
import { TrendCharts } from "./executive/TrendCharts";

/** For leaders: the key metrics with tiers and trend, 90-day trends, deployments by team, incidents by severity. */
export function ExecutiveView() {
  const { params, filters, catalogue } = useDashboard();
  const metrics = useApi(keyOf("metrics", params), (s) => api.metrics(params, s));
  const scoped = filters.team !== undefined || filters.service !== undefined || filters.env !== undefined;
  if (
    metrics.state === "ready" &&
    !scoped &&
    isEmpty(metrics.data) &&
    catalogue.state === "ready" &&
    catalogue.data.services.length === 0
  )
    return (
      <EmptyState
        title="No data yet"
        why="Stride has not received any deployments, changes or incidents. Send your first events and this page fills in."
      />
    );
  return (
    <div className="view">
      <h1>Delivery performance · {describeWindow(filters)}</h1>
      {metrics.state === "loading" && <Loading what="the key metrics" />}
      {metrics.state === "error" && <ErrorPanel error={metrics.error} what="the key metrics" />}
      {metrics.state === "ready" && <KeyMetricTiles doc={metrics.data} />}
      {/* The panels below ask a dozen more questions: they start once the tiles have their answer. */}
      {metrics.state !== "loading" && (
        <>
          <TrendCharts />
          <DeploymentHeatmap />
          <ImpactIncidents />
          <SloNote />
        </>
      )}
    </div>
  );
}

function isEmpty(doc: MetricsDocument): boolean {
  const m = doc.metrics;
  return (
    m.deploymentFrequency.sampleSize === 0 && m.leadTime.sampleSize === 0 && m.timeToRestore.sampleSize === 0
  );
}
