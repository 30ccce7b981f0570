import { nextTurn } from "../store/next-turn.js";
import type { IngestOutcome, IngestRecord, Store } from "../store/store.js";

/**
 * Group commit: submissions that arrive while a transaction is running are written together in the next one,
 * so concurrent single-event requests share one durable commit. Every submitter hears back only after the
 * transaction holding its records has committed.
 */
export interface WriteQueue {
  submit(records: readonly IngestRecord[]): Promise<IngestOutcome[]>;
  /** Resolves once everything submitted so far is written (for shutdown). */
  drain(): Promise<void>;
}

interface Pending {
  records: readonly IngestRecord[];
  resolve(outcomes: IngestOutcome[]): void;
  reject(error: unknown): void;
}

export interface WriteQueueOptions {
  /** records per transaction; a larger single submission is written whole */
  maxRecordsPerCommit?: number;
  /**
   * The records are expected to be about entities the store lacks (`stride import git` writing new commits): written
   * with Store.ingestNew, which inserts without reading first. Same rows and outcomes either way.
   */
  expectNew?: boolean;
}

export function createWriteQueue(store: Store, options: WriteQueueOptions = {}): WriteQueue {
  const { maxRecordsPerCommit = 5000, expectNew = false } = options;
  let pending: Pending[] = [];
  let running: Promise<void> | undefined;

  async function writeGroup(group: Pending[]): Promise<void> {
    try {
      const records = group.flatMap((p) => p.records);
      const outcomes = await (expectNew ? store.ingestNew(records) : store.ingest(records));
      let offset = 0;
      for (const p of group) {
        p.resolve(outcomes.slice(offset, offset + p.records.length));
        offset += p.records.length;
      }
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      // One submission must not fail its neighbours: retry each on its own.
      for (const p of group) await writeGroup([p]);
    }
  }

  function takeGroup(): Pending[] {
    let size = 0;
    let n = 0;
    while (
      n < pending.length &&
      (n === 0 || size + (pending[n]?.records.length ?? 0) <= maxRecordsPerCommit)
    ) {
      size += pending[n]?.records.length ?? 0;
      n++;
    }
    const group = pending.slice(0, n);
    pending = pending.slice(n);
    return group;
  }

  async function run(): Promise<void> {
    // Let the requests already read in this turn of the event loop join the first group.
    await nextTurn();
    while (pending.length > 0) await writeGroup(takeGroup());
    running = undefined;
  }

  return {
    submit(records) {
      if (records.length === 0) return Promise.resolve([]);
      const result = new Promise<IngestOutcome[]>((resolve, reject) =>
        pending.push({ records, resolve, reject }),
      );
      running ??= run();
      return result;
    },
    async drain() {
      while (running) await running;
    },
  };
}
