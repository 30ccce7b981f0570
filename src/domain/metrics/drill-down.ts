import { toIso } from "../time.js";
import { type Builds, buildId, buildStatuses, IN_PROGRESS } from "./builds.js";
import { shaOf } from "./columns.js";
import type { EngineSettings } from "./dataset.js";
import { deploymentsIn } from "./deployment-columns.js";
import { entriesIn } from "./lead-times.js";
import type { LinkedDataset, LinkedDeployment, LinkedIncident } from "./linked.js";
import type { MetricName } from "./results.js";
import type { Scope } from "./scope.js";
import { selectScope, windowed } from "./scoped-data.js";
import {
  changeKeyAt,
  deployedAt,
  deploymentIdAt,
  deploymentRowAt,
  environmentAt,
  prAt,
  pullRequestKey,
  repoAt,
  serviceAt,
  stagingAt,
  startAt,
  unknownShaAt,
} from "./shipments.js";
import { inWindow, type Window } from "./window.js";

/** The events behind a metric value, each with how it was linked: what a number is made of, row by row. */
export type DrillDownKind = "deployments" | "changes" | "incidents" | "builds";

/**
 * The events in their order, rendered only for the rows asked: a year of an organisation's changes is millions of
 * rows, and a page shows a hundred.
 */
export interface DrillDown {
  kind: DrillDownKind;
  total: number;
  rows(start: number, end: number): Record<string, unknown>[];
}

function drill<T>(
  kind: DrillDownKind,
  list: ArrayLike<T>,
  render: (item: T) => Record<string, unknown>,
): DrillDown {
  return {
    kind,
    total: list.length,
    rows: (start, end) =>
      Array.from({ length: Math.max(0, Math.min(end, list.length) - start) }, (_, k) =>
        render(list[start + k] as T),
      ),
  };
}

const iso = (ms: number | null) => (ms === null ? null : toIso(ms));
const seconds = (from: number | null, to: number | null) =>
  from === null || to === null ? null : (to - from) / 1000;

export function drillDown(
  linked: LinkedDataset,
  scope: Scope,
  w: Window,
  metric: MetricName,
  settings: EngineSettings,
  /** deployments only: just the failed ones (true) or the others (false), chosen before any row is rendered */
  failed?: boolean,
): DrillDown {
  const deployments = (list: LinkedDeployment[], linked: LinkedDataset) =>
    deploymentEvents(
      failed === undefined
        ? list
        : list.filter((d) => (failed ? d.failureCauses.length > 0 : d.failureCauses.length === 0)),
      linked,
    );
  const all = selectScope(linked, scope);
  const { builds } = windowed(all, w);
  const targets = deploymentsIn(all.targets, w, linked.deployments);
  const attempts = deploymentsIn(all.attempts, w, linked.deployments);
  const incidents = all.incidents.list;
  switch (metric) {
    case "deploymentFrequency":
    case "changeFailureRate":
    case "recoveryTime":
      return deployments(
        targets.filter((d) => d.kind !== "rollback"),
        linked,
      );
    case "reworkRate":
    case "timeToDeploy":
      return deployments(targets, linked);
    case "deploymentAttemptSuccessRate":
      return deployments(
        attempts.filter((d) => d.status !== "in_progress"),
        linked,
      );
    case "leadTime":
    case "leadTimeBreakdown":
      return changes(linked, all.lead.first.subarray(...entriesIn(all.lead, w)), settings);
    case "timeToRestore":
    case "timeToAcknowledge":
    case "timeToDetect":
      return incidentEvents(
        incidents.filter((i) => inWindow(i.detectedAt, w)),
        linked,
      );
    case "meanTimeBetweenFailures":
      return incidentEvents(
        incidents.filter((i) => inWindow(i.impactAt, w)),
        linked,
      );
    case "buildSuccessRate":
    case "testFlakinessRate":
      return buildEvents(all.runs, builds);
  }
}

function buildEvents(runs: Builds, list: Int32Array): DrillDown {
  const num = (v: number) => (Number.isNaN(v) ? null : v);
  const shown = Array.from(list)
    .filter((i) => runs.status[i] !== IN_PROGRESS)
    .sort(
      (a, b) =>
        (runs.startedAt[a] as number) - (runs.startedAt[b] as number) ||
        (buildId(runs, a) < buildId(runs, b) ? -1 : 1),
    );
  return drill("builds", shown, (i) => {
    const count = (v: number) => (v < 0 ? null : v);
    const total = count(runs.testsTotal[i] as number);
    return {
      id: buildId(runs, i),
      repo: runs.repos[runs.repo[i] as number],
      sha: shaOf(runs.shas, i),
      pipeline: runs.pipelines[runs.pipeline[i] as number],
      status: buildStatuses[runs.status[i] as number],
      startedAt: iso(runs.startedAt[i] as number),
      finishedAt: iso(num(runs.finishedAt[i] as number)),
      tests:
        total === null
          ? null
          : {
              total,
              failed: count(runs.testsFailed[i] as number),
              skipped: count(runs.testsSkipped[i] as number),
            },
    };
  });
}

