import type { EventType } from "../domain/events/schema.js";
import type { ValidationResult } from "../domain/events/validate-event.js";
import type { Dataset, EngineSettings } from "../domain/metrics/dataset.js";
import type { ErrorBody } from "../errors.js";
import type { ConnectionStore } from "./connections-store.js";
import type { EntityTableName } from "./database.js";
import type { Engine } from "./engine.js";
import type { ListPage, ListQuery } from "./list-entities.js";

/** One delivery of one event, validated, ready to be logged raw and applied. */
export interface IngestRecord {
  source: string;
  deliveryId: string;
  receivedAt: number;
  /** The event as received, redacted of secrets; the raw log keeps it for replay. */
  body: string;
  result: ValidationResult;
  /**
   * `canonicalJson` of the validated event, when the caller made it (ingest does, in `checkItem`); else the merge
   * makes it. It is what the version clock hashes and a new entity's `data`.
   */
  eventJson?: string;
}

export type IngestOutcome =
  | { status: "accepted" | "duplicate"; type: EventType; id: string }
  | { status: "rejected"; error: ErrorBody };

export interface StoreCounts {
  raw: { accepted: number; rejected: number };
  entities: Record<EntityTableName, number>;
}

export interface ReplaySummary {
  records: number;
  accepted: number;
  rejected: number;
  /** rejected records that the current validator accepts (a fix shipped since) */
  recovered: number;
}

export interface RawRecord {
  seq: number;
  source: string;
  deliveryId: string;
  receivedAt: number;
  status: "accepted" | "rejected";
  errorCode: string | null;
  reason: string | null;
  entityType: string | null;
  entityId: string | null;
  body: string;
}

export type EntityRows = Record<EntityTableName, Record<string, unknown>[]>;

export interface Health {
  engine: Engine;
  version: string;
  location: string;
  pendingMigrations: string[];
}

/** The one store interface; src/store/<engine>/ opens an engine, kysely-store.ts implements the rest once. */
export interface Store {
  readonly engine: Engine;
  /** Applies pending migrations; answers the names applied. */
  migrate(): Promise<string[]>;
  health(): Promise<Health>;
  /** Logs and applies the records in one transaction; one outcome per record, in order. */
  ingest(records: readonly IngestRecord[]): Promise<IngestOutcome[]>;
  /**
   * `ingest` for records whose entities the store most likely lacks (`stride import git` writing commits it has not
   * seen): the same raw log, rows and outcomes, but each entity is inserted without being read first. One that is
   * stored already costs a second statement, so this is slower than `ingest` for updates.
   */
  ingestNew(records: readonly IngestRecord[]): Promise<IngestOutcome[]>;
  /** Rebuilds every entity table from the raw log, revalidating each record with `validate`. */
  replay(validate: (body: string) => ValidationResult): Promise<ReplaySummary>;
  counts(): Promise<StoreCounts>;
  /** Grows whenever entities change (any instance, any engine): a cheap "has anything changed?" */
  dataVersion(): Promise<number>;
  /** The shas given that the repository's commits already include (an incremental `stride import git`). */
  knownCommits(repo: string, shas: readonly string[], withFiles?: boolean): Promise<Set<string>>;
  /**
   * The shas and titles of the changes with the keys given (a drill-down page; the metrics engine knows commits
   * by key, Shipments.commitKey), if the keys are of this `generation` (Dataset.keyGeneration): else none.
   */
  commitsByKey(
    keys: readonly number[],
    generation: number,
  ): Promise<Map<number, { sha: string; title: string }>>;
  /** One page of an entity table, filtered (the list endpoints). */
  listEntities(query: ListQuery): Promise<ListPage>;
  /** What the metrics engine reads: records, and the shipments built in the database. */
  loadDataset(settings: EngineSettings, signal?: AbortSignal): Promise<Dataset>;
  /** The raw log, newest first (for `doctor`, support, and the "rejected deliveries" view). */
  rawRecords(query: { status?: "accepted" | "rejected"; limit: number }): Promise<RawRecord[]>;
  /** Every entity row, ordered by id: for comparisons (replay, engines) and exports. */
  entityRows(): Promise<EntityRows>;
  /** Webhook connections, their delivery log and counters (src/store/connections-store.ts). */
  readonly connections: ConnectionStore;
  close(): Promise<void>;
}
