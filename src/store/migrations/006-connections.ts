import type { Kysely, Migration } from "kysely";
import type { Engine } from "../engine.js";

/**
 * Webhook connections (one per source and name, each with its own secret: encrypted for HMAC schemes, a salted
 * hash for token schemes), the log of their verified deliveries (the payload kept only for rejected ones, so a fix
 * can re-map them), and counters per connection, outcome and code that `stride doctor` reads — the only trace a
 * request with a bad signature leaves besides a security log line.
 */
export function connections(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("connections")
        .addColumn("id", "text", (c) => c.primaryKey())
        .addColumn("source", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("secret", "text", (c) => c.notNull())
        .addColumn("previous_secret", "text")
        .addColumn("previous_until", "bigint")
        .addColumn("settings", "text", (c) => c.notNull())
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("rotated_at", "bigint")
        .execute();

      await db.schema
        .createTable("webhook_deliveries")
        .addColumn("seq", engine === "postgres" ? "bigint" : "integer", (c) =>
          engine === "postgres" ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
        )
        .addColumn("connection_id", "text", (c) => c.notNull())
        .addColumn("delivery_id", "text", (c) => c.notNull())
        .addColumn("received_at", "bigint", (c) => c.notNull())
        .addColumn("event_type", "text")
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("code", "text")
        .addColumn("reason", "text")
        .addColumn("events", "integer", (c) => c.notNull())
        .addColumn("body", "text")
        .execute();
      await db.schema
        .createIndex("webhook_deliveries_connection")
        .on("webhook_deliveries")
        .columns(["connection_id", "seq"])
        .execute();

      await db.schema
        .createTable("connection_counters")
        .addColumn("connection_id", "text", (c) => c.notNull())
        .addColumn("outcome", "text", (c) => c.notNull())
        .addColumn("code", "text", (c) => c.notNull())
        .addColumn("count", "bigint", (c) => c.notNull())
        .addColumn("last_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("connection_counters_key", ["connection_id", "outcome", "code"])
        .execute();
    },
  };
}
