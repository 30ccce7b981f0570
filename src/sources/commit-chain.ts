/**
 * Push payloads list the pushed commits without their parents. Stride derives them from the order (GitHub and
 * GitLab list commits oldest first, ending at `after`): each commit's parent is the commit before it in the list,
 * and the first one's is `before`, the tip the push started from.
 *
 * What is left unknown is omitted, never guessed (an update that omits `parents` keeps what another delivery or
 * `stride import git` said):
 * - a new branch (`before` all zeros) or a force push (`before` is not an ancestor): the first commit's parent is
 *   not in the payload;
 * - a list that does not end at `after`, or that the source says it cut (GitLab sends at most 20 commits and
 *   `total_commits_count`): no parent at all is derived from it;
 * - a merge commit gets only the commit before it as parent (its other parent is not in the payload).
 *
 * Exact for fast-forward pushes of linear history (squash and rebase merges, direct pushes): the commit graph
 * that decides which commits a deployment shipped then reaches from every deployed sha back through each push.
 * `stride import git` gives the exact graph when history has merge commits.
 */

const ZERO_SHA = /^0+$/;

export interface PushedCommit {
  id: string;
}

/** One entry per commit: its derived parents, or undefined when they are unknown. */
export interface PushRange {
  before: string;
  after: string;
  /** the list holds every pushed commit (GitLab: `total_commits_count` equals its length) */
  complete: boolean;
  /** a force push: `before` is not the first commit's parent */
  forced: boolean;
}

export function deriveParents(commits: readonly PushedCommit[], range: PushRange): (string[] | undefined)[] {
  const last = commits.at(-1);
  if (!range.complete || last === undefined || last.id.toLowerCase() !== range.after.toLowerCase()) {
    return commits.map(() => undefined);
  }
  return commits.map((_commit, i) => {
    if (i > 0) return [(commits[i - 1] as PushedCommit).id.toLowerCase()];
    return range.forced || ZERO_SHA.test(range.before) ? undefined : [range.before.toLowerCase()];
  });
}

export function isZeroSha(sha: string): boolean {
  return ZERO_SHA.test(sha);
}
