import type { Generated, Kysely } from "kysely";
import type { Database } from "./database.js";

/**
 * Webhook connections, their delivery log and counters (migration 006). Kept apart from the entity tables: these
 * rows describe how events arrived, not what happened, and replay never touches them.
 */

export interface ConnectionsTable {
  id: string;
  source: string;
  name: string;
  secret: string;
  previous_secret: string | null;
  previous_until: number | null;
  settings: string;
  created_at: number;
  rotated_at: number | null;
}

export interface WebhookDeliveriesTable {
  seq: Generated<number>;
  connection_id: string;
  delivery_id: string;
  received_at: number;
  event_type: string | null;
  outcome: string;
  code: string | null;
  reason: string | null;
  events: number;
  body: string | null;
}

export interface ConnectionCountersTable {
  connection_id: string;
  outcome: string;
  code: string;
  count: number;
  last_at: number;
}

type ConnectionTables = {
  connections: ConnectionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  connection_counters: ConnectionCountersTable;
};

export interface ConnectionRow {
  /** `<source>/<name>` */
  id: string;
  source: string;
  name: string;
  /** HMAC schemes: the encrypted secret; token schemes: a salted hash (see src/connections/secret-box.ts) */
  secret: string;
  /** the secret before the last rotation, still accepted until previousUntil */
  previousSecret: string | null;
  previousUntil: number | null;
  settings: Record<string, unknown>;
  createdAt: number;
  rotatedAt: number | null;
}

export type DeliveryOutcome = "accepted" | "duplicate" | "ignored" | "rejected";

export interface DeliveryRecord {
  connectionId: string;
  deliveryId: string;
  receivedAt: number;
  eventType: string | null;
  outcome: DeliveryOutcome;
  code: string | null;
  reason: string | null;
  /** how many Stride events the delivery mapped to */
  events: number;
  /** the payload, redacted: kept for rejected deliveries only */
  body: string | null;
}

export interface LoggedDelivery extends DeliveryRecord {
  seq: number;
}

/** One count: a verified delivery's outcome, or a rejection before verification (a bad signature). */
export interface CounterIncrement {
  connectionId: string;
  outcome: DeliveryOutcome;
  /** the ignore or error code ("" for accepted and duplicate) */
  code: string;
  at: number;
}

export interface CounterRow {
  connectionId: string;
  outcome: DeliveryOutcome;
  code: string;
  count: number;
  lastAt: number;
}

export interface ConnectionStore {
  /** false when a connection of that id exists */
  create(row: ConnectionRow): Promise<boolean>;
  get(id: string): Promise<ConnectionRow | undefined>;
  list(): Promise<ConnectionRow[]>;
  update(
    id: string,
    patch: Partial<
      Pick<ConnectionRow, "secret" | "previousSecret" | "previousUntil" | "settings" | "rotatedAt">
    >,
  ): Promise<boolean>;
  /** Removes the connection with its delivery log and counters (the events it brought stay). */
  remove(id: string): Promise<boolean>;
  /** Appends deliveries and adds counts, in one transaction. */
  record(deliveries: readonly DeliveryRecord[], counts: readonly CounterIncrement[]): Promise<void>;
  /** The delivery log of one connection, newest first. */
  deliveries(id: string, query: { limit: number; outcome?: DeliveryOutcome }): Promise<LoggedDelivery[]>;
  counters(): Promise<CounterRow[]>;
}

