import { type FormEvent, useId, useState } from "react";
import { api } from "../api";
import type { DeploymentEvent } from "../api-types";
import { DataTable } from "../components/DataTable";
import { ErrorPanel } from "../components/ErrorPanel";
import { Link } from "../components/Link";
import { Loading } from "../components/Loading";
import { useDashboard } from "../dashboard-context";
import { formatInstant, shortSha } from "../format";
import { deploymentHref, keyOf } from "../links";
import { navigate } from "../router";
import { useApi } from "../use-api";

/** Deployments of the scope and window, newest first: pick one to debug, or open one by id. */
export function DeploymentsView() {
  const { params, filters } = useDashboard();
  const id = useId();
  const [extra, setExtra] = useState<{ key: string; items: DeploymentEvent[]; cursor: string | null }>();
  const query = {
    team: params.team,
    service: params.service,
    env: params.env,
    from: params.from,
    to: params.to,
  };
  const key = keyOf("deployments", query);
  const first = useApi(key, (s) => api.list<DeploymentEvent>("deployments", { ...query, limit: 50 }, s));
  const open = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const value = String(new FormData(e.currentTarget).get("id") ?? "").trim();
    if (value !== "") navigate(deploymentHref(value));
  };
  const more = extra?.key === key ? extra : undefined;
  const rows = first.state === "ready" ? [...first.data.items, ...(more?.items ?? [])] : [];
  const cursor = more !== undefined ? more.cursor : first.state === "ready" ? first.data.nextCursor : null;
  return (
    <div className="view">
      <h1>Deployments</h1>
      <form className="inline-form" onSubmit={open}>
        <div className="field">
          <label htmlFor={`${id}-id`}>Open a deployment by id</label>
          <input id={`${id}-id`} name="id" placeholder="checkout-prod-1842" />
        </div>
        <button type="submit">Open</button>
      </form>
      {first.state === "loading" && <Loading what="deployments" />}
      {first.state === "error" && <ErrorPanel error={first.error} what="deployments" />}
      {first.state === "ready" && (
        <DataTable
          id="deployments"
          caption="Deployments in this window (every environment unless one is chosen), newest first"
          rows={rows}
          rowKey={(d) => d.id}
          empty="No deployments in this window."
          columns={[
            {
              header: "deployment",
              cell: (d) => <Link href={deploymentHref(d.id)}>{d.id}</Link>,
              csv: (d) => d.id,
            },
            { header: "service", cell: (d) => d.service, csv: (d) => d.service },
            { header: "environment", cell: (d) => d.environment, csv: (d) => d.environment },
            { header: "status", cell: (d) => d.status, csv: (d) => d.status },
            { header: "kind", cell: (d) => d.kind ?? "deploy", csv: (d) => d.kind ?? "deploy" },
            { header: "version", cell: (d) => d.version ?? shortSha(d.sha), csv: (d) => d.version ?? d.sha },
            {
              header: "finished",
              cell: (d) => formatInstant(d.finishedAt ?? d.startedAt, filters.tz),
              csv: (d) => d.finishedAt,
            },
          ]}
        />
      )}
      {cursor && (
        <button
          type="button"
          onClick={async () => {
            const page = await api.list<DeploymentEvent>("deployments", { ...query, limit: 50, cursor });
            setExtra({ key, items: [...(more?.items ?? []), ...page.items], cursor: page.nextCursor });
          }}
        >
          Show 50 more
        </button>
      )}
    </div>
  );
}
