import { toIso } from "../time.js";
import type { EngineSettings } from "./dataset.js";
import { leadTimeStartOf } from "./lead-time-metrics.js";
import type { LinkedDataset, LinkedDeployment, LinkedIncident, ShippedChange } from "./linked.js";
import type { MetricName } from "./results.js";
import type { Scope } from "./scope.js";
import { selectScope, windowed } from "./scoped-data.js";
import { inWindow, type Window } from "./window.js";

/** The events behind a metric value, each with how it was linked: what a number is made of, row by row. */
export type DrillDownKind = "deployments" | "changes" | "incidents" | "builds";

export interface DrillDown {
  kind: DrillDownKind;
  events: Record<string, unknown>[];
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
): DrillDown {
  const all = selectScope(linked, scope);
  const { attempts, targets, first, builds } = windowed(all, w);
  const incidents = all.incidents;
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
      return changes(first, settings);
    case "timeToRestore":
    case "timeToAcknowledge":
    case "timeToDetect":
      return incidentEvents(incidents.filter((i) => inWindow(i.detectedAt, w)));
    case "meanTimeBetweenFailures":
      return incidentEvents(incidents.filter((i) => inWindow(i.impactAt, w)));
    case "buildSuccessRate":
    case "testFlakinessRate":
      return {
        kind: "builds",
        events: builds
          .filter((b) => b.status !== "in_progress")
          .sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : 1))
          .map((b) => ({ ...b, startedAt: iso(b.startedAt), finishedAt: iso(b.finishedAt) })),
      };
  }
}

function deployments(list: LinkedDeployment[], linked: LinkedDataset): DrillDown {
  const shippedBy = new Map<string, number>();
  for (const s of linked.shipped) shippedBy.set(s.deployment, (shippedBy.get(s.deployment) ?? 0) + 1);
  return {
    kind: "deployments",
    events: [...list]
      .sort((a, b) => (a.at ?? 0) - (b.at ?? 0) || (a.id < b.id ? -1 : 1))
      .map((d) => ({
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
        changesShipped: shippedBy.get(d.id) ?? 0,
        failed: d.failureCauses.length > 0,
        failureCauses: d.failureCauses,
        failedAt: iso(d.failedAt),
        restoredAt: iso(d.restoredAt),
        restoredBy: d.restoredBy,
        recoverySeconds: seconds(d.failedAt, d.restoredAt),
        rework: d.rework,
        reverts: d.reverts,
        incidents: d.incidents,
      })),
  };
}

function changes(list: ShippedChange[], settings: EngineSettings): DrillDown {
  return {
    kind: "changes",
    events: [...list]
      .sort((a, b) => a.deployedAt - b.deployedAt || (a.sha < b.sha ? -1 : 1))
      .map((s) => {
        const start = leadTimeStartOf(s, settings);
        return {
          sha: s.sha,
          repo: s.repo,
          title: s.change?.title ?? null,
          committedAt: iso(s.change?.committedAt ?? null),
          pullRequest: s.pullRequest === null ? null : `${s.pullRequest.repo}#${s.pullRequest.number}`,
          service: s.service,
          environment: s.environment,
          deployment: s.deployment,
          deployedAt: iso(s.deployedAt),
          leadTimeSeconds: seconds(start, s.deployedAt),
          leadTimeStart: settings.leadTimeStart,
          link: s.link,
        };
      }),
  };
}

function incidentEvents(list: LinkedIncident[]): DrillDown {
  return {
    kind: "incidents",
    events: [...list]
      .sort((a, b) => a.detectedAt - b.detectedAt || (a.id < b.id ? -1 : 1))
      .map((i) => ({
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
      })),
  };
}
