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
import { releaseDeployment, releasesNotConfigured } from "../releases.js";
import { type Delivery, defined, ignored, type MapResult, mapped, missingHeader } from "../source.js";
import { eventNotUsed } from "../unused-events.js";
import { header } from "../verify.js";
import {
  deploymentPayload,
  type GitlabSettings,
  issuePayload,
  jobPayload,
  mergeRequestPayload,
  pipelinePayload,
  pushPayload,
  releasePayload,
} from "./payload-schema.js";

/**
 * GitLab → Stride (docs/sources/gitlab.md): Push → changes with derived parents; Merge Request → pull requests
 * (approval = first review, merge); Pipeline and Job → builds (jobs matching the deploy pattern are deployments
 * too); Deployment → deployments; Issue of type incident (or with the incident label) → incidents; Release →
 * deployments when configured. The body's `object_kind` says what it is; X-Gitlab-Event names it for humans.
 */
export function mapGitlab(delivery: Delivery, settings: GitlabSettings): MapResult {
  const body = delivery.body as { object_kind?: unknown; object_attributes?: { action?: unknown } };
  const kind = typeof body.object_kind === "string" ? clip(body.object_kind, 64) : undefined;
  const hook = header(delivery.headers, "x-gitlab-event");
  if (kind === undefined && hook === undefined) return missingHeader("X-Gitlab-Event", "Push Hook");
  const action = body.object_attributes?.action;
  const name = kind ?? clip(hook ?? "", 64);
  const eventType = typeof action === "string" && action.length <= 64 ? `${name}.${action}` : name;
  switch (kind) {
    case "push":
      return withPayload(pushPayload, body, eventType, (p) => mapPush(p, eventType));
    case "tag_push":
      return tagPushIgnored(eventType);
    case "merge_request":
      return withPayload(mergeRequestPayload, body, eventType, (p) => mapMergeRequest(p, eventType));
    case "pipeline":
      return withPayload(pipelinePayload, body, eventType, (p) => mapPipeline(p, eventType, settings));
    case "build":
      return withPayload(jobPayload, body, eventType, (p) => mapJob(p, eventType, settings));
    case "deployment":
      return withPayload(deploymentPayload, body, eventType, (p) => mapDeployment(p, eventType, settings));
    case "issue":
      return withPayload(issuePayload, body, eventType, (p) => mapIssue(p, eventType, settings));
    case "release":
      return withPayload(releasePayload, body, eventType, (p) => mapRelease(p, eventType, settings));
    default:
      return eventNotUsed(eventType, "GitLab", name || "(unnamed)", "gitlab");
  }
}

function mapPush(p: z.output<typeof pushPayload>, eventType: string): MapResult {
  if (isZeroSha(p.after)) return branchDeletionIgnored(eventType);
  const commits = p.commits ?? [];
  if (commits.length === 0) return noNewCommitsIgnored(eventType);
  const total = p.total_commits_count;
  const parents = deriveParents(commits, {
    before: p.before,
    after: p.after,
    complete: total === undefined || total === null || total === commits.length,
    forced: false,
  });
  return mapped(eventType, pushedChanges(p.project.path_with_namespace, commits, parents));
}

function mapMergeRequest(p: z.output<typeof mergeRequestPayload>, eventType: string): MapResult {
  const mr = p.object_attributes;
  const repo = p.project.path_with_namespace;
  const merging = mr.action === "merge";
  const actor = p.user?.id;
  // An approval by someone other than the author is a review; the hook's time is the MR's updated_at.
  const approval = (mr.action === "approved" || mr.action === "approval") && actor !== mr.author_id;
  return mapped(eventType, [
    pullRequestEvent({
      source: "gitlab",
      key: `${repo}!${mr.iid}`,
      repo,
      number: mr.iid,
      title: mr.title,
      // The payload names only the author's id (the `user` is whoever acted), so that is the author: stable
      // across every hook of the merge request.
      author: mr.author_id === undefined || mr.author_id === null ? "unknown" : `gitlab-user-${mr.author_id}`,
      createdAt: mr.created_at,
      updatedAt: mr.updated_at ?? undefined,
      baseBranch: mr.target_branch,
      firstReviewAt: approval ? (mr.updated_at ?? undefined) : undefined,
      mergedAt: merging ? (mr.merged_at ?? mr.updated_at ?? undefined) : undefined,
      mergeSha: merging
        ? (mr.merge_commit_sha ?? mr.squash_commit_sha ?? mr.last_commit?.id ?? undefined)
        : undefined,
    }),
  ]);
}

const STATUSES: Record<string, RunStatus> = {
  running: "in_progress",
  success: "success",
  failed: "failure",
  canceled: "cancelled",
  canceling: "cancelled",
};

function runStatus(status: string): RunStatus | string {
  if (Object.hasOwn(STATUSES, status)) return STATUSES[status] as RunStatus;
  return `status "${clip(status, 64)}": it has not run (created, pending, manual, scheduled or skipped)`;
}

