import { matchesGlob, type ServiceMap, serviceOfRepo, sourceId } from "./naming.js";
import { defined, type StrideEventInput } from "./source.js";

/** CI runs of any code host: a build, and a deployment too when the run's name matches the deploy pattern. */

export type RunStatus = "success" | "failure" | "cancelled" | "in_progress";

export interface CiRun {
  /** source namespace of the id: "github", "gitlab", … */
  source: string;
  /** unique within the source: `<repo>/actions/runs/<id>/attempts/<n>` */
  key: string;
  repo: string;
  sha: string;
  /** the workflow, pipeline or job name */
  pipeline: string;
  startedAt: string;
  finishedAt: string | undefined;
  status: RunStatus;
}

export interface DeploySettings {
  serviceMap: ServiceMap;
  deployPattern: readonly string[];
  deployEnvironment: string;
}

export function isRunStatus(value: string): value is RunStatus {
  return value === "success" || value === "failure" || value === "cancelled" || value === "in_progress";
}

export function runEvents(run: CiRun, settings: DeploySettings): StrideEventInput[] {
  const id = sourceId(run.source, run.key);
  const finishedAt = run.status === "in_progress" ? undefined : run.finishedAt;
  const build = defined({
    type: "build" as const,
    id,
    repo: run.repo,
    sha: run.sha,
    pipeline: run.pipeline,
    startedAt: run.startedAt,
    finishedAt,
    status: run.status,
  });
  if (!matchesGlob(run.pipeline, settings.deployPattern)) return [build];
  const deployment = defined({
    type: "deployment" as const,
    id,
    service: serviceOfRepo(run.repo, settings.serviceMap),
    environment: settings.deployEnvironment,
    startedAt: run.startedAt,
    finishedAt,
    status: run.status,
    sha: run.sha,
    repo: run.repo,
  });
  return [build, deployment];
}
