import type { z } from "zod";
import { deriveParents, isZeroSha } from "../commit-chain.js";
import { clip } from "../naming.js";
import { withPayload } from "../payload.js";
import { pullRequestEvent } from "../pull-requests.js";
import {
  branchDeletionIgnored,
  noNewCommitsIgnored,
  pushedChanges,
  tagPushIgnored,
} from "../push-commits.js";
import { mapHostRelease } from "../releases.js";
import { actionOf, type Delivery, ignored, type MapResult, mapped, missingHeader } from "../source.js";
import { eventNotUsed } from "../unused-events.js";
import { header } from "../verify.js";
import {
  type GiteaSettings,
  type GiteaUser,
  pullRequestPayload,
  pushPayload,
  releasePayload,
} from "./payload-schema.js";

/**
 * Gitea → Stride (docs/sources/gitea.md): push → changes with derived parents; pull_request → pull requests
 * (created, merge time, merge sha); published releases → deployments when the connection sets
 * releaseDeployments. Everything else is ignored with a reason. X-Gitea-Event names the event.
 */
export function mapGitea(delivery: Delivery, settings: GiteaSettings): MapResult {
  const event = header(delivery.headers, "x-gitea-event");
  if (event === undefined) return missingHeader("X-Gitea-Event", "push");
  const action = actionOf(delivery.body);
  const eventType = clip(action === undefined ? event : `${event}.${action}`, 128);
  const { body } = delivery;
  switch (event) {
    case "push":
      return withPayload(pushPayload, body, eventType, (p) => mapPush(p, eventType));
    case "pull_request":
      return withPayload(pullRequestPayload, body, eventType, (p) => mapPullRequest(p, eventType));
    case "pull_request_approved":
    case "pull_request_rejected":
    case "pull_request_comment":
      return ignored(
        eventType,
        "missing_context",
        "Gitea's review payload carries no review time, so it cannot date a first review",
      );
    case "release":
      return withPayload(releasePayload, body, eventType, (p) => mapRelease(p, eventType, settings));
    default:
      return eventNotUsed(eventType, "Gitea", event, "gitea");
  }
}

function mapPush(p: z.output<typeof pushPayload>, eventType: string): MapResult {
  if (p.ref.startsWith("refs/tags/")) return tagPushIgnored(eventType);
  if (isZeroSha(p.after)) return branchDeletionIgnored(eventType);
  const listed = p.commits ?? [];
  if (listed.length === 0) return noNewCommitsIgnored(eventType);
  // Gitea lists the newest commit first (GitHub the oldest): put them oldest first, ending at `after`.
  const commits = listed[0]?.id === p.after ? [...listed].reverse() : listed;
  // Gitea keeps the newest commits when it cuts the list, so they still chain up to `after`; but the first one's
  // parent is `before` only when the list is known to be whole (`total_commits`, sent by newer versions).
  const whole =
    p.total_commits !== undefined && p.total_commits !== null && p.total_commits === commits.length;
  const parents = deriveParents(commits, {
    before: p.before,
    after: p.after,
    complete: true,
    forced: !whole,
  });
  return mapped(eventType, pushedChanges(p.repository.full_name, commits, parents));
}

function userName(user: GiteaUser): string {
  return user?.login || user?.username || "ghost";
}

function mapPullRequest(p: z.output<typeof pullRequestPayload>, eventType: string): MapResult {
  const pr = p.pull_request;
  const repo = p.repository.full_name;
  const merged = pr.merged === true || (pr.merged_at !== undefined && pr.merged_at !== null);
  return mapped(eventType, [
    pullRequestEvent({
      source: "gitea",
      key: `${repo}#${pr.number}`,
      repo,
      number: pr.number,
      title: pr.title,
      author: userName(pr.user),
      createdAt: pr.created_at,
      updatedAt: pr.updated_at ?? undefined,
      baseBranch: pr.base?.ref,
      mergedAt: merged ? (pr.merged_at ?? undefined) : undefined,
      // Before the merge, merge_commit_sha is not a commit of the base branch.
      mergeSha: merged ? (pr.merge_commit_sha ?? undefined) : undefined,
    }),
  ]);
}

const FULL_SHA = /^([0-9a-f]{40}|[0-9a-f]{64})$/i;

function mapRelease(
  p: z.output<typeof releasePayload>,
  eventType: string,
  settings: GiteaSettings,
): MapResult {
  return mapHostRelease(
    "gitea",
    { action: p.action ?? undefined, release: p.release, repo: p.repository.full_name },
    eventType,
    settings,
    { actions: ["published"], fullSha: FULL_SHA },
  );
}