function mapPipeline(p: z.output<typeof pipelinePayload>, eventType: string, settings: GitlabSettings) {
  const pipeline = p.object_attributes;
  const status = runStatus(pipeline.status);
  if (!isRunStatus(status)) return ignored(eventType, "nothing_to_record", status);
  const repo = p.project.path_with_namespace;
  return mapped(
    eventType,
    runEvents(
      {
        source: "gitlab",
        key: `${repo}/pipelines/${pipeline.id}`,
        repo,
        sha: pipeline.sha,
        pipeline: clipName(pipeline.name || "pipeline"),
        startedAt: pipeline.created_at,
        finishedAt: pipeline.finished_at ?? undefined,
        status,
      },
      // A pipeline has no name worth matching (jobs have): only jobs become deployments by pattern.
      { ...settings, deployPattern: [] },
    ),
  );
}

function mapJob(p: z.output<typeof jobPayload>, eventType: string, settings: GitlabSettings): MapResult {
  const status = runStatus(p.build_status);
  if (!isRunStatus(status)) return ignored(eventType, "nothing_to_record", status);
  const repo = p.project?.path_with_namespace ?? p.repository?.homepage ?? undefined;
  if (repo === undefined) {
    return ignored(eventType, "missing_context", "a job hook that names no project or repository homepage");
  }
  const startedAt = p.build_started_at ?? p.build_created_at;
  if (!startedAt) return ignored(eventType, "nothing_to_record", "a job that has not started");
  return mapped(
    eventType,
    runEvents(
      {
        source: "gitlab",
        key: `${repo}/jobs/${p.build_id}`,
        repo,
        sha: p.sha,
        pipeline: clipName(p.build_name),
        startedAt,
        finishedAt: p.build_finished_at ?? undefined,
        status,
      },
      settings,
    ),
  );
}

const DEPLOYMENT_STATUSES: Record<string, RunStatus> = {
  running: "in_progress",
  success: "success",
  failed: "failure",
  canceled: "cancelled",
};
const COMMIT_URL_SHA = /\/commit\/([0-9a-f]{40,64})\/?$/i;

function mapDeployment(p: z.output<typeof deploymentPayload>, eventType: string, settings: GitlabSettings) {
  const status = Object.hasOwn(DEPLOYMENT_STATUSES, p.status) ? DEPLOYMENT_STATUSES[p.status] : undefined;
  if (status === undefined) {
    return ignored(
      eventType,
      "nothing_to_record",
      `deployment status "${clip(p.status, 64)}": it has not started`,
    );
  }
  const repo = p.project.path_with_namespace;
  const fullSha = COMMIT_URL_SHA.exec(p.commit_url ?? "")?.[1]?.toLowerCase();
  const running = status === "in_progress";
  return mapped(eventType, [
    defined({
      type: "deployment" as const,
      id: sourceId("gitlab", `${repo}/deployments/${p.deployment_id}`),
      service: serviceOfRepo(repo, settings.serviceMap),
      environment: clipName(p.environment),
      status,
      startedAt: running ? p.status_changed_at : undefined,
      finishedAt: running ? undefined : p.status_changed_at,
      sha: fullSha ?? p.short_sha ?? undefined,
      version: versionOf(p.ref),
      repo,
    }),
  ]);
}

function mapIssue(p: z.output<typeof issuePayload>, eventType: string, settings: GitlabSettings): MapResult {
  const issue = p.object_attributes;
  const wanted = settings.incidentLabel.toLowerCase();
  const incident =
    issue.type?.toLowerCase() === "incident" ||
    issue.issue_type?.toLowerCase() === "incident" ||
    (p.labels ?? []).some((l) => l.title.toLowerCase() === wanted);
  if (!incident) {
    return ignored(
      eventType,
      "not_an_incident",
      `the issue is not of type incident and has no "${settings.incidentLabel}" label`,
    );
  }
  const repo = p.project.path_with_namespace;
  const closed = issue.state === "closed";
  const acknowledged =
    issue.escalation_status === "acknowledged" && p.changes !== undefined && p.changes !== null
      ? Object.hasOwn(p.changes, "escalation_status")
      : false;
  return mapped(eventType, [
    defined({
      type: "incident" as const,
      id: sourceId("gitlab", `${repo}#${issue.iid}`),
      services: [serviceOfRepo(repo, settings.serviceMap)],
      title: clip(issue.title || "(untitled)", 4096),
      severity: issue.severity && issue.severity !== "unknown" ? clipName(issue.severity) : undefined,
      detectedAt: issue.created_at,
      acknowledgedAt: acknowledged ? (issue.updated_at ?? undefined) : undefined,
      resolvedAt: closed ? (issue.closed_at ?? issue.updated_at ?? undefined) : undefined,
    }),
  ]);
}

function mapRelease(
  p: z.output<typeof releasePayload>,
  eventType: string,
  settings: GitlabSettings,
): MapResult {
  if (!settings.releaseDeployments) return releasesNotConfigured(eventType);
  if (p.action !== "create" && p.action !== undefined && p.action !== null) {
    return ignored(eventType, "action_not_used", `release ${clip(p.action, 64)} is not a deployment`);
  }
  const finishedAt = p.released_at ?? p.created_at;
  if (!finishedAt) return ignored(eventType, "nothing_to_record", "a release with no release time");
  const repo = p.project.path_with_namespace;
  return mapped(eventType, [
    releaseDeployment(
      { source: "gitlab", repo, id: p.id, tag: p.tag, finishedAt, sha: p.commit?.id ?? undefined },
      settings,
    ),
  ]);
}
