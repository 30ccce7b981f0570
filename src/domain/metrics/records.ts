import type { StrideEventOf } from "../events/schema.js";
import type { IncidentRecord } from "./dataset.js";

/** An incident event (as validated, or as merged and stored) as the engine's record. */
export function incidentRecord(e: StrideEventOf<"incident">): IncidentRecord {
  return {
    id: e.id,
    services: e.services,
    environment: e.environment ?? null,
    severity: e.severity ?? null,
    title: e.title ?? null,
    startedAt: e.startedAt ?? null,
    detectedAt: e.detectedAt,
    acknowledgedAt: e.acknowledgedAt ?? null,
    resolvedAt: e.resolvedAt ?? null,
    cause: {
      deployment: e.cause?.deployment ?? null,
      sha: e.cause?.sha ?? null,
      version: e.cause?.version ?? null,
    },
  };
}
