import { api, listAll } from "../api";
import type { BuildEvent, DeploymentLinks, ExplainedBuild, Neighbour } from "../api-types";
import { DataTable } from "../components/DataTable";
import { ErrorPanel } from "../components/ErrorPanel";
import { Link } from "../components/Link";
import { Loading } from "../components/Loading";
import { Panel } from "../components/Panel";
import { mapLimit } from "../concurrency";
import { useDashboard } from "../dashboard-context";
import { formatDuration, formatInstant, shortSha } from "../format";
import { deploymentHref } from "../links";
import { useApi } from "../use-api";
import { buildColumns, changeColumns } from "./shared/event-columns";
import { incidentColumns } from "./shared/incident-columns";

const MAX_SHAS = 60;

/** Debugging one deployment: what it shipped and why, what it is blamed for, its commits' CI runs, its neighbours. */
export function DeploymentView(props: { id: string }) {
  const { filters } = useDashboard();
  const links = useApi(`links:${props.id}`, (s) => api.deploymentLinks(props.id, s));
  if (links.state === "loading") return <Loading what={`deployment ${props.id}`} />;
  if (links.state === "error")
    return (
      <ErrorPanel
        error={links.error}
        what={`deployment ${props.id}`}
        back={{ href: "/deployments", label: "Choose another deployment" }}
      />
    );
  const { deployment: d, changes, incidents, revertedBy, previous, next } = links.data;
  const tz = filters.tz;
  return (
    <div className="view" data-testid="deployment-view">
      <p>
        <Link href="/deployments">← All deployments</Link>
      </p>
      <h1>
        Deployment <span className="wrap">{d.id}</span>
      </h1>
      <dl className="facts" data-testid="deployment-facts">
        <div>
          <dt>Service</dt>
          <dd>
            {d.service}
            {d.team ? ` (team ${d.team})` : ""}
          </dd>
        </div>
        <div>
          <dt>Environment</dt>
          <dd>{d.environment}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`status status-${d.status}`}>{d.status}</span> · {d.kind}
          </dd>
        </div>
        <div>
          <dt>Version</dt>
          <dd>
            {d.version ?? "—"} <code title={d.sha ?? ""}>{shortSha(d.sha)}</code>
          </dd>
        </div>
        <div>
          <dt>Finished</dt>
          <dd>
            {formatInstant(d.finishedAt, tz)} (took {formatDuration(spanOf(d.startedAt, d.finishedAt))})
          </dd>
        </div>
        <div>
          <dt>Outcome</dt>
          <dd data-testid="deployment-outcome">
            {d.failed
              ? `failed (${d.failureCauses.join(", ")})${d.restoredAt ? `, restored after ${formatDuration(d.recoverySeconds)}` : ", not yet restored"}`
              : "no failure linked"}
            {d.rework ? ` · rework: ${d.rework}` : ""}
          </dd>
        </div>
      </dl>
      <div className="grid-2">
        <Panel
          id="shipped"
          title={`Shipped ${changes.length} change${changes.length === 1 ? "" : "s"} first`}
          wide
        >
          <p className="muted">
            {d.shipped ? (
              <>
                How: <strong>{d.shipped.method}</strong> — {d.shipped.evidence}
              </>
            ) : (
              "Stride does not know what this deployment shipped (it lists no changes and its sha is in no commit graph)."
            )}
          </p>
          <DataTable
            id="shipped-changes"
            caption="Changes this deployment was the first to ship, with their lead times and why each was linked"
            rows={changes}
            rowKey={(c) => c.sha}
            empty="No change was first shipped by this deployment."
            columns={changeColumns(tz, false)}
          />
        </Panel>
        <Panel id="blamed-incidents" title="Incidents attributed to it" wide>
          <DataTable
            id="blamed-incidents"
            caption="Incidents blamed on this deployment, with the method, evidence and time from deployment to impact"
            rows={incidents}
            rowKey={(i) => i.id}
            empty="No incident is attributed to this deployment."
            columns={[
              ...incidentColumns(tz).filter((c) => c.header !== "blamed deployment" && c.header !== "how"),
              {
                header: "method",
                cell: (i) => i.attribution?.method ?? "—",
                csv: (i) => i.attribution?.method,
              },
              {
                header: "evidence",
                cell: (i) => <span className="wrap">{i.attribution?.evidence ?? "—"}</span>,
                csv: (i) => i.attribution?.evidence,
              },
              {
                header: "after deploy",
                numeric: true,
                cell: (i) => formatDuration(i.gapSeconds),
                csv: (i) => i.gapSeconds,
              },
            ]}
          />
          {revertedBy.length > 0 && (
            <ul className="reverted" aria-label="Reverted or fixed by">
              {revertedBy.map((r) => (
                <li key={r.id}>
                  {r.rework} by <Link href={deploymentHref(r.id)}>{r.id}</Link> ({r.method}: {r.evidence})
                </li>
              ))}
            </ul>
          )}
        </Panel>
        <CiRuns
          shas={[...new Set([...(d.sha ? [d.sha] : []), ...changes.map((c) => c.sha)])]}
          links={links.data}
        />
        <Panel id="neighbours" title="Neighbouring deployments">
          <ul className="neighbours">
            <NeighbourItem label="Previous" n={previous} tz={tz} />
            <NeighbourItem label="Next" n={next} tz={tz} />
          </ul>
        </Panel>
      </div>
    </div>
  );
}

function NeighbourItem(props: { label: string; n: Neighbour | null; tz: string | undefined }) {
  const n = props.n;
  return (
    <li>
      {props.label}:{" "}
      {n === null ? (
        "none"
      ) : (
        <>
          <Link href={deploymentHref(n.id)}>{n.id}</Link> · {n.kind} {n.status} ·{" "}
          {n.version ?? shortSha(n.sha)} ·{" "}
          {n.at === null ? "—" : formatInstant(new Date(n.at).toISOString(), props.tz)}
        </>
      )}
    </li>
  );
}

function CiRuns(props: { shas: string[]; links: DeploymentLinks }) {
  const { filters } = useDashboard();
  const shas = props.shas.slice(0, MAX_SHAS);
  const builds = useApi(`builds:${props.links.deployment.id}:${shas.join(",")}`, async (s) => {
    const lists = await mapLimit(shas, 4, (sha) => listAll<BuildEvent>("builds", { sha }, s, 200));
    return lists
      .flat()
      .map(
        (b): ExplainedBuild => ({
          id: b.id,
          repo: b.repo,
          sha: b.sha,
          pipeline: b.pipeline,
          status: b.status,
          startedAt: b.startedAt,
          finishedAt: b.finishedAt ?? null,
          tests: b.tests ?? null,
        }),
      )
      .sort((a, b) => ((a.startedAt ?? "") < (b.startedAt ?? "") ? -1 : 1));
  });
  return (
    <Panel id="ci-runs" title="CI runs of its commits" wide>
      {builds.state === "loading" && <Loading what="CI runs" />}
      {builds.state === "error" && <ErrorPanel error={builds.error} what="CI runs" />}
      {builds.state === "ready" && (
        <DataTable
          id="ci-runs"
          caption={`CI runs of the deployed commit and the changes it shipped${props.shas.length > MAX_SHAS ? ` (first ${MAX_SHAS} commits)` : ""}`}
          rows={builds.data}
          rowKey={(b) => b.id}
          empty="No CI runs received for these commits."
          columns={buildColumns(filters.tz)}
        />
      )}
    </Panel>
  );
}

function spanOf(from: string | null, to: string | null): number | null {
  return from && to ? (Date.parse(to) - Date.parse(from)) / 1000 : null;
}
