import type { z } from "zod";
import { deriveParents, isZeroSha } from "../commit-chain.js";
import { clip, clipName, serviceOfRepo, sourceId, titleOf } from "../naming.js";
import { withPayload } from "../payload.js";
import {
  actionOf,
  type Delivery,
  defined,
  ignored,
  type MapResult,
  mapped,
  missingHeader,
} from "../source.js";
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
      return ignored(
        eventType,
        "event_not_used",
        `Stride does not read Gitea ${clip(event, 64)} events (docs/sources/gitea.md lists the ones to enable)`,
      );
  }
}

function mapPush(p: z.output<typeof pushPayload>, eventType: string): MapResult {
  if (p.ref.startsWith("refs/tags/")) {
    return ignored(
      eventType,
      "nothing_to_record",
      "a tag push: tags are not commits (releases become deployments with the releaseDeployments setting)",
    );
  }
  if (isZeroSha(p.after)) return ignored(eventType, "nothing_to_record", "a branch deletion");
  const listed = p.commits ?? [];
  if (listed.length === 0) {
    return ignored(
      eventType,
      "nothing_to_record",
      "a push with no new commits (a branch created at an existing commit)",
    );
  }
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
  const repo = p.repository.full_name;
  return mapped(
    eventType,
    commits.map((c, i) =>
      defined({
        type: "change" as const,
        repo,
        sha: c.id,
        parents: parents[i],
        authoredAt: c.timestamp,
        committedAt: c.timestamp,
        author: clipName(c.author?.username || c.author?.name || "unknown"),
        title: titleOf(c.message ?? undefined),
        files: filesOf(c),
      }),
    ),
  );
}

function filesOf(c: {
  added?: string[] | undefined;
  removed?: string[] | undefined;
  modified?: string[] | undefined;
}) {
  if (c.added === undefined && c.removed === undefined && c.modified === undefined) return undefined;
  const files = new Set<string>();
  for (const list of [c.added, c.modified, c.removed]) {
    for (const path of list ?? []) if (path !== "") files.add(clip(path, 1024));
  }
  return [...files].sort().slice(0, 100_000);
}

function userName(user: GiteaUser): string {
  return user?.login || user?.username || "ghost";
}

function mapPullRequest(p: z.output<typeof pullRequestPayload>, eventType: string): MapResult {
  const pr = p.pull_request;
  const repo = p.repository.full_name;
  const merged = pr.merged === true || (pr.merged_at !== undefined && pr.merged_at !== null);
  return mapped(eventType, [
    defined({
      type: "pull_request" as const,
      id: sourceId("gitea", `${repo}#${pr.number}`),
      repo,
      number: pr.number,
      title: clip(pr.title || "(untitled)", 4096),
      author: clipName(userName(pr.user)),
      createdAt: pr.created_at,
      updatedAt: pr.updated_at ?? undefined,
      baseBranch: pr.base?.ref ? clipName(pr.base.ref) : undefined,
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
  if (!settings.releaseDeployments) {
    return ignored(
      eventType,
      "not_configured",
      "releases are deployments only when the connection sets releaseDeployments=true",
    );
  }
  if (p.action !== "published") {
    return ignored(eventType, "action_not_used", `release ${p.action ?? "(no action)"} is not a deployment`);
  }
  const release = p.release;
  if (release.draft === true || release.prerelease === true) {
    return ignored(eventType, "nothing_to_record", "a draft or pre-release is not a deployment");
  }
  const finishedAt = release.published_at ?? release.created_at;
  if (!finishedAt) return ignored(eventType, "nothing_to_record", "a release with no publication time");
  const repo = p.repository.full_name;
  const target = release.target_commitish ?? "";
  return mapped(eventType, [
    defined({
      type: "deployment" as const,
      id: sourceId("gitea", `${repo}/releases/${release.id}`),
      service: serviceOfRepo(repo, settings.serviceMap),
      environment: settings.releaseEnvironment,
      finishedAt,
      status: "success" as const,
      version: clipName(release.tag_name),
      sha: FULL_SHA.test(target) ? target.toLowerCase() : undefined,
      repo,
    }),
  ]);
}
