import type { z } from "zod";
import { clip, clipName, titleOf } from "../naming.js";
import { withPayload } from "../payload.js";
import { pullRequestEvent } from "../pull-requests.js";
import { noBranchPushedIgnored } from "../push-commits.js";
import {
  type Delivery,
  defined,
  ignored,
  type MapResult,
  mapped,
  missingHeader,
  type StrideEventInput,
} from "../source.js";
import { eventNotUsed, pullRequestActionNotUsed } from "../unused-events.js";
import { header } from "../verify.js";
import {
  type BitbucketServerSettings,
  pullRequestPayload,
  refsChangedPayload,
  type ServerCommit,
  type User,
} from "./payload-schema.js";

/**
 * Bitbucket Data Center → Stride (docs/sources/bitbucket-server.md): repo:refs_changed → changes, with the parents
 * the payload states (Bitbucket 8+ lists the pushed commits; older versions list none, and such a push is ignored
 * with a reason); pr:opened / modified / from_ref_updated / merged / declined → pull requests (merged: the merge
 * time and the merge commit), pr:reviewer:approved and needs_work by someone other than the author → the first
 * review; diagnostics:ping → ping. Bitbucket Data Center sends no build or deployment webhooks. The event key is
 * X-Event-Key, else the body's `eventKey`.
 */
export function mapBitbucketServer(delivery: Delivery, _settings: BitbucketServerSettings): MapResult {
  const fromBody = (delivery.body as { eventKey?: unknown }).eventKey;
  const event =
    header(delivery.headers, "x-event-key") ?? (typeof fromBody === "string" ? fromBody : undefined);
  if (event === undefined) return missingHeader("X-Event-Key", "repo:refs_changed");
  const eventType = clip(event, 128);
  const { body } = delivery;
  switch (event) {
    case "diagnostics:ping":
      return ignored(
        eventType,
        "ping",
        "Bitbucket's Test connection: the webhook reaches Stride and its secret matches",
      );
    case "repo:refs_changed":
      return withPayload(refsChangedPayload, body, eventType, (p) => mapPush(p, eventType));
    case "pr:opened":
    case "pr:modified":
    case "pr:from_ref_updated":
    case "pr:to_ref_updated":
    case "pr:merged":
    case "pr:declined":
    case "pr:reviewer:approved":
    case "pr:reviewer:needs_work":
      return withPayload(pullRequestPayload, body, eventType, (p) => mapPullRequest(p, event, eventType));
    default:
      if (event.startsWith("pr:")) {
        return pullRequestActionNotUsed(eventType, event);
      }
      return eventNotUsed(eventType, "Bitbucket", event, "bitbucket-server");
  }
}

function mapPush(p: z.output<typeof refsChangedPayload>, eventType: string): MapResult {
  const branches = p.changes.filter((c) => c.type !== "DELETE" && c.ref?.type !== "TAG");
  if (branches.length === 0) {
    return noBranchPushedIgnored(
      eventType,
      p.changes.some((c) => c.type !== "DELETE"),
    );
  }
  // Newest first: the new tip, then the listed commits (which usually start with it).
  const listed = [...(p.toCommit ? [p.toCommit] : []), ...(p.commits ?? [])];
  if (listed.length === 0) {
    return ignored(
      eventType,
      "missing_context",
      "this Bitbucket version's push payload lists no commits (Bitbucket 8 and later do): import the history with stride import git <clone>",
    );
  }
  const changes = new Map<string, StrideEventInput>();
  // Stored oldest first.
  for (const commit of [...listed].reverse()) {
    if (changes.has(commit.id)) continue;
    const change = changeOf(p.repository, commit);
    if (change !== undefined) changes.set(commit.id, change);
  }
  if (changes.size === 0) {
    return ignored(eventType, "missing_context", "the push lists commits without their times");
  }
  return mapped(eventType, [...changes.values()]);
}

function changeOf(repo: string, commit: ServerCommit): StrideEventInput | undefined {
  const authoredAt = commit.authorTimestamp ?? commit.committerTimestamp;
  const committedAt = commit.committerTimestamp ?? commit.authorTimestamp;
  if (!authoredAt || !committedAt) return undefined;
  return defined({
    type: "change" as const,
    repo,
    sha: commit.id,
    // Bitbucket states every parent of each commit it lists: exact, merges included; nothing is derived.
    parents: commit.parents?.map((parent) => parent.id),
    authoredAt,
    committedAt,
    author: clipName(commit.author?.name || "unknown"),
    title: titleOf(commit.message ?? undefined),
  });
}

function userName(user: User): string | undefined {
  return user?.name || user?.slug || undefined;
}

function mapPullRequest(p: z.output<typeof pullRequestPayload>, event: string, eventType: string): MapResult {
  const pr = p.pullRequest;
  const repo = pr.toRef.repository;
  const author = userName(pr.author?.user);
  let firstReviewAt: string | undefined;
  if (event === "pr:reviewer:approved" || event === "pr:reviewer:needs_work") {
    const reviewer = userName(p.participant?.user);
    if (reviewer !== undefined && reviewer === author) {
      return ignored(
        eventType,
        "nothing_to_record",
        "a review by the pull request's author is not a first review",
      );
    }
    if (!p.date) return ignored(eventType, "missing_context", "a review delivery without its date");
    // firstReviewAt keeps the earliest value any event sends (docs/events.md): later reviews do not move it.
    firstReviewAt = p.date;
  }
  const merged = event === "pr:merged" || pr.state === "MERGED";
  return mapped(eventType, [
    pullRequestEvent({
      source: "bitbucket-server",
      key: `${repo}#${pr.id}`,
      repo,
      number: pr.id,
      title: pr.title,
      author: author ?? "unknown",
      createdAt: pr.createdDate,
      updatedAt: pr.updatedDate ?? undefined,
      baseBranch: pr.toRef.displayId,
      firstReviewAt,
      mergedAt: merged ? (pr.closedDate ?? p.date ?? undefined) : undefined,
      mergeSha: merged ? (pr.properties?.mergeCommit?.id ?? undefined) : undefined,
    }),
  ]);
}
