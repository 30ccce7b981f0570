import type { z } from "zod";
import { normalizeRepo } from "../../domain/repo.js";
import { type RunStatus, runEvents } from "../ci-runs.js";
import { clip, clipName, matchesGlob } from "../naming.js";
import { parsePayload, withPayload } from "../payload.js";
import { type Delivery, ignored, type MapResult, mapped } from "../source.js";
import {
  type CircleciPipeline,
  type CircleciSettings,
  envelope,
  jobCompletedPayload,
  workflowCompletedPayload,
} from "./payload-schema.js";

/**
 * CircleCI → Stride (docs/sources/circleci.md): workflow-completed → a build per workflow
 * (`circleci:workflows/<id>`), job-completed → a build per job (`circleci:jobs/<id>`, pipeline `<workflow>/<job>`);
 * either is also a deployment when its name matches the connection's deploy pattern. A job is a deployment only when
 * its workflow's name does not match too, so one deploy is never counted twice. The ping is answered as such.
 */
export function mapCircleci(delivery: Delivery, settings: CircleciSettings): MapResult {
  const head = parsePayload(envelope, delivery.body, "(unknown)");
  if (!head.ok) return head.result;
  const eventType = clip(head.data.type, 128);
  const { body } = delivery;
  switch (eventType) {
    case "ping":
      return ignored(
        eventType,
        "ping",
        "CircleCI's test ping event: the webhook reaches Stride and its secret matches",
      );
    case "workflow-completed":
      return withPayload(workflowCompletedPayload, body, eventType, (p) =>
        mapWorkflow(p, eventType, settings),
      );
    case "job-completed":
      return withPayload(jobCompletedPayload, body, eventType, (p) => mapJob(p, eventType, settings));
    default:
      return ignored(
        eventType,
        "event_not_used",
        `Stride does not read CircleCI ${clip(eventType, 64)} events (it reads workflow-completed and job-completed)`,
      );
  }
}

/** Workflow and job statuses (CircleCI API v2) → a build status, or why the run records nothing. */
const STATUSES: Record<string, RunStatus> = {
  success: "success",
  failed: "failure",
  failing: "failure",
  error: "failure",
  infrastructure_fail: "failure",
  timedout: "failure",
  "terminated-unknown": "failure",
  unauthorized: "failure",
  canceled: "cancelled",
  cancelled: "cancelled",
  running: "in_progress",
  queued: "in_progress",
  not_running: "in_progress",
  on_hold: "in_progress",
};

function statusOf(status: string): RunStatus | undefined {
  return Object.hasOwn(STATUSES, status) ? STATUSES[status] : undefined;
}

function didNotRun(status: string): string {
  return `status "${clip(status, 64)}": the run did not run to an outcome (not run, blocked or retried)`;
}

const SHA = /^[0-9a-f]{7,64}$/i;

/**
 * The repository and commit a pipeline built: `vcs` (GitHub OAuth, Bitbucket), else the trigger parameters (GitLab,
 * GitHub App). Undefined when the pipeline names neither (an API-triggered pipeline of a project with no VCS).
 */
export function checkoutOf(pipeline: CircleciPipeline): { repo: string; sha: string } | undefined {
  const vcs = pipeline.vcs;
  const vcsRepo = vcs?.target_repository_url || vcs?.origin_repository_url;
  if (vcsRepo && vcs?.revision) return { repo: vcsRepo, sha: vcs.revision };
  const git = pipeline.trigger_parameters?.git;
  const gitlab = pipeline.trigger_parameters?.gitlab;
  const url = [git?.checkout_url, gitlab?.web_url, gitlab?.repo_url].find(
    (u) => u !== undefined && u !== null && u !== "",
  );
  const commit = [git?.checkout_sha, gitlab?.checkout_sha].find(
    (s) => s !== undefined && s !== null && SHA.test(s),
  );
  const repo = url ? normalizeRepo(url) : undefined;
  if (repo === undefined || !commit) return undefined;
  return { repo, sha: commit.toLowerCase() };
}

function noCheckout(eventType: string): MapResult {
  return ignored(
    eventType,
    "missing_context",
    "the pipeline names no repository and commit (pipeline.vcs or trigger_parameters.git): a build needs both",
  );
}

function mapWorkflow(
  p: z.output<typeof workflowCompletedPayload>,
  eventType: string,
  settings: CircleciSettings,
): MapResult {
  const workflow = p.workflow;
  const status = statusOf(workflow.status);
  if (status === undefined) return ignored(eventType, "nothing_to_record", didNotRun(workflow.status));
  const checkout = checkoutOf(p.pipeline);
  if (checkout === undefined) return noCheckout(eventType);
  return mapped(
    eventType,
    runEvents(
      {
        source: "circleci",
        key: `workflows/${workflow.id}`,
        repo: checkout.repo,
        sha: checkout.sha,
        pipeline: clipName(workflow.name),
        startedAt: workflow.created_at,
        finishedAt: workflow.stopped_at ?? undefined,
        status,
      },
      settings,
    ),
  );
}

function mapJob(
  p: z.output<typeof jobCompletedPayload>,
  eventType: string,
  settings: CircleciSettings,
): MapResult {
  const job = p.job;
  const status = statusOf(job.status);
  if (status === undefined) return ignored(eventType, "nothing_to_record", didNotRun(job.status));
  if (!job.started_at) return ignored(eventType, "nothing_to_record", "a job that never started");
  const checkout = checkoutOf(p.pipeline);
  if (checkout === undefined) return noCheckout(eventType);
  // The job is the deployment only when its workflow is not one already (its workflow-completed event records it).
  const deploys =
    matchesGlob(job.name, settings.deployPattern) && !matchesGlob(p.workflow.name, settings.deployPattern);
  return mapped(
    eventType,
    runEvents(
      {
        source: "circleci",
        key: `jobs/${job.id}`,
        repo: checkout.repo,
        sha: checkout.sha,
        pipeline: clipName(`${p.workflow.name}/${job.name}`),
        startedAt: job.started_at,
        finishedAt: job.stopped_at ?? undefined,
        status,
      },
      { ...settings, deployPattern: deploys ? ["*"] : [] },
    ),
  );
}