export function createConnectionStore(base: Kysely<Database>): ConnectionStore {
  const db = base.withTables<ConnectionTables>();

  const toRow = (r: ConnectionsTable): ConnectionRow => ({
    id: r.id,
    source: r.source,
    name: r.name,
    secret: r.secret,
    previousSecret: r.previous_secret,
    previousUntil: r.previous_until === null ? null : Number(r.previous_until),
    settings: JSON.parse(r.settings) as Record<string, unknown>,
    createdAt: Number(r.created_at),
    rotatedAt: r.rotated_at === null ? null : Number(r.rotated_at),
  });

  return {
    async create(row) {
      const inserted = await db
        .insertInto("connections")
        .values({
          id: row.id,
          source: row.source,
          name: row.name,
          secret: row.secret,
          previous_secret: row.previousSecret,
          previous_until: row.previousUntil,
          settings: JSON.stringify(row.settings),
          created_at: row.createdAt,
          rotated_at: row.rotatedAt,
        })
        .onConflict((oc) => oc.column("id").doNothing())
        .returning("id")
        .execute();
      return inserted.length === 1;
    },

    async get(id) {
      const row = await db.selectFrom("connections").selectAll().where("id", "=", id).executeTakeFirst();
      return row === undefined ? undefined : toRow(row);
    },

    async list() {
      const rows = await db.selectFrom("connections").selectAll().execute();
      return rows.map(toRow).sort((a, b) => (a.id < b.id ? -1 : 1));
    },

    async update(id, patch) {
      const set: Partial<ConnectionsTable> = {};
      if (patch.secret !== undefined) set.secret = patch.secret;
      if (patch.previousSecret !== undefined) set.previous_secret = patch.previousSecret;
      if (patch.previousUntil !== undefined) set.previous_until = patch.previousUntil;
      if (patch.settings !== undefined) set.settings = JSON.stringify(patch.settings);
      if (patch.rotatedAt !== undefined) set.rotated_at = patch.rotatedAt;
      const result = await db.updateTable("connections").set(set).where("id", "=", id).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    remove(id) {
      return db.transaction().execute(async (trx) => {
        await trx.deleteFrom("webhook_deliveries").where("connection_id", "=", id).execute();
        await trx.deleteFrom("connection_counters").where("connection_id", "=", id).execute();
        const result = await trx.deleteFrom("connections").where("id", "=", id).executeTakeFirst();
        return Number(result.numDeletedRows) === 1;
      });
    },

    async record(deliveries, counts) {
      if (deliveries.length === 0 && counts.length === 0) return;
      // One row per key: an upsert may not touch the same row twice in one statement.
      const merged = new Map<string, ConnectionCountersTable>();
      for (const c of counts) {
        const key = `${c.connectionId}\u0000${c.outcome}\u0000${c.code}`;
        const row = merged.get(key);
        if (row === undefined) {
          merged.set(key, {
            connection_id: c.connectionId,
            outcome: c.outcome,
            code: c.code,
            count: 1,
            last_at: c.at,
          });
        } else {
          row.count++;
          row.last_at = Math.max(row.last_at, c.at);
        }
      }
      // Keys in one order, so concurrent writers (PostgreSQL) wait for each other without a deadlock cycle.
      const counters = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
      await db.transaction().execute(async (trx) => {
        if (deliveries.length > 0) {
          await trx
            .insertInto("webhook_deliveries")
            .values(
              deliveries.map((d) => ({
                connection_id: d.connectionId,
                delivery_id: d.deliveryId,
                received_at: d.receivedAt,
                event_type: d.eventType,
                outcome: d.outcome,
                code: d.code,
                reason: d.reason,
                events: d.events,
                body: d.body,
              })),
            )
            .execute();
        }
        if (counters.length > 0) {
          await trx
            .insertInto("connection_counters")
            .values(counters)
            .onConflict((oc) =>
              oc.columns(["connection_id", "outcome", "code"]).doUpdateSet((eb) => ({
                count: eb("connection_counters.count", "+", eb.ref("excluded.count")),
                last_at: eb.ref("excluded.last_at"),
              })),
            )
            .execute();
        }
      });
    },

    async deliveries(id, { limit, outcome }) {
      let query = db
        .selectFrom("webhook_deliveries")
        .selectAll()
        .where("connection_id", "=", id)
        .orderBy("seq", "desc")
        .limit(limit);
      if (outcome !== undefined) query = query.where("outcome", "=", outcome);
      const rows = await query.execute();
      return rows.map((r) => ({
        seq: Number(r.seq),
        connectionId: r.connection_id,
        deliveryId: r.delivery_id,
        receivedAt: Number(r.received_at),
        eventType: r.event_type,
        outcome: r.outcome as DeliveryOutcome,
        code: r.code,
        reason: r.reason,
        events: Number(r.events),
        body: r.body,
      }));
    },

    async counters() {
      const rows = await db.selectFrom("connection_counters").selectAll().execute();
      return rows
        .map((r) => ({
          connectionId: r.connection_id,
          outcome: r.outcome as DeliveryOutcome,
          code: r.code,
          count: Number(r.count),
          lastAt: Number(r.last_at),
        }))
        .sort((a, b) =>
          a.connectionId < b.connectionId ? -1 : a.connectionId > b.connectionId ? 1 : b.count - a.count,
        );
    },
  };
}
