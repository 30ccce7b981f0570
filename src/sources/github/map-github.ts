import type { z } from "zod";
import { isRunStatus, type RunStatus, runEvents } from "../ci-runs.js";
import { deriveParents, isZeroSha } from "../commit-chain.js";
import { clip, clipName, serviceOfRepo, sourceId, versionOf } from "../naming.js";
import { withPayload } from "../payload.js";
import { pullRequestEvent } from "../pull-requests.js";
import {
  branchDeletionIgnored,
  noNewCommitsIgnored,
  pushedChanges,
  tagPushIgnored,
} from "../push-commits.js";
import { mapHostRelease } from "../releases.js";
import {
  actionOf,
  type Delivery,
  defined,
  ignored,
  type MapResult,
  mapped,
  missingHeader,
} from "../source.js";
import { eventNotUsed } from "../unused-events.js";
import { header } from "../verify.js";
import {
  checkRunPayload,
  deploymentPayload,
  deploymentStatusPayload,
  type GithubSettings,
  issuesPayload,
  pullRequestPayload,
  pullRequestReviewPayload,
  pushPayload,
  releasePayload,
  workflowRunPayload,
} from "./payload-schema.js";

/**
 * GitHub → Stride (docs/sources/github.md): push → changes with derived parents; pull_request and
 * pull_request_review → pull requests; deployment and deployment_status → deployments; workflow_run and
 * check_run → builds (and deployments when the name matches the deploy pattern); issues labelled as incidents →
 * incidents; published releases → deployments when configured. Everything else is ignored with a reason.
 */
export function mapGithub(delivery: Delivery, settings: GithubSettings): MapResult {
  const event = header(delivery.headers, "x-github-event");
  if (event === undefined) return missingHeader("X-GitHub-Event", "push");
  const action = actionOf(delivery.body);
  const eventType = clip(action === undefined ? event : `${event}.${action}`, 128);
  const { body } = delivery;
  switch (event) {
    case "ping":
      return ignored(
        eventType,
        "ping",
        "GitHub's test delivery: the webhook reaches Stride and its secret matches",
      );
    case "push":
      return withPayload(pushPayload, body, eventType, (p) => mapPush(p, eventType));
    case "pull_request":
      return withPayload(pullRequestPayload, body, eventType, (p) => mapPullRequest(p, eventType));
    case "pull_request_review":
      return withPayload(pullRequestReviewPayload, body, eventType, (p) => mapReview(p, eventType));
    case "deployment":
      return withPayload(deploymentPayload, body, eventType, (p) => mapDeployment(p, eventType, settings));
    case "deployment_status":
      return withPayload(deploymentStatusPayload, body, eventType, (p) =>
        mapDeploymentStatus(p, eventType, settings),
      );
    case "workflow_run":
      return withPayload(workflowRunPayload, body, eventType, (p) => mapWorkflowRun(p, eventType, settings));
    case "check_run":
      return withPayload(checkRunPayload, body, eventType, (p) => mapCheckRun(p, eventType, settings));
    case "release":
      return withPayload(releasePayload, body, eventType, (p) => mapRelease(p, eventType, settings));
    case "issues":
      return withPayload(issuesPayload, body, eventType, (p) => mapIssue(p, eventType, settings));
    default:
      return eventNotUsed(eventType, "GitHub", event, "github");
  }
}

function mapPush(p: z.output<typeof pushPayload>, eventType: string): MapResult {
  if (p.ref.startsWith("refs/tags/")) return tagPushIgnored(eventType);
  if (p.deleted === true || isZeroSha(p.after)) return branchDeletionIgnored(eventType);
  const commits = p.commits ?? [];
  if (commits.length === 0) return noNewCommitsIgnored(eventType);
  const parents = deriveParents(commits, {
    before: p.before,
    after: p.after,
    complete: true,
    forced: p.forced === true,
  });
  return mapped(eventType, pushedChanges(p.repository.full_name, commits, parents));
}

type PullRequestCore = {
  number: number;
  title: string;
  user?: { login: string } | null | undefined;
  created_at: string;
  base?: { ref: string } | null | undefined;
};

