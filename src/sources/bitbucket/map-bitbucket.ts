import type { z } from "zod";
import { type RunStatus, runEvents } from "../ci-runs.js";
import { deriveParents } from "../commit-chain.js";
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
  type Account,
  type BitbucketSettings,
  type CommitAuthor,
  commitStatusPayload,
  type PushedCommit,
  pullRequestPayload,
  pushPayload,
} from "./payload-schema.js";

/**
 * Bitbucket Cloud → Stride (docs/sources/bitbucket.md): repo:push → changes (parents as the payload states them,
 * else derived from the order); pullrequest:created / updated / fulfilled / rejected → pull requests (fulfilled is
 * the merge), pullrequest:approved by someone other than the author → the first review; repo:commit_status_created /
 * updated (Bitbucket Pipelines and any CI reporting to Bitbucket) → builds, and deployments when the status's name
 * matches the deploy pattern. Everything else is ignored with a reason. X-Event-Key names the event.
 */
export function mapBitbucket(delivery: Delivery, settings: BitbucketSettings): MapResult {
  const event = header(delivery.headers, "x-event-key");
  if (event === undefined) return missingHeader("X-Event-Key", "repo:push");
  const eventType = clip(event, 128);
  const { body } = delivery;
  switch (event) {
    case "repo:push":
      return withPayload(pushPayload, body, eventType, (p) => mapPush(p, eventType));
    case "pullrequest:created":
    case "pullrequest:updated":
    case "pullrequest:fulfilled":
    case "pullrequest:rejected":
    case "pullrequest:approved":
      return withPayload(pullRequestPayload, body, eventType, (p) => mapPullRequest(p, event, eventType));
    case "repo:commit_status_created":
    case "repo:commit_status_updated":
      return withPayload(commitStatusPayload, body, eventType, (p) =>
        mapCommitStatus(p, eventType, settings),
      );
    default:
      if (event.startsWith("pullrequest:")) {
        return pullRequestActionNotUsed(eventType, event);
      }
      return eventNotUsed(eventType, "Bitbucket", event, "bitbucket");
  }
}

const ZERO_SHA = "0".repeat(40);

function mapPush(p: z.output<typeof pushPayload>, eventType: string): MapResult {
  const repo = p.repository.full_name;
  const changes = new Map<string, StrideEventInput>();
  let branches = 0;
  let tags = 0;
  for (const change of p.push.changes) {
    const tip = change.new;
    // A deleted branch or tag has no new state.
    if (tip === null || tip === undefined || change.closed === true) continue;
    if (tip.type !== "branch" && tip.type !== "named_branch") {
      tags++;
      continue;
    }
    branches++;
    const target = tip.target ?? undefined;
    const listed = change.commits ?? [];
    // Newest first. The tip heads the list in Bitbucket's deliveries; documented examples omit it, so it is added
    // (with its own parents) when missing.
    const newestFirst =
      target !== undefined && !listed.some((c) => c.hash === target.hash) ? [target, ...listed] : listed;
    const oldestFirst = [...newestFirst].reverse();
    const derived = deriveParents(
      oldestFirst.map((c) => ({ id: c.hash })),
      {
        before: change.old?.target?.hash ?? ZERO_SHA,
        after: target?.hash ?? "",
        // Bitbucket keeps the newest commits when it cuts the list (`truncated`), so they still chain up to the
        // tip; the oldest one's parent is the old tip only when nothing was cut and the push was not forced.
        complete: true,
        forced: change.forced === true || change.truncated === true,
      },
    );
    oldestFirst.forEach((commit, i) => {
      if (!commit.date || changes.has(commit.hash)) return;
      changes.set(commit.hash, changeOf(repo, commit, commit.date, derived[i]));
    });
  }
  if (branches === 0) return noBranchPushedIgnored(eventType, tags > 0);
  if (changes.size === 0) {
    return ignored(
      eventType,
      "nothing_to_record",
      "a push with no new commits Stride can date (a branch created at an existing commit)",
    );
  }
  return mapped(eventType, [...changes.values()]);
}

