import type { ChangeRecord, PullRequestRecord } from "./dataset.js";
import type { LinkedDeployment } from "./linked.js";
import type { PullRequestFacts, ShipmentRow } from "./shipments.js";

const PR_IN_TITLE = /\(#(\d+)\)\s*$/;

/** The pull request number a squash or rebase merge names at the end of its title: "Fix totals (#123)". */
export function pullRequestInTitle(title: string): number | null {
  const m = PR_IN_TITLE.exec(title);
  return m?.[1] === undefined ? null : Number(m[1]);
}

/**
 * The reference source of shipment rows, from plain records: per target, each successful non-rollback deployment
 * in order, each sha it lists. The store produces the same rows with one query per service
 * (src/store/load-shipment-rows.ts); a test holds the two equal.
 */
export function* shipmentRowsFromRecords(
  timelines: Iterable<LinkedDeployment[]>,
  changes: ChangeRecord[],
  pullRequests: PullRequestRecord[],
): Generator<ShipmentRow> {
  const changeBySha = new Map(changes.map((c) => [c.sha, c]));
  const byNumber = new Map(pullRequests.map((p) => [`${p.repo}#${p.number}`, p]));
  const byMergeSha = new Map(
    pullRequests.filter((p) => p.mergeSha !== null).map((p) => [p.mergeSha as string, p]),
  );
  for (const timeline of timelines) {
    for (const d of timeline) {
      if (d.kind === "rollback" || d.changes === null || d.at === null) continue;
      for (const [position, sha] of d.changes.entries()) {
        const change = changeBySha.get(sha) ?? null;
        const number = change === null ? null : (change.pullRequest ?? pullRequestInTitle(change.title));
        const pr =
          change === null
            ? undefined
            : ((number === null ? undefined : byNumber.get(`${change.repo}#${number}`)) ??
              byMergeSha.get(sha));
        yield {
          deployment: d.id,
          service: d.service,
          environment: d.environment,
          deployedAt: d.at,
          position,
          sha,
          repo: change?.repo ?? d.repo,
          committedAt: change?.committedAt ?? null,
          authoredAt: change?.authoredAt ?? null,
          pr: pr === undefined ? null : factsOf(pr),
        };
      }
    }
  }
}

function factsOf(pr: PullRequestRecord): PullRequestFacts {
  return {
    repo: pr.repo,
    number: pr.number,
    createdAt: pr.createdAt,
    firstCommitAt: pr.firstCommitAt,
    firstReviewAt: pr.firstReviewAt,
    mergedAt: pr.mergedAt,
  };
}