function deploymentEvents(list: LinkedDeployment[], linked: LinkedDataset): DrillDown {
  const s = linked.shipments;
  const perDeployment = new Int32Array(s.deployments.n);
  for (let i = 0; i < s.n; i++)
    perDeployment[deploymentRowAt(s, i)] = (perDeployment[deploymentRowAt(s, i)] ?? 0) + 1;
  return drill(
    "deployments",
    [...list].sort((a, b) => (a.at ?? 0) - (b.at ?? 0) || (a.id < b.id ? -1 : 1)),
    (d) => renderDeployment(d, perDeployment[d.row] ?? 0),
  );
}

/** A deployment as the API shows it, with every link it took part in. */
export function renderDeployment(d: LinkedDeployment, changesShipped: number): Record<string, unknown> {
  return {
    id: d.id,
    service: d.service,
    team: d.team,
    environment: d.environment,
    status: d.status,
    kind: d.kind,
    version: d.version,
    sha: d.sha,
    startedAt: iso(d.startedAt),
    finishedAt: iso(d.at),
    changesShipped,
    shipped: d.shipped,
    failed: d.failureCauses.length > 0,
    failureCauses: d.failureCauses,
    failedAt: iso(d.failedAt),
    restoredAt: iso(d.restoredAt),
    restoredBy: d.restoredBy,
    recoverySeconds: seconds(d.failedAt, d.restoredAt),
    rework: d.rework,
    reverts: d.reverts,
    incidents: d.incidents,
  };
}

function changes(linked: LinkedDataset, first: Int32Array, settings: EngineSettings): DrillDown {
  return drill("changes", first, (i) => renderChange(linked, i, settings));
}

/**
 * Shipment `i` (a change and the deployment that first shipped it) as the API shows it. The sha of a known commit
 * is not in memory: `changeKey` says which change it is, and the caller reads its sha and title for the rows it
 * shows (Store.commitsByKey), then drops the key.
 */
export function renderChange(
  linked: LinkedDataset,
  i: number,
  settings: EngineSettings,
): Record<string, unknown> {
  const s = linked.shipments;
  const num = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v);
  const pr = prAt(s, i);
  const start = num(startAt(s, i));
  return {
    sha: unknownShaAt(s, i),
    changeKey: changeKeyAt(s, i),
    repo: repoAt(s, i) < 0 ? null : s.repos[repoAt(s, i)],
    pullRequest: pr < 0 ? null : pullRequestKey(s, pr),
    service: serviceAt(s, i),
    environment: environmentAt(s, i),
    deployment: deploymentIdAt(s, i),
    deployedAt: iso(deployedAt(s, i)),
    leadTimeStart: settings.leadTimeStart,
    leadTimeStartedAt: iso(start),
    leadTimeSeconds: seconds(start, deployedAt(s, i)),
    stagingAt: iso(num(stagingAt(s, i))),
    link: linked.deployments.get(deploymentRowAt(s, i)).shipped,
  };
}

function incidentEvents(list: LinkedIncident[], linked: LinkedDataset): DrillDown {
  return drill(
    "incidents",
    [...list].sort((a, b) => a.detectedAt - b.detectedAt || (a.id < b.id ? -1 : 1)),
    (i) => renderIncident(i, linked),
  );
}

/** An incident as the API shows it, with the deployment it blames, how, and how long before the impact. */
export function renderIncident(i: LinkedIncident, linked: LinkedDataset): Record<string, unknown> {
  return {
    id: i.id,
    services: i.services,
    severity: i.severity,
    title: i.title,
    startedAt: iso(i.startedAt),
    detectedAt: iso(i.detectedAt),
    acknowledgedAt: iso(i.acknowledgedAt),
    resolvedAt: iso(i.resolvedAt),
    open: i.resolvedAt === null,
    restoreSeconds: seconds(i.detectedAt, i.resolvedAt),
    deployment: i.deployment,
    attribution: i.attribution,
    /** from the blamed deployment going live to the impact */
    gapSeconds: seconds(
      i.deployment === null ? null : (linked.deploymentsById.get(i.deployment)?.at ?? null),
      i.impactAt,
    ),
  };
}
