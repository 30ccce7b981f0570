import type { LinkedDataset } from "./linked.js";
import type { Warning } from "./query.js";
import type { Scope } from "./scope.js";
import type { ScopedData } from "./scoped-data.js";
import { inWindow, type Window } from "./window.js";

/** Data-quality warnings about the scope and window as a whole (metric-specific ones sit on each metric). */
export function dataQualityWarnings(
  linked: LinkedDataset,
  scope: Scope,
  inWindowData: ScopedData,
  w: Window,
): Warning[] {
  const warnings: Warning[] = [];
  const add = (code: string, count: number, message: string) => {
    if (count > 0) warnings.push({ code, message, count });
  };
  const deployments = inWindowData.targets.filter((d) => d.kind !== "rollback");
  add(
    "deployments_without_changes",
    deployments.filter((d) => d.changes === null).length,
    "deployments with no known changes: they count for frequency and failure rate but not for lead time; list `changes` or send commits",
  );
  add(
    "changes_without_commit",
    deployments.reduce((n, d) => n + (linked.shipments.unknownByDeployment.get(d.id) ?? 0), 0),
    "shipped shas with no commit in Stride: their lead time is unknown",
  );
  const incidents = inWindowData.incidents.filter((i) => inWindow(i.detectedAt, w));
  if (scope.services === null && scope.query.repo === undefined) {
    add(
      "incidents_without_service",
      incidents.filter((i) => i.services.length === 0).length,
      "incidents that name no service: they count for the organisation but for no team or service",
    );
  }
  add(
    "incidents_unattributed",
    incidents.filter((i) => i.deployment === null).length,
    "incidents attributed to no deployment: they count for time to restore but make no deployment failed",
  );
  add(
    "incident_cause_unknown",
    incidents.filter((i) => i.cause.deployment !== null && i.deployment === null).length,
    "incidents naming a cause deployment Stride has not received",
  );
  add(
    "deployments_without_finish",
    linked.unplaced.filter(scope.deployment).length,
    "successful deployments with neither finishedAt nor startedAt cannot be placed in time and are left out",
  );
  return warnings;
}
