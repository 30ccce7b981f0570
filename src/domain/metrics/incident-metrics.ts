import type { LinkedDataset, LinkedIncident } from "./linked.js";
import type { Warning } from "./query.js";
import type { Durations, TimeToRestore } from "./results.js";
import { durations } from "./stats.js";
import { inWindow, type Window } from "./window.js";

/** Incidents belong to the window in which they were detected; MTBF uses when impact began. */

export function timeToRestore(incidents: LinkedIncident[], w: Window): TimeToRestore {
  const spans: number[] = [];
  let open = 0;
  for (const i of incidents) {
    if (!inWindow(i.detectedAt, w)) continue;
    if (i.resolvedAt === null) open++;
    else if (i.resolvedAt >= i.detectedAt) spans.push(i.resolvedAt - i.detectedAt);
  }
  const result = durations(spans, "no incident detected in this window has been resolved");
  const warnings: Warning[] = [];
  if (open > 0) {
    warnings.push({
      code: "open_incidents",
      message: `${open} incident(s) still open are reported as open, not as restored`,
      count: open,
    });
  }
  return { ...result, open, warnings };
}

/** Mean time between the starts of consecutive incidents of each service (an incident counts for each service). */
export function meanTimeBetweenFailures(incidents: LinkedIncident[], w: Window): Durations {
  const starts = new Map<string, number[]>();
  for (const i of incidents) {
    if (!inWindow(i.impactAt, w)) continue;
    for (const service of i.services) {
      const list = starts.get(service) ?? [];
      list.push(i.impactAt);
      starts.set(service, list);
    }
  }
  const gaps: number[] = [];
  for (const list of starts.values()) {
    list.sort((a, b) => a - b);
    for (let k = 1; k < list.length; k++) gaps.push((list[k] as number) - (list[k - 1] as number));
  }
  return durations(gaps, "fewer than two incidents of one service began in this window");
}

/** From when impact began (or the causing deployment finished) to detection. */
export function timeToDetect(incidents: LinkedIncident[], linked: LinkedDataset, w: Window): Durations {
  const spans: number[] = [];
  for (const i of incidents) {
    if (!inWindow(i.detectedAt, w)) continue;
    const cause = i.deployment === null ? undefined : linked.deploymentsById.get(i.deployment);
    const began = i.startedAt ?? cause?.at ?? null;
    if (began !== null && i.detectedAt >= began) spans.push(i.detectedAt - began);
  }
  return durations(spans, "no incident in this window says when its impact began or what caused it");
}

export function timeToAcknowledge(incidents: LinkedIncident[], w: Window): Durations {
  const spans: number[] = [];
  for (const i of incidents) {
    if (inWindow(i.detectedAt, w) && i.acknowledgedAt !== null && i.acknowledgedAt >= i.detectedAt)
      spans.push(i.acknowledgedAt - i.detectedAt);
  }
  return durations(spans, "no incident detected in this window was acknowledged");
}
