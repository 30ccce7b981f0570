import type { Kysely, Migration } from "kysely";
import type { Engine } from "../engine.js";

/** Raw log and one table per entity type. Column types are chosen to mean the same on both engines. */
export function initial(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("raw_events")
        .addColumn("seq", engine === "postgres" ? "bigint" : "integer", (c) =>
          engine === "postgres" ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("delivery_id", "text", (c) => c.notNull())
        .addColumn("received_at", "bigint", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("error_code", "text")
        .addColumn("reason", "text")
        .addColumn("entity_type", "text")
        .addColumn("entity_id", "text")
        .addColumn("body", "text", (c) => c.notNull())
        .addUniqueConstraint("raw_events_delivery", ["source", "delivery_id"])
        .execute();
      await db.schema
        .createIndex("raw_events_entity")
        .on("raw_events")
        .columns(["entity_type", "entity_id"])
        .execute();

      const entity = (table: string) =>
        db.schema
          .createTable(table)
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("data", "text", (c) => c.notNull())
          .addColumn("clocks", "text", (c) => c.notNull());

      await entity("changes")
        .addColumn("repo", "text", (c) => c.notNull())
        .addColumn("sha", "text", (c) => c.notNull())
        .addColumn("parents", "text", (c) => c.notNull())
        .addColumn("authored_at", "bigint", (c) => c.notNull())
        .addColumn("committed_at", "bigint", (c) => c.notNull())
        .addColumn("author", "text", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("pull_request", "integer")
        .execute();
      await db.schema.createIndex("changes_repo_sha").on("changes").columns(["repo", "sha"]).execute();

      await entity("pull_requests")
        .addColumn("repo", "text", (c) => c.notNull())
        .addColumn("number", "integer", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("author", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("first_commit_at", "bigint")
        .addColumn("first_review_at", "bigint")
        .addColumn("merged_at", "bigint")
        .addColumn("merge_sha", "text")
        .addColumn("base_branch", "text")
        .addColumn("commits", "text")
        .execute();
      await db.schema
        .createIndex("pull_requests_repo_number")
        .on("pull_requests")
        .columns(["repo", "number"])
        .execute();

      await entity("builds")
        .addColumn("repo", "text", (c) => c.notNull())
        .addColumn("sha", "text", (c) => c.notNull())
        .addColumn("pipeline", "text", (c) => c.notNull())
        .addColumn("started_at", "bigint", (c) => c.notNull())
        .addColumn("finished_at", "bigint")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("tests_total", "integer")
        .addColumn("tests_failed", "integer")
        .addColumn("tests_skipped", "integer")
        .execute();
      await db.schema.createIndex("builds_repo_sha").on("builds").columns(["repo", "sha"]).execute();

      await entity("deployments")
        .addColumn("service", "text", (c) => c.notNull())
        .addColumn("environment", "text", (c) => c.notNull())
        .addColumn("started_at", "bigint")
        .addColumn("finished_at", "bigint")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("sha", "text")
        .addColumn("version", "text")
        .addColumn("repo", "text")
        .addColumn("changes", "text")
        .addColumn("stage", "text")
        .execute();
      await db.schema
        .createIndex("deployments_service_env_finished")
        .on("deployments")
        .columns(["service", "environment", "finished_at"])
        .execute();

      await entity("incidents")
        .addColumn("services", "text", (c) => c.notNull())
        .addColumn("environment", "text")
        .addColumn("severity", "text")
        .addColumn("title", "text")
        .addColumn("started_at", "bigint", (c) => c.notNull())
        .addColumn("detected_at", "bigint", (c) => c.notNull())
        .addColumn("acknowledged_at", "bigint")
        .addColumn("resolved_at", "bigint")
        .addColumn("cause_deployment", "text")
        .addColumn("cause_sha", "text")
        .addColumn("cause_version", "text")
        .execute();
      await db.schema.createIndex("incidents_detected").on("incidents").column("detected_at").execute();

      await entity("flag_changes")
        .addColumn("flag", "text", (c) => c.notNull())
        .addColumn("service", "text", (c) => c.notNull())
        .addColumn("environment", "text", (c) => c.notNull())
        .addColumn("at", "bigint", (c) => c.notNull())
        .addColumn("from_value", "text")
        .addColumn("to_value", "text", (c) => c.notNull())
        .addColumn("percentage", "double precision")
        .execute();

      await entity("services")
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("team", "text")
        .addColumn("repos", "text")
        .addColumn("paths", "text")
        .addColumn("production_environments", "text")
        .addColumn("runbook_url", "text")
        .execute();

      await entity("teams")
        .addColumn("name", "text", (c) => c.notNull())
        .execute();
    },
  };
}
