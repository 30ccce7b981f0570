import type { StrideEventOf } from "../events/schema.js";
import type { ChangeRecord, IncidentRecord, ServiceRecord } from "./dataset.js";

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

/** A service event as the engine's record; `name` alone is a service with every default. */
export function serviceRecord(e: Omit<StrideEventOf<"service">, "id" | "type">): ServiceRecord {
  return {
    name: e.name,
    team: e.team ?? null,
    repos: e.repos ?? [],
    productionEnvironments: e.productionEnvironments ?? null,
    paths: e.paths ?? [],
    attributionWindow: e.attributionWindow ?? null,
    countHistory: e.countHistory ?? false,
    aliases: e.aliases ?? [],
  };
}

/** A change event as the engine's record (the pull request a squash merge names in its title included). */
export function changeRecord(e: StrideEventOf<"change">): ChangeRecord {
  return {
    repo: e.repo,
    sha: e.sha,
    authoredAt: e.authoredAt,
    committedAt: e.committedAt,
    title: e.title,
    pullRequest: e.pullRequest ?? null,
    parents: e.parents ?? [],
    files: e.files ?? null,
  };
}
