import { detectedRange, type IncidentColumns, impactRange } from "./incident-columns.js";
import type { Warning } from "./query.js";
import type { Durations, TimeToRestore } from "./results.js";
import { durations, spans } from "./stats.js";
import type { Window } from "./window.js";

/** Incidents belong to the window in which they were detected; MTBF uses when impact began. */

export function timeToRestore(incidents: IncidentColumns, w: Window): TimeToRestore {
  const [start, end] = detectedRange(incidents, w);
  let open = 0;
  for (let k = start; k < end; k++) open += incidents.open[k] as number;
  const result = durations(
    incidents.restore.subarray(start, end),
    "no incident detected in this window has been resolved",
  );
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
export function meanTimeBetweenFailures(incidents: IncidentColumns, w: Window): Durations {
  const [start, end] = impactRange(incidents, w);
  spans.start();
  for (let k = start; k < end; k++) {
    const previous = incidents.previousImpactAt[k] as number;
    // consecutive starts of one service inside the window: the previous one must be inside it too
    if (previous >= w.from) spans.add(previous, incidents.impactAt[k] as number);
  }
  return spans.durations("fewer than two incidents of one service began in this window");
}

/** From when impact began (or the causing deployment finished) to detection. */
export function timeToDetect(incidents: IncidentColumns, w: Window): Durations {
  const [start, end] = detectedRange(incidents, w);
  return durations(
    incidents.detect.subarray(start, end),
    "no incident in this window says when its impact began or what caused it",
  );
}

export function timeToAcknowledge(incidents: IncidentColumns, w: Window): Durations {
  const [start, end] = detectedRange(incidents, w);
  return durations(
    incidents.acknowledge.subarray(start, end),
    "no incident detected in this window was acknowledged",
  );
}
