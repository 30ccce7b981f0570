import { sql } from "kysely";
import { ShipmentsBuilder } from "../domain/metrics/build-shipments.js";
import type { EngineSettings } from "../domain/metrics/dataset.js";
import type { Shipments } from "../domain/metrics/shipments.js";
import type { EngineAdapter } from "./engine.js";
import type { SharedStrings } from "./load-dataset.js";

interface Row {
  deployment: string;
  environment: string;
  at: number;
  position: number;
  sha: string;
  repo: string | null;
  committed_at: number | null;
  authored_at: number | null;
  pr_repo: string | null;
  pr_number: number | null;
  pr_created_at: number | null;
  pr_first_commit_at: number | null;
  pr_first_review_at: number | null;
  pr_merged_at: number | null;
}

/**
 * Which changes each deployment shipped, joined in the database one service at a time and fed straight into the
 * engine's builder: the commits and pull requests are never all in memory as objects. Same rows, same order and
 * same pull-request rule (its number on the commit, else its merge sha) as shipmentRowsFromRecords.
 */
export async function loadShipments(
  adapter: EngineAdapter,
  settings: EngineSettings,
  shared: SharedStrings,
  signal?: AbortSignal,
): Promise<Shipments> {
  const { db, changesOf } = adapter;
  const builder = new ShipmentsBuilder(settings);
  const services = await db
    .selectFrom("deployments")
    .select("service")
    .distinct()
    .orderBy("service")
    .execute();
  for (const { service } of services) {
    signal?.throwIfAborted();
    const { rows } = await sql<Row>`
      select d.id as deployment, d.environment, coalesce(d.finished_at, d.started_at) as at,
        ${changesOf.position} as position, ${changesOf.sha} as sha, coalesce(c.repo, d.repo) as repo,
        c.committed_at, c.authored_at,
        coalesce(pn.repo, pm.repo) as pr_repo, coalesce(pn.number, pm.number) as pr_number,
        case when pn.id is not null then pn.created_at else pm.created_at end as pr_created_at,
        case when pn.id is not null then pn.first_commit_at else pm.first_commit_at end as pr_first_commit_at,
        case when pn.id is not null then pn.first_review_at else pm.first_review_at end as pr_first_review_at,
        case when pn.id is not null then pn.merged_at else pm.merged_at end as pr_merged_at
      from deployments d, ${changesOf.from}
        left join changes c on c.sha = ${changesOf.sha}
        left join pull_requests pn on pn.repo = c.repo and pn.number = c.pull_request
        left join pull_requests pm on pm.merge_sha = ${changesOf.sha} and c.sha is not null
      where d.service = ${service} and d.status = 'success' and d.kind <> 'rollback' and d.changes is not null
        and coalesce(d.finished_at, d.started_at) is not null
      order by d.environment, at, d.id, position`.execute(db);
    for (const r of rows) {
      builder.add({
        deployment: shared(r.deployment),
        service: shared(service),
        environment: shared(r.environment),
        deployedAt: Number(r.at),
        position: Number(r.position),
        sha: r.sha,
        repo: r.repo,
        committedAt: r.committed_at,
        authoredAt: r.authored_at,
        pr:
          r.pr_repo === null || r.pr_number === null
            ? null
            : {
                repo: r.pr_repo,
                number: Number(r.pr_number),
                createdAt: Number(r.pr_created_at),
                firstCommitAt: r.pr_first_commit_at,
                firstReviewAt: r.pr_first_review_at,
                mergedAt: r.pr_merged_at,
              },
      });
    }
  }
  return builder.finish();
}