function changeOf(
  repo: string,
  commit: PushedCommit,
  date: string,
  derived: string[] | undefined,
): StrideEventInput {
  // Bitbucket states a commit's parents (every parent, merges included): that is exact; the order is the fallback.
  const stated = commit.parents?.map((parent) => parent.hash);
  return defined({
    type: "change" as const,
    repo,
    sha: commit.hash,
    parents: stated ?? derived,
    authoredAt: date,
    committedAt: date,
    author: clipName(authorName(commit.author)),
    title: titleOf(commit.message ?? undefined),
  });
}

function accountName(account: Account): string | undefined {
  return account?.nickname || account?.username || account?.display_name || undefined;
}

/** The Bitbucket account's nickname when the commit's author is one, else git's name (never the e-mail address). */
function authorName(author: CommitAuthor): string {
  const raw = author?.raw?.replace(/<[^>]*>/g, "").trim();
  return accountName(author?.user) ?? accountName(author) ?? (raw || "unknown");
}

const FULL_SHA = /^([0-9a-f]{40}|[0-9a-f]{64})$/;

function mapPullRequest(p: z.output<typeof pullRequestPayload>, event: string, eventType: string): MapResult {
  const pr = p.pullrequest;
  const repo = p.repository.full_name;
  const author = accountName(pr.author);
  let firstReviewAt: string | undefined;
  if (event === "pullrequest:approved") {
    if (p.approval === null || p.approval === undefined) {
      return ignored(
        eventType,
        "missing_context",
        "an approval delivery without its approval (date and user)",
      );
    }
    const approver = accountName(p.approval.user);
    if (approver !== undefined && approver === author) {
      return ignored(
        eventType,
        "nothing_to_record",
        "an approval by the pull request's author is not a first review",
      );
    }
    // firstReviewAt keeps the earliest value any event sends (docs/events.md): later approvals do not move it.
    firstReviewAt = p.approval.date;
  }
  const merged = event === "pullrequest:fulfilled" || pr.state === "MERGED";
  const mergeHash = pr.merge_commit?.hash;
  return mapped(eventType, [
    pullRequestEvent({
      source: "bitbucket",
      key: `${repo}#${pr.id}`,
      repo,
      number: pr.id,
      title: pr.title,
      author: author ?? "unknown",
      createdAt: pr.created_on,
      updatedAt: pr.updated_on ?? undefined,
      baseBranch: pr.destination?.branch?.name,
      firstReviewAt,
      // Fulfilled is the merge; the payload's last update is its time.
      mergedAt: merged ? (pr.updated_on ?? undefined) : undefined,
      // Bitbucket abbreviates the merge commit's hash (12 digits); Stride links pull requests by the full sha only.
      mergeSha: merged && mergeHash !== undefined && FULL_SHA.test(mergeHash) ? mergeHash : undefined,
    }),
  ]);
}

const STATES: Record<string, RunStatus> = {
  INPROGRESS: "in_progress",
  SUCCESSFUL: "success",
  FAILED: "failure",
  STOPPED: "cancelled",
};
const COMMIT_URL_SHA = /\/commits?\/([0-9a-f]{7,64})\/?$/i;

function mapCommitStatus(
  p: z.output<typeof commitStatusPayload>,
  eventType: string,
  settings: BitbucketSettings,
): MapResult {
  const status = p.commit_status;
  const state = Object.hasOwn(STATES, status.state) ? STATES[status.state] : undefined;
  if (state === undefined) {
    return ignored(
      eventType,
      "nothing_to_record",
      `commit status state "${clip(status.state, 64)}" is not one Stride reads`,
    );
  }
  const sha =
    status.commit?.hash ?? COMMIT_URL_SHA.exec(status.links?.commit?.href ?? "")?.[1]?.toLowerCase();
  if (sha === undefined) {
    return ignored(eventType, "missing_context", "a commit status that names no commit (commit.hash)");
  }
  const repo = p.repository.full_name;
  return mapped(
    eventType,
    runEvents(
      {
        source: "bitbucket",
        // Bitbucket keeps one status per commit and key: a re-run with the same key updates it.
        key: `${repo}/commit/${sha}/statuses/${status.key}`,
        repo,
        sha,
        pipeline: clipName(status.name || status.key),
        startedAt: status.created_on,
        finishedAt: status.updated_on ?? undefined,
        status: state,
      },
      settings,
    ),
  );
}
