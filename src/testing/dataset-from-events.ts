import { validateEvent } from "../domain/events/validate-event.js";
import type { Dataset } from "../domain/metrics/dataset.js";
import { changeRecord, incidentRecord, serviceRecord } from "../domain/metrics/records.js";

/**
 * The metrics engine's reference input built straight from events (one event per entity, as the demo sends),
 * bypassing the store: what the store's loader must reproduce.
 */
export function datasetFromEvents(values: Iterable<unknown>): Dataset {
  const data: Dataset = {
    services: [],
    deployments: [],
    changes: [],
    pullRequests: [],
    incidents: [],
    builds: [],
  };
  for (const value of values) {
    const result = validateEvent(value);
    if (!result.ok) throw new Error(result.error.message);
    const e = result.event;
    switch (e.type) {
      case "service":
        data.services.push(serviceRecord(e));
        break;
      case "deployment":
        data.deployments.push({
          id: e.id,
          service: e.service,
          environment: e.environment,
          status: e.status,
          kind: e.kind ?? "deploy",
          startedAt: e.startedAt ?? null,
          finishedAt: e.finishedAt ?? null,
          sha: e.sha ?? null,
          version: e.version ?? null,
          repo: e.repo ?? null,
          changes: e.changes ?? null,
        });
        break;
      case "change":
        data.changes.push(changeRecord(e));
        break;
      case "pull_request":
        data.pullRequests.push({
          repo: e.repo,
          number: e.number,
          createdAt: e.createdAt,
          firstCommitAt: e.firstCommitAt ?? null,
          firstReviewAt: e.firstReviewAt ?? null,
          mergedAt: e.mergedAt ?? null,
          mergeSha: e.mergeSha ?? null,
          commits: e.commits ?? null,
        });
        break;
      case "incident":
        data.incidents.push(incidentRecord(e));
        break;
      case "build":
        data.builds.push({
          id: e.id,
          repo: e.repo,
          sha: e.sha,
          pipeline: e.pipeline,
          startedAt: e.startedAt,
          finishedAt: e.finishedAt ?? null,
          status: e.status,
          tests: e.tests ?? null,
        });
        break;
      default:
        break;
    }
  }
  return data;
}
