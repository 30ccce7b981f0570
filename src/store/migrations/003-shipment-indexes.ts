import { type Kysely, type Migration, sql } from "kysely";
import { pullRequestInTitle } from "../../domain/linking/pull-requests.js";

/**
 * Indexes for the metrics engine's join from deployments' change lists to commits and pull requests, and the pull
 * request number of squash merges ("… (#123)") on commits stored before it was read from titles.
 */
export function shipmentIndexes(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex("changes_sha").on("changes").column("sha").execute();
      await db.schema
        .createIndex("pull_requests_merge_sha")
        .on("pull_requests")
        .column("merge_sha")
        .execute();
      const rows = await sql<{ id: string; title: string }>`
        select id, title from changes where pull_request is null and title like '%(#%)%'`.execute(db);
      for (const row of rows.rows) {
        const number = pullRequestInTitle(row.title);
        if (number !== null)
          await sql`update changes set pull_request = ${number} where id = ${row.id}`.execute(db);
      }
    },
  };
}
