import { NO_CHANGES, ROLLBACK, rangeOf } from "./deployment-columns.js";
import { detectedRange } from "./incident-columns.js";
import type { LinkedDataset, LinkedIncident } from "./linked.js";
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
  let withoutChanges = 0;
  const { targets } = inWindowData;
  const [start, end] = rangeOf(targets, w);
  for (let k = start; k < end; k++) {
    const flags = targets.flags[k] as number;
    if ((flags & ROLLBACK) === 0 && (flags & NO_CHANGES) !== 0) withoutChanges++;
  }
  add(
    "deployments_without_changes",
    withoutChanges,
    "deployments with no known changes: they count for frequency and failure rate but not for lead time; list `changes`, or send commits with their parents (`stride import git`) so the commit graph can tell",
  );
  // Few deployments list unknown shas: visit those, not every deployment of the window.
  let unknownShas = 0;
  for (const [id, count] of linked.shipments.unknownByDeployment) {
    const d = linked.deploymentsById.get(id);
    if (
      d !== undefined &&
      d.status === "success" &&
      d.kind !== "rollback" &&
      inWindow(d.at, w) &&
      scope.deployment(d.row)
    )
      unknownShas += count;
  }
  add(
    "changes_without_commit",
    unknownShas,
    "shipped shas with no commit in Stride: their lead time is unknown",
  );
  let withoutService = 0;
  let unattributed = 0;
  let causeUnknown = 0;
  const { incidents } = inWindowData;
  const [first, last] = detectedRange(incidents, w);
  for (let k = first; k < last; k++) {
    const i = incidents.list[k] as LinkedIncident;
    if (i.services.length === 0) withoutService++;
    if (i.deployment === null) unattributed++;
    if (i.cause.deployment !== null && i.deployment === null) causeUnknown++;
  }
  if (scope.services === null && scope.query.repo === undefined) {
    add(
      "incidents_without_service",
      withoutService,
      "incidents that name no service: they count for the organisation but for no team or service",
    );
  }
  add(
    "incidents_unattributed",
    unattributed,
    "incidents attributed to no deployment: they count for time to restore but make no deployment failed",
  );
  add("incident_cause_unknown", causeUnknown, "incidents naming a cause deployment Stride has not received");
  add(
    "deployments_without_finish",
    linked.unplaced.filter((d) => scope.deployment(d.row)).length,
    "successful deployments with neither finishedAt nor startedAt cannot be placed in time and are left out",
  );
  return warnings;
}