function pullRequestFields(repo: string, pr: PullRequestCore) {
  return {
    source: "github",
    key: `${repo}#${pr.number}`,
    repo,
    number: pr.number,
    title: pr.title,
    author: pr.user?.login ?? "ghost",
    createdAt: pr.created_at,
    baseBranch: pr.base?.ref,
  };
}

function mapPullRequest(p: z.output<typeof pullRequestPayload>, eventType: string): MapResult {
  const pr = p.pull_request;
  const merged = pr.merged_at !== undefined && pr.merged_at !== null;
  return mapped(eventType, [
    pullRequestEvent({
      ...pullRequestFields(p.repository.full_name, pr),
      updatedAt: pr.updated_at ?? undefined,
      mergedAt: merged ? (pr.merged_at ?? undefined) : undefined,
      // An open pull request's merge_commit_sha is GitHub's test merge, not a commit of the base branch.
      mergeSha: merged ? (pr.merge_commit_sha ?? undefined) : undefined,
    }),
  ]);
}

function mapReview(p: z.output<typeof pullRequestReviewPayload>, eventType: string): MapResult {
  if (p.action !== "submitted") {
    return ignored(
      eventType,
      "action_not_used",
      "only a submitted review can be a pull request's first review",
    );
  }
  const reviewer = p.review.user?.login;
  if (reviewer !== undefined && reviewer === p.pull_request.user?.login) {
    return ignored(
      eventType,
      "nothing_to_record",
      "a review by the pull request's author is not a first review",
    );
  }
  if (!p.review.submitted_at) return ignored(eventType, "nothing_to_record", "a review without submitted_at");
  return mapped(eventType, [
    // firstReviewAt keeps the earliest value any event sends (docs/events.md), so later reviews do not move it.
    pullRequestEvent({
      ...pullRequestFields(p.repository.full_name, p.pull_request),
      firstReviewAt: p.review.submitted_at,
    }),
  ]);
}

type GithubDeployment = z.output<typeof deploymentPayload>["deployment"];

function deploymentFields(repo: string, d: GithubDeployment, settings: GithubSettings) {
  return {
    type: "deployment" as const,
    id: sourceId("github", `${repo}/deployments/${d.id}`),
    service: serviceOfRepo(repo, settings.serviceMap),
    environment: clipName(d.environment),
    startedAt: d.created_at,
    sha: d.sha,
    version: versionOf(d.ref),
    repo,
  };
}

function mapDeployment(p: z.output<typeof deploymentPayload>, eventType: string, settings: GithubSettings) {
  if (p.action !== undefined && p.action !== "created") {
    return ignored(eventType, "action_not_used", `deployment ${p.action} changes nothing Stride stores`);
  }
  const fields = deploymentFields(p.repository.full_name, p.deployment, settings);
  return mapped(eventType, [defined({ ...fields, status: "in_progress" as const })]);
}

const DEPLOYMENT_STATES: Record<string, "success" | "failure" | "in_progress"> = {
  success: "success",
  failure: "failure",
  error: "failure",
  pending: "in_progress",
  queued: "in_progress",
  in_progress: "in_progress",
  waiting: "in_progress",
};

function mapDeploymentStatus(
  p: z.output<typeof deploymentStatusPayload>,
  eventType: string,
  settings: GithubSettings,
): MapResult {
  const state = p.deployment_status.state;
  if (state === "inactive") {
    return ignored(
      eventType,
      "action_not_used",
      "inactive marks an older deployment as superseded by a newer one; its outcome stands",
    );
  }
  const status = Object.hasOwn(DEPLOYMENT_STATES, state) ? DEPLOYMENT_STATES[state] : undefined;
  if (status === undefined) {
    return ignored(
      eventType,
      "action_not_used",
      `deployment state "${clip(state, 64)}" is not one Stride reads`,
    );
  }
  const fields = deploymentFields(p.repository.full_name, p.deployment, settings);
  const finishedAt = status === "in_progress" ? undefined : p.deployment_status.created_at;
  return mapped(eventType, [defined({ ...fields, status, finishedAt })]);
}

