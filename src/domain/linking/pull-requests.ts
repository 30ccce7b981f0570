import type { PullRequestRecord } from "../metrics/dataset.js";
import type { PullRequestFacts } from "../metrics/shipments.js";

const PR_IN_TITLE = /\(#(\d+)\)\s*$/;

/** The pull request number a squash or rebase merge names at the end of its title: "Fix totals (#123)". */
export function pullRequestInTitle(title: string): number | null {
  const m = PR_IN_TITLE.exec(title);
  return m?.[1] === undefined ? null : Number(m[1]);
}

/** Pull requests by number and by the sha that landed them: how a commit finds its pull request. */
export interface PullRequestIndex {
  byNumber: Map<string, PullRequestFacts>;
  byMergeSha: Map<string, PullRequestFacts>;
}

export function pullRequestIndex(
  pullRequests: Iterable<PullRequestRecord | (PullRequestFacts & { mergeSha: string | null })>,
): PullRequestIndex {
  const index: PullRequestIndex = { byNumber: new Map(), byMergeSha: new Map() };
  for (const p of pullRequests) {
    const facts: PullRequestFacts = {
      repo: p.repo,
      number: p.number,
      createdAt: p.createdAt,
      firstCommitAt: p.firstCommitAt,
      firstReviewAt: p.firstReviewAt,
      mergedAt: p.mergedAt,
    };
    index.byNumber.set(`${p.repo}#${p.number}`, facts);
    if (p.mergeSha !== null) index.byMergeSha.set(p.mergeSha, facts);
  }
  return index;
}

/** GUIDE §3: the number the commit names (field or title), else the pull request its sha merged. */
export function pullRequestOf(
  index: PullRequestIndex,
  repo: string,
  sha: string,
  number: number | null,
): PullRequestFacts | null {
  return (
    (number === null ? undefined : index.byNumber.get(`${repo}#${number}`)) ??
    index.byMergeSha.get(sha) ??
    null
  );
}
