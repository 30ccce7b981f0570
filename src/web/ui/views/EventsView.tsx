import { useState } from "react";
import { api, metricEventsAll } from "../api";
import type { MetricEventsPage } from "../api-types";
import { DataTable } from "../components/DataTable";
import { ErrorPanel } from "../components/ErrorPanel";
import { Link } from "../components/Link";
import { Loading } from "../components/Loading";
import { useDashboard } from "../dashboard-context";
import { filterQuery } from "../filters";
import { formatInstant, formatNumber } from "../format";
import { keyOf } from "../links";
import { useApi } from "../use-api";
import { eventColumns } from "./shared/event-columns";

const titles: Record<string, string> = {
  deploymentFrequency: "Deployments counted for deployment frequency",
  leadTime: "Changes and their lead times",
  changeFailureRate: "Deployments, failed or not (change failure rate)",
  recoveryTime: "Deployments and their recovery (failed deployment recovery time)",
  reworkRate: "Deployments and which were rework",
  timeToRestore: "Incidents and their time to restore",
  meanTimeBetweenFailures: "Incidents (mean time between failures)",
  buildSuccessRate: "CI runs (build success rate)",
  testFlakinessRate: "CI runs (test flakiness)",
  timeToDetect: "Incidents (time to detect)",
  timeToAcknowledge: "Incidents (time to acknowledge)",
  timeToDeploy: "Deployments (time to deploy)",
  deploymentAttemptSuccessRate: "Deployment attempts",
  leadTimeBreakdown: "Changes (lead-time breakdown)",
};

/** The events behind a number: every row with how it was linked, page by page, and all of them as CSV. */
export function EventsView(props: { metric: string }) {
  const { params, filters } = useDashboard();
  const [pages, setPages] = useState<{ key: string; extra: MetricEventsPage[] }>({ key: "", extra: [] });
  const [more, setMore] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  const key = keyOf(`events-${props.metric}`, params);
  const first = useApi(key, (s) => api.metricEvents(props.metric, { ...params, limit: 100 }, s));
  const back = { href: `/${filterQuery(filters)}`, label: "Back to the executive view" };
  if (first.state === "loading") return <Loading what="the events" />;
  if (first.state === "error")
    return <ErrorPanel error={first.error} what={`the events behind ${props.metric}`} back={back} />;
  const extra = pages.key === key ? pages.extra : [];
  const all = [first.data, ...extra];
  const rows = all.flatMap((p) => p.events);
  const last = all[all.length - 1];
  const loadMore = async () => {
    if (!last?.nextCursor) return;
    setMore({ busy: true, error: null });
    try {
      const page = await api.metricEvents(props.metric, { ...params, limit: 100, cursor: last.nextCursor });
      setPages({ key, extra: [...extra, page] });
      setMore({ busy: false, error: null });
    } catch (error) {
      setMore({ busy: false, error });
    }
  };
  const { window } = first.data;
  return (
    <div className="view" data-testid="events-view">
      <p>
        <Link href={back.href}>← {back.label}</Link>
      </p>
      <h1>{titles[props.metric] ?? props.metric}</h1>
      <p data-testid="events-summary">
        <strong data-testid="events-total" data-value={first.data.total}>
          {formatNumber(first.data.total)}
        </strong>{" "}
        {first.data.kind} from {formatInstant(window.from, filters.tz)} to{" "}
        {formatInstant(window.to, filters.tz)} · showing {formatNumber(rows.length)}
      </p>
      <DataTable
        id={`events-${props.metric}`}
        caption={`${titles[props.metric] ?? props.metric} (CSV: all ${first.data.total})`}
        rows={rows}
        rowKey={(r, i) => `${String(r.id ?? r.sha ?? "")}:${i}`}
        columns={eventColumns(first.data.kind, filters.tz)}
        empty="No events behind this number in this window and scope."
        loadAll={() => metricEventsAll(props.metric, params)}
      />
      {last?.nextCursor && (
        <p>
          <button type="button" onClick={loadMore} disabled={more.busy}>
            {more.busy ? "Loading…" : "Show 100 more"}
          </button>
        </p>
      )}
      {more.error !== null && <ErrorPanel error={more.error} what="the next page" />}
    </div>
  );
}