const CONCLUSIONS: Record<string, RunStatus> = {
  success: "success",
  neutral: "success",
  failure: "failure",
  timed_out: "failure",
  startup_failure: "failure",
  cancelled: "cancelled",
};
const RUNNING = new Set(["queued", "requested", "waiting", "pending", "in_progress"]);

/** A run's or check's status and conclusion → a build status, or why it records nothing. */
function runStatus(
  status: string | null | undefined,
  conclusion: string | null | undefined,
): RunStatus | string {
  if (status === "completed") {
    if (conclusion && Object.hasOwn(CONCLUSIONS, conclusion)) return CONCLUSIONS[conclusion] as RunStatus;
    return `completed with conclusion "${clip(conclusion ?? "none", 64)}": it did not run (skipped, stale or waiting for approval)`;
  }
  if (status && RUNNING.has(status)) return "in_progress";
  return `status "${clip(status ?? "none", 64)}" is not one Stride reads`;
}

function mapWorkflowRun(p: z.output<typeof workflowRunPayload>, eventType: string, settings: GithubSettings) {
  const run = p.workflow_run;
  const status = runStatus(run.status, run.conclusion);
  if (!isRunStatus(status)) return ignored(eventType, "nothing_to_record", status);
  const repo = p.repository.full_name;
  return mapped(
    eventType,
    runEvents(
      {
        source: "github",
        key: `${repo}/actions/runs/${run.id}/attempts/${run.run_attempt ?? 1}`,
        repo,
        sha: run.head_sha,
        pipeline: clipName(run.name || p.workflow?.name || run.path || "workflow"),
        startedAt: run.run_started_at ?? run.created_at,
        finishedAt: run.updated_at ?? undefined,
        status,
      },
      settings,
    ),
  );
}

function mapCheckRun(p: z.output<typeof checkRunPayload>, eventType: string, settings: GithubSettings) {
  const check = p.check_run;
  const status = runStatus(check.status, check.conclusion);
  if (!isRunStatus(status)) return ignored(eventType, "nothing_to_record", status);
  if (!check.started_at) return ignored(eventType, "nothing_to_record", "a check run that has not started");
  const repo = p.repository.full_name;
  return mapped(
    eventType,
    runEvents(
      {
        source: "github",
        key: `${repo}/check-runs/${check.id}`,
        repo,
        sha: check.head_sha,
        pipeline: clipName(check.name),
        startedAt: check.started_at,
        finishedAt: check.completed_at ?? undefined,
        status,
      },
      settings,
    ),
  );
}

const FULL_SHA = /^[0-9a-f]{40}$/i;

function mapRelease(
  p: z.output<typeof releasePayload>,
  eventType: string,
  settings: GithubSettings,
): MapResult {
  return mapHostRelease(
    "github",
    { action: p.action, release: p.release, repo: p.repository.full_name },
    eventType,
    settings,
    { actions: ["published", "released"], fullSha: FULL_SHA },
  );
}

function mapIssue(p: z.output<typeof issuesPayload>, eventType: string, settings: GithubSettings): MapResult {
  if (p.action === "deleted") {
    return ignored(eventType, "action_not_used", "a deleted issue: the incident it recorded stays");
  }
  const wanted = settings.incidentLabel.toLowerCase();
  const labels = p.issue.labels ?? [];
  if (!labels.some((l) => l.name.toLowerCase() === wanted)) {
    return ignored(eventType, "not_an_incident", `the issue has no "${settings.incidentLabel}" label`);
  }
  const repo = p.repository.full_name;
  const issue = p.issue;
  const closed = issue.state === "closed" && issue.closed_at;
  return mapped(eventType, [
    defined({
      type: "incident" as const,
      id: sourceId("github", `${repo}#${issue.number}`),
      services: [serviceOfRepo(repo, settings.serviceMap)],
      title: clip(issue.title || "(untitled)", 4096),
      detectedAt: issue.created_at,
      resolvedAt: closed ? (issue.closed_at ?? undefined) : undefined,
    }),
  ]);
}
