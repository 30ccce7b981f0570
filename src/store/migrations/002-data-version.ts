import type { Kysely, Migration } from "kysely";

/**
 * A data version bumped by every transaction that changes entities (and by replay), so readers such as the
 * metrics cache know cheaply whether anything changed, also across several Stride instances. Plus the time
 * indexes the list endpoints sort by.
 */
export function dataVersion(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("store_meta")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("value", "bigint", (c) => c.notNull())
        .execute();
      await db
        .insertInto("store_meta" as never)
        .values({ key: "data_version", value: 0 } as never)
        .execute();
      await db.schema.createIndex("deployments_finished").on("deployments").column("finished_at").execute();
      await db.schema.createIndex("changes_committed").on("changes").column("committed_at").execute();
      await db.schema.createIndex("builds_started").on("builds").column("started_at").execute();
      await db.schema.createIndex("pull_requests_created").on("pull_requests").column("created_at").execute();
    },
  };
}
