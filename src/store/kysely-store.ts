import { Migrator, sql, type Transaction } from "kysely";
import type { ValidationResult } from "../domain/events/validate-event.js";
import { type Applicable, applyEvents, type WriteContext } from "./apply-events.js";
import { createConnectionStore } from "./connections-store.js";
import type { Database, EntityTableName } from "./database.js";
import type { EngineAdapter } from "./engine.js";
import { entityTableNames } from "./entity-tables.js";
import { listEntities } from "./list-entities.js";
import { migrationProvider } from "./migrations/index.js";
import { logRaw } from "./raw-log.js";
import { createStatementCache } from "./statement-cache.js";
import type {
  EntityRows,
  Health,
  IngestOutcome,
  IngestRecord,
  RawRecord,
  ReplaySummary,
  Store,
  StoreCounts,
} from "./store.js";
import { bumpMeta, readMeta } from "./store-meta.js";

const MAX_ATTEMPTS = 5;
const REPLAY_PAGE = 1000;
/** shas per query: well under both engines' limits on bound parameters */
const SHA_CHUNK = 500;

type Trx = Transaction<Database>;

export function createStore(adapter: EngineAdapter): Store {
  const { db } = adapter;
  const migrator = new Migrator({ db, provider: migrationProvider(adapter.engine) });
  const statements = createStatementCache();
  const writing = (trx: Trx): WriteContext => ({ trx, engine: adapter, statements });

  /** Runs `work` in a transaction, retrying the whole of it on deadlock or serialization failure. */
  async function inTransaction<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction().execute(work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !adapter.isRetryable(error)) throw error;
        await new Promise((r) => setTimeout(r, 5 * attempt * Math.random()));
      }
    }
  }

  /** Logs every record raw, then applies the new, valid ones to their entities (see applyEvents for expectNew). */
  async function ingestBatch(
    trx: Trx,
    records: readonly IngestRecord[],
    expectNew: boolean,
  ): Promise<IngestOutcome[]> {
    const fresh = await logRaw(writing(trx), records);
    const applicable: Applicable[] = [];
    const positions: number[] = [];
    records.forEach((record, i) => {
      if (record.result.ok && fresh[i]) {
        applicable.push({
          event: record.result.event,
          receivedAt: record.receivedAt,
          eventJson: record.eventJson,
        });
        positions.push(i);
      }
    });
    const changed = await applyEvents(writing(trx), applicable, expectNew);
    // Last, so the version row's lock is held only until commit.
    if (changed.some(Boolean)) await bumpMeta(trx, "data_version");
    const accepted = new Array<boolean>(records.length).fill(false);
    positions.forEach((p, k) => {
      accepted[p] = changed[k] === true;
    });
    return records.map(({ result }, i): IngestOutcome => {
      if (!result.ok) return { status: "rejected", error: result.error };
      const { type, id } = result.event;
      return { status: accepted[i] ? "accepted" : "duplicate", type, id };
    });
  }

  async function replayPage(trx: Trx, afterSeq: number, validate: (body: string) => ValidationResult) {
    const rows = await trx
      .selectFrom("raw_events")
      .selectAll()
      .where("seq", ">", afterSeq)
      .orderBy("seq")
      .limit(REPLAY_PAGE)
      .execute();
    const summary = { accepted: 0, rejected: 0, recovered: 0 };
    const applicable: Applicable[] = [];
    for (const row of rows) {
      const result = validate(row.body);
      if (!result.ok) {
        summary.rejected++;
        continue;
      }
      summary.accepted++;
      applicable.push({ event: result.event, receivedAt: row.received_at });
      if (row.status === "rejected") {
        summary.recovered++;
        await trx
          .updateTable("raw_events")
          .set({
            status: "accepted",
            error_code: null,
            reason: null,
            entity_type: result.event.type,
            entity_id: result.event.id,
          })
          .where("seq", "=", row.seq)
          .execute();
      }
    }
    // The tables were emptied: most entities are new, so they are inserted without being read first.
    await applyEvents(writing(trx), applicable, true);
    return { rows: rows.length, lastSeq: rows.at(-1)?.seq ?? afterSeq, ...summary };
  }

  return {
    engine: adapter.engine,

    async migrate() {
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error;
      return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
    },

    async health(): Promise<Health> {
      const version = await adapter.serverVersion();
      const migrations = await migrator.getMigrations();
      return {
        engine: adapter.engine,
        version,
        location: adapter.location,
        pendingMigrations: migrations.filter((m) => m.executedAt === undefined).map((m) => m.name),
      };
    },

    ingest(records) {
      if (records.length === 0) return Promise.resolve([]);
      return inTransaction((trx) => ingestBatch(trx, records, false));
    },

    ingestNew(records) {
      if (records.length === 0) return Promise.resolve([]);
      return inTransaction((trx) => ingestBatch(trx, records, true));
    },

    replay(validate) {
      return inTransaction(async (trx) => {
        for (const table of entityTableNames) await trx.deleteFrom(table).execute();
        await bumpMeta(trx, "data_version");
        await bumpMeta(trx, "key_generation");
        const summary: ReplaySummary = { records: 0, accepted: 0, rejected: 0, recovered: 0 };
        for (let afterSeq = 0; ; ) {
          const page = await replayPage(trx, afterSeq, validate);
          if (page.rows === 0) break;
          summary.records += page.rows;
          summary.accepted += page.accepted;
          summary.rejected += page.rejected;
          summary.recovered += page.recovered;
          afterSeq = page.lastSeq;
        }
        return summary;
      });
    },

    dataVersion: () => readMeta(db, "data_version"),

    // Loaded on first use: commands that only write (import, ingest, replay) never load the metrics' queries.
    loadDataset: async (settings, signal) =>
      (await import("./load-dataset.js")).loadDataset(adapter, settings, signal),

    listEntities: (query) => listEntities(db, query),

    async knownCommits(repo, shas, withFiles = false) {
      const known = new Set<string>();
      for (let i = 0; i < shas.length; i += SHA_CHUNK) {
        let query = db
          .selectFrom("changes")
          .select("sha")
          .where("repo", "=", repo)
          .where("sha", "in", shas.slice(i, i + SHA_CHUNK));
        if (withFiles) query = query.where("files", "is not", null);
        const rows = await query.execute();
        for (const r of rows) known.add(r.sha);
      }
      return known;
    },

    async commitsByKey(keys, generation) {
      if (keys.length === 0 || (await readMeta(db, "key_generation")) !== generation) return new Map();
      const rows = await db
        .selectFrom("changes")
        .select(["sha", "title", sql<number>`${sql.ref(adapter.changeKey)}`.as("key")])
        .where(sql.ref(adapter.changeKey), "in", [...keys])
        .execute();
      return new Map(rows.map((r) => [Number(r.key), { sha: r.sha, title: r.title }]));
    },

    async counts(): Promise<StoreCounts> {
      const raw = await db
        .selectFrom("raw_events")
        .select(["status", db.fn.countAll<number>().as("n")])
        .groupBy("status")
        .execute();
      const entities = {} as Record<EntityTableName, number>;
      for (const table of entityTableNames) {
        const row = await db.selectFrom(table).select(db.fn.countAll<number>().as("n")).executeTakeFirst();
        entities[table] = Number(row?.n ?? 0);
      }
      const byStatus = (s: string) => Number(raw.find((r) => r.status === s)?.n ?? 0);
      return { raw: { accepted: byStatus("accepted"), rejected: byStatus("rejected") }, entities };
    },

    async rawRecords({ status, limit }): Promise<RawRecord[]> {
      let query = db.selectFrom("raw_events").selectAll().orderBy("seq", "desc").limit(limit);
      if (status !== undefined) query = query.where("status", "=", status);
      return (await query.execute()).map((r) => ({
        seq: r.seq,
        source: r.source,
        deliveryId: r.delivery_id,
        receivedAt: r.received_at,
        status: r.status,
        errorCode: r.error_code,
        reason: r.reason,
        entityType: r.entity_type,
        entityId: r.entity_id,
        body: r.body,
      }));
    },

    async entityRows(): Promise<EntityRows> {
      const rows = {} as EntityRows;
      for (const table of entityTableNames) {
        // Sorted here, not in SQL: PostgreSQL's collation may order text differently from SQLite's.
        const found: Record<string, unknown>[] = await db.selectFrom(table).selectAll().execute();
        // PostgreSQL's change key (`seq`) numbers rows in the order they were written, like SQLite's hidden rowid
        rows[table] = found
          .map(({ seq: _, ...row }) => row)
          .sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1));
      }
      return rows;
    },

    connections: createConnectionStore(db),

    close: () => adapter.close(),
  };
}
