import { sql } from "kysely";
import type { ChangeFacts, PullRequestFacts } from "../domain/metrics/shipments.js";
import type { EngineAdapter } from "./engine.js";
import { nextTurn } from "./next-turn.js";

/** Wanted keys a page: a few MB of row objects. */
const PAGE = 10_000;

/**
 * What the lead time needs of the changes with these keys (ascending), in key order, handed to `take`: once per
 * commit, where joining it to every shipment row made the rows four times wider at the load's peak. Read in pages,
 * each the key range of PAGE wanted keys (a plain query each, not a row-by-row stream: millions of rows). A range,
 * not "after the last key, LIMIT n": PostgreSQL planned that as a scan of every later row, sorted, per page. Keys
 * in a range that were not wanted come too, and `take` passes over them. The pull request is the one the commit's
 * number names, else the one merged as its sha (the rule of pullRequestOf).
 */
export async function readChangeFacts(
  adapter: EngineAdapter,
  keys: ArrayLike<number>,
  take: (facts: ChangeFacts) => void,
  signal?: AbortSignal,
): Promise<void> {
  const key = sql.ref(`c.${adapter.changeKey}`);
  const page = (from: number, to: number) =>
    adapter.db
      .selectFrom("changes as c")
      .leftJoin("pull_requests as pn", (join) =>
        join.onRef("pn.repo", "=", "c.repo").onRef("pn.number", "=", "c.pull_request"),
      )
      .leftJoin("pull_requests as pm", "pm.merge_sha", "c.sha")
      .select(sql<number>`${key}`.as("key"))
      .select(["c.repo", "c.committed_at", "c.authored_at"])
      .select(["pn.repo as pn_repo", "pn.number as pn_number", "pn.created_at as pn_created_at"])
      .select(["pn.first_commit_at as pn_first_commit_at", "pn.first_review_at as pn_first_review_at"])
      .select(["pn.merged_at as pn_merged_at"])
      .select(["pm.repo as pm_repo", "pm.number as pm_number", "pm.created_at as pm_created_at"])
      .select(["pm.first_commit_at as pm_first_commit_at", "pm.first_review_at as pm_first_review_at"])
      .select(["pm.merged_at as pm_merged_at"])
      .where(sql<boolean>`${key} between ${from} and ${to}`)
      .orderBy(sql`${key}`)
      .execute();
  for (let k = 0; k < keys.length; k += PAGE) {
    signal?.throwIfAborted();
    const rows = await page(keys[k] as number, keys[Math.min(k + PAGE, keys.length) - 1] as number);
    for (const r of rows) {
      take({
        key: Number(r.key),
        repo: r.repo,
        committedAt: Number(r.committed_at),
        authoredAt: orNull(r.authored_at),
        pr:
          pullRequest(
            r.pn_repo,
            r.pn_number,
            r.pn_created_at,
            r.pn_first_commit_at,
            r.pn_first_review_at,
            r.pn_merged_at,
          ) ??
          pullRequest(
            r.pm_repo,
            r.pm_number,
            r.pm_created_at,
            r.pm_first_commit_at,
            r.pm_first_review_at,
            r.pm_merged_at,
          ),
      });
    }
    await nextTurn();
  }
}

const orNull = (v: number | string | null) => (v === null ? null : Number(v));

/** A joined pull request's columns (all null when the join found none). */
function pullRequest(
  repo: string | null,
  number: number | null,
  createdAt: number | null,
  firstCommitAt: number | null,
  firstReviewAt: number | null,
  mergedAt: number | null,
): PullRequestFacts | null {
  if (repo === null || number === null) return null;
  return {
    repo,
    number: Number(number),
    createdAt: Number(createdAt),
    firstCommitAt: orNull(firstCommitAt),
    firstReviewAt: orNull(firstReviewAt),
    mergedAt: orNull(mergedAt),
  };
}
