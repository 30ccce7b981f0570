import { useEffect } from "react";
import type { MetricsDocument } from "../../api-types";
import { MetricTile } from "../../components/MetricTile";
import { TierBadge } from "../../components/TierBadge";
import { useDashboard } from "../../dashboard-context";
import { formatDuration, formatNumber, formatRate } from "../../format";
import { eventsHref } from "../../links";

const perDay = (v: number | null) => (v === null ? "no data" : `${formatNumber(v, 2)}/day`);

/** The four key metrics and the rework rate, each with its tier, basis, trend and a link to its events. */
export function KeyMetricTiles(props: { doc: MetricsDocument }) {
  const { filters } = useDashboard();
  useEffect(() => {
    // Navigation start → tiles on screen, for `npm run bench -- dashboard` (and anyone's performance tools).
    if (performance.getEntriesByName("stride:tiles-ready").length === 0)
      performance.mark("stride:tiles-ready");
  }, []);
  const { metrics: m, trend, tiers, benchmark, window } = props.doc;
  const href = (metric: string) => eventsHref(metric, filters, { from: window.from, to: window.to });
  const bm = benchmark.benchmark;
  return (
    <section aria-labelledby="key-metrics-title" className="key-metrics">
      <header className="panel-head">
        <h2 id="key-metrics-title">Key metrics</h2>
        <p className="muted" data-testid="benchmark">
          Tiers against the DORA {bm} benchmark ({benchmark.source}) · overall{" "}
          <TierBadge tier={tiers.overall} benchmark={bm} />
        </p>
      </header>
      <div className="tiles" data-testid="tiles" data-state="ready">
        <MetricTile
          metric="deploymentFrequency"
          title="Deployment frequency"
          value={m.deploymentFrequency.count === 0 ? "no data" : perDay(m.deploymentFrequency.perDay)}
          raw={m.deploymentFrequency.count === 0 ? null : m.deploymentFrequency.perDay}
          detail={`${formatNumber(m.deploymentFrequency.count)} deployments · ${m.deploymentFrequency.category ?? "—"}`}
          tier={tiers.deploymentFrequency}
          benchmark={bm}
          trend={trend.deploymentsPerDay}
          formatTrend={perDay}
          href={href("deploymentFrequency")}
          noData={m.deploymentFrequency.noData}
        />
        <MetricTile
          metric="leadTime"
          title="Change lead time (median)"
          value={formatDuration(m.leadTime.medianSeconds)}
          raw={m.leadTime.medianSeconds}
          detail={`${formatNumber(m.leadTime.count)} changes · p90 ${formatDuration(m.leadTime.p90Seconds)}`}
          tier={tiers.leadTime}
          benchmark={bm}
          trend={trend.leadTimeMedianSeconds}
          formatTrend={formatDuration}
          href={href("leadTime")}
          noData={m.leadTime.noData}
        />
        <MetricTile
          metric="changeFailureRate"
          title="Change failure rate"
          value={formatRate(m.changeFailureRate.rate)}
          raw={m.changeFailureRate.rate}
          detail={`${formatNumber(m.changeFailureRate.failed)} of ${formatNumber(m.changeFailureRate.total)} deployments failed`}
          tier={tiers.changeFailureRate}
          benchmark={bm}
          trend={trend.changeFailureRate}
          formatTrend={formatRate}
          href={href("changeFailureRate")}
          noData={m.changeFailureRate.noData}
        />
        <MetricTile
          metric="recoveryTime"
          title="Failed deployment recovery (median)"
          value={formatDuration(m.recoveryTime.medianSeconds)}
          raw={m.recoveryTime.medianSeconds}
          detail={`${formatNumber(m.recoveryTime.count)} recovered${m.recoveryTime.open > 0 ? ` · ${m.recoveryTime.open} not yet` : ""}`}
          tier={tiers.recoveryTime}
          benchmark={bm}
          trend={trend.recoveryTimeMedianSeconds}
          formatTrend={formatDuration}
          href={href("recoveryTime")}
          noData={m.recoveryTime.noData}
        />
        <MetricTile
          metric="reworkRate"
          title="Deployment rework rate"
          value={formatRate(m.reworkRate.rate)}
          raw={m.reworkRate.rate}
          detail={`${formatNumber(m.reworkRate.rework)} of ${formatNumber(m.reworkRate.total)} deployments were rework`}
          benchmark={bm}
          trend={trend.reworkRate}
          formatTrend={formatRate}
          href={href("reworkRate")}
          noData={m.reworkRate.noData}
        />
      </div>
      {props.doc.warnings.length > 0 && (
        <ul className="warnings" aria-label="Data-quality warnings">
          {props.doc.warnings.map((w) => (
            <li key={w.code}>{w.message}</li>
          ))}
        </ul>
      )}
      {props.doc.freshness.stale && (
        <p className="muted" role="status">
          New events are still being linked; these numbers are from {props.doc.freshness.loadedAt}.
        </p>
      )}
    </section>
  );
}
