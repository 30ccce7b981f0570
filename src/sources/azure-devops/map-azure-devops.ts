import type { z } from "zod";
import { normalizeRepo } from "../../domain/repo.js";
import { isRunStatus, type RunStatus, runEvents } from "../ci-runs.js";
import { deriveParents, isZeroSha } from "../commit-chain.js";
import { clip, clipName, titleOf } from "../naming.js";
import { parsePayload, withPayload } from "../payload.js";
import { pullRequestEvent } from "../pull-requests.js";
import { noBranchPushedIgnored, noNewCommitsIgnored } from "../push-commits.js";
import { type Delivery, defined, ignored, type MapResult, mapped } from "../source.js";
import { eventNotUsed } from "../unused-events.js";
import {
  type AzureDevopsSettings,
  azureRepo,
  buildPayload,
  envelope,
  type Identity,
  pullRequestPayload,
  pushPayload,
} from "./payload-schema.js";

/**
 * Azure DevOps → Stride (docs/sources/azure-devops.md): git.push → changes; git.pullrequest.created / updated /
 * merged → pull requests (completed: the merge time and the merge commit); build.complete → builds, and
 * deployments when the pipeline's name matches the deploy pattern. Everything else is ignored with a reason. The
 * body's `eventType` names the event (Azure DevOps sends no event header).
 */
export function mapAzureDevops(delivery: Delivery, settings: AzureDevopsSettings): MapResult {
  const head = parsePayload(envelope, delivery.body, "(unknown)");
  if (!head.ok) return head.result;
  const event = head.data.eventType;
  const eventType = clip(event, 128);
  const { body } = delivery;
  switch (event) {
    case "git.push":
      return withPayload(pushPayload, body, eventType, (p) => mapPush(p, eventType));
    case "git.pullrequest.created":
    case "git.pullrequest.updated":
    case "git.pullrequest.merged":
      return withPayload(pullRequestPayload, body, eventType, (p) => mapPullRequest(p, eventType));
    case "build.complete":
      return withPayload(buildPayload, body, eventType, (p) => mapBuild(p, eventType, settings));
    default:
      return eventNotUsed(eventType, "Azure DevOps", event, "azure-devops", "subscribe to");
  }
}

function mapPush(p: z.output<typeof pushPayload>, eventType: string): MapResult {
  const { resource } = p;
  const branches = resource.refUpdates.filter(
    (u) => u.name.startsWith("refs/heads/") && !isZeroSha(u.newObjectId),
  );
  if (branches.length === 0) {
    return noBranchPushedIgnored(
      eventType,
      resource.refUpdates.some((u) => u.name.startsWith("refs/tags/")),
    );
  }
  const commits = resource.commits ?? [];
  if (commits.length === 0) return noNewCommitsIgnored(eventType);
  // Azure DevOps does not say in which order it lists the commits, nor whether it listed them all, and states no
  // parents: only a push of one commit to one branch is derivable (its parent is the branch's previous tip).
  const only = branches.length === 1 ? branches[0] : undefined;
  const parents = deriveParents(
    commits.map((c) => ({ id: c.commitId })),
    {
      before: only?.oldObjectId ?? "0".repeat(40),
      after: only?.newObjectId ?? "",
      complete: commits.length === 1,
      forced: false,
    },
  );
  const repo = resource.repository;
  return mapped(
    eventType,
    commits.map((c, i) =>
      defined({
        type: "change" as const,
        repo,
        sha: c.commitId,
        parents: parents[i],
        authoredAt: c.author.date,
        committedAt: c.committer?.date ?? c.author.date,
        author: clipName(c.author.name || "unknown"),
        title: titleOf(c.comment ?? undefined),
      }),
    ),
  );
}

function identityName(identity: Identity): string {
  return identity?.displayName || identity?.uniqueName || "unknown";
}

function mapPullRequest(p: z.output<typeof pullRequestPayload>, eventType: string): MapResult {
  const pr = p.resource;
  const repo = pr.repository;
  const completed = pr.status === "completed";
  return mapped(eventType, [
    pullRequestEvent({
      source: "azure-devops",
      key: `${repo}#${pr.pullRequestId}`,
      repo,
      number: pr.pullRequestId,
      title: pr.title,
      author: identityName(pr.createdBy),
      createdAt: pr.creationDate,
      baseBranch: pr.targetRefName?.replace(/^refs\/heads\//, ""),
      // Completed is merged (abandoned is not); the merge commit is the last merge Azure DevOps made.
      mergedAt: completed ? (pr.closedDate ?? p.createdDate) : undefined,
      mergeSha: completed ? (pr.lastMergeCommit?.commitId ?? undefined) : undefined,
    }),
  ]);
}

/** TfsGit repositories are named within their project; GitHub and Bitbucket ones are `owner/repo` already. */
function buildRepo(build: z.output<typeof buildPayload>["resource"]): string | undefined {
  const repository = build.repository;
  if (repository === null || repository === undefined) return undefined;
  if (repository.name.includes("/")) return normalizeRepo(repository.name);
  const project = build.project?.name ?? build.definition?.project?.name;
  return project === undefined ? undefined : azureRepo(project, repository.name);
}

const RESULTS: Record<string, RunStatus> = {
  succeeded: "success",
  partiallySucceeded: "success",
  failed: "failure",
  canceled: "cancelled",
  stopped: "cancelled",
  inProgress: "in_progress",
};
const FULL_SHA = /^([0-9a-f]{40}|[0-9a-f]{64})$/i;

function mapBuild(p: z.output<typeof buildPayload>, eventType: string, settings: AzureDevopsSettings) {
  const build = p.resource;
  const outcome = build.result ?? build.status ?? "";
  const status = Object.hasOwn(RESULTS, outcome) ? RESULTS[outcome] : undefined;
  if (status === undefined || !isRunStatus(status)) {
    return ignored(
      eventType,
      "nothing_to_record",
      `build result "${clip(outcome, 64)}" is not one Stride reads`,
    );
  }
  const repo = buildRepo(build);
  if (repo === undefined) {
    return ignored(
      eventType,
      "missing_context",
      "the build names no repository (resource version 1.0 payloads do not): subscribe with resource version 2.0 or later",
    );
  }
  const version = build.sourceVersion ?? build.sourceGetVersion?.split(":").at(-1) ?? "";
  if (!FULL_SHA.test(version)) {
    return ignored(eventType, "missing_context", "the build names no git commit (sourceVersion)");
  }
  const startedAt = build.startTime ?? build.queueTime;
  if (!startedAt) return ignored(eventType, "nothing_to_record", "a build that has not started");
  return mapped(
    eventType,
    runEvents(
      {
        source: "azure-devops",
        key: `${repo}/builds/${build.id}`,
        repo,
        sha: version.toLowerCase(),
        pipeline: clipName(build.definition?.name || "pipeline"),
        startedAt,
        finishedAt: build.finishTime ?? undefined,
        status,
      },
      settings,
    ),
  );
}
