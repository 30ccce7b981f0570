import { clip, clipName, sourceId } from "./naming.js";
import { defined, type StrideEventInput } from "./source.js";

/** Pull (merge) requests of any code host: the same naming, clipping and defaults whatever the source. */

export interface PullRequestFacts {
  /** source namespace of the id: "github", "gitlab", … */
  source: string;
  /** unique within the source: `<repo>#<number>` (GitLab: `<repo>!<iid>`) */
  key: string;
  repo: string;
  number: number;
  /** as the source sends it: an empty title becomes "(untitled)" */
  title: string;
  /** the author's name as the source names it, or its fallback ("ghost", "unknown") */
  author: string;
  createdAt: string;
  updatedAt?: string | undefined;
  /** the target branch's name; an empty one is left out */
  baseBranch?: string | null | undefined;
  firstReviewAt?: string | undefined;
  mergedAt?: string | undefined;
  mergeSha?: string | undefined;
}

export function pullRequestEvent(pr: PullRequestFacts): StrideEventInput {
  return defined({
    type: "pull_request" as const,
    id: sourceId(pr.source, pr.key),
    repo: pr.repo,
    number: pr.number,
    title: clip(pr.title || "(untitled)", 4096),
    author: clipName(pr.author),
    createdAt: pr.createdAt,
    updatedAt: pr.updatedAt,
    baseBranch: pr.baseBranch ? clipName(pr.baseBranch) : undefined,
    firstReviewAt: pr.firstReviewAt,
    mergedAt: pr.mergedAt,
    mergeSha: pr.mergeSha,
  });
}
