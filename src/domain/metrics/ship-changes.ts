import type { ChangeRecord, PullRequestRecord } from "./dataset.js";
import type { LinkedDeployment, ShippedChange } from "./linked.js";

const PR_IN_TITLE = /\(#(\d+)\)\s*$/;

/**
 * For every deployment target (service and environment), the deployment that first shipped each change: a
 * redeploy of an already shipped change does not ship it again. Today a deployment ships the changes it lists.
 */
export function shipChanges(
  timelines: Map<string, LinkedDeployment[]>,
  changes: ChangeRecord[],
  pullRequests: PullRequestRecord[],
  stagingEnvironments: readonly string[],
): { shipped: ShippedChange[]; unknownChanges: Map<string, number> } {
  const changeBySha = new Map(changes.map((c) => [c.sha, c]));
  const prs = pullRequestIndex(pullRequests);
  const shipped: ShippedChange[] = [];
  const unknownChanges = new Map<string, number>();
  for (const timeline of timelines.values()) {
    const seen = new Set<string>();
    for (const d of timeline) {
      if (d.kind === "rollback" || d.changes === null || d.at === null) continue;
      for (const sha of d.changes) {
        if (seen.has(sha)) continue;
        seen.add(sha);
        const change = changeBySha.get(sha) ?? null;
        if (change === null) unknownChanges.set(d.id, (unknownChanges.get(d.id) ?? 0) + 1);
        shipped.push({
          sha,
          repo: change?.repo ?? d.repo,
          service: d.service,
          environment: d.environment,
          deployment: d.id,
          deployedAt: d.at,
          change,
          pullRequest: change === null ? null : pullRequestOf(change, prs),
          link: { method: "listed", evidence: `${d.id} lists ${sha.slice(0, 12)} in its changes` },
          stagingAt: null,
          shared: false,
        });
      }
    }
  }
  annotate(shipped, stagingEnvironments);
  return { shipped, unknownChanges };
}

/** One pass over all shipments: when staging first had each change, and which commits several targets shipped. */
function annotate(shipped: ShippedChange[], stagingEnvironments: readonly string[]): void {
  const staging = new Map<string, number>();
  const targets = new Map<string, ShippedChange>();
  for (const s of shipped) {
    if (stagingEnvironments.includes(s.environment)) {
      const key = `${s.service}\u0000${s.sha}`;
      const held = staging.get(key);
      if (held === undefined || s.deployedAt < held) staging.set(key, s.deployedAt);
    }
    const commit = `${s.repo ?? ""}@${s.sha}`;
    const other = targets.get(commit);
    if (other === undefined) targets.set(commit, s);
    else other.shared = s.shared = true;
  }
  for (const s of shipped) s.stagingAt = staging.get(`${s.service}\u0000${s.sha}`) ?? null;
}

interface PullRequestIndex {
  byNumber: Map<string, PullRequestRecord>;
  bySha: Map<string, PullRequestRecord>;
}

function pullRequestIndex(pullRequests: PullRequestRecord[]): PullRequestIndex {
  const byNumber = new Map<string, PullRequestRecord>();
  const bySha = new Map<string, PullRequestRecord>();
  for (const pr of pullRequests) {
    byNumber.set(`${pr.repo}#${pr.number}`, pr);
    if (pr.mergeSha !== null) bySha.set(pr.mergeSha, pr);
    for (const sha of pr.commits ?? []) if (!bySha.has(sha)) bySha.set(sha, pr);
  }
  return { byNumber, bySha };
}

/** The change's pull request: named on the change, by merge sha or commit list, or "(#123)" in a squash title. */
function pullRequestOf(change: ChangeRecord, index: PullRequestIndex): PullRequestRecord | null {
  const number = change.pullRequest ?? Number(PR_IN_TITLE.exec(change.title)?.[1] ?? Number.NaN);
  if (!Number.isNaN(number)) {
    const pr = index.byNumber.get(`${change.repo}#${number}`);
    if (pr !== undefined) return pr;
  }
  return index.bySha.get(change.sha) ?? null;
}
