import type { CounterIncrement, DeliveryRecord } from "../store/connections-store.js";
import type { Store } from "../store/store.js";

/**
 * The delivery log and counters of webhook connections, written with group commit: entries that arrive while a
 * transaction runs are written together in the next one, so concurrent deliveries share one commit. One log per
 * store, so shutdown and tests can wait for it (`drainDeliveryLog`).
 */
export interface DeliveryLog {
  /**
   * Adds a count (and a delivery row). `urgent` (a rejected payload, whose only copy this is): committed with the
   * next group at once; otherwise within FLUSH_MS, so a stream of deliveries costs the log a commit per interval,
   * not per group.
   */
  write(count: CounterIncrement, delivery?: DeliveryRecord, urgent?: boolean): Promise<void>;
  /** Resolves once everything written so far is committed (for shutdown). */
  drain(): Promise<void>;
}

interface Pending {
  count: CounterIncrement;
  delivery: DeliveryRecord | undefined;
  resolve(): void;
  reject(error: unknown): void;
}

const MAX_GROUP = 1000;
const FLUSH_MS = 100;
const logs = new WeakMap<Store, DeliveryLog>();

/** The delivery log of a store (created on first use). */
export function deliveryLogOf(store: Store): DeliveryLog {
  let log = logs.get(store);
  if (log === undefined) {
    log = createDeliveryLog(store);
    logs.set(store, log);
  }
  return log;
}

/** Waits for the store's delivery log to commit what it was given. */
export async function drainDeliveryLog(store: Store): Promise<void> {
  await logs.get(store)?.drain();
}

function createDeliveryLog(store: Store): DeliveryLog {
  let pending: Pending[] = [];
  let running: Promise<void> | undefined;

  async function writeGroup(group: Pending[]): Promise<void> {
    try {
      await store.connections.record(
        group.flatMap((p) => (p.delivery === undefined ? [] : [p.delivery])),
        group.map((p) => p.count),
      );
      for (const p of group) p.resolve();
    } catch (error) {
      if (group.length === 1) {
        group[0]?.reject(error);
        return;
      }
      for (const p of group) await writeGroup([p]);
    }
  }

  let wake: (() => void) | undefined;

  async function run(urgent: boolean): Promise<void> {
    await new Promise<void>((resolve) => {
      wake = resolve;
      if (urgent) setImmediate(resolve);
      else setTimeout(resolve, FLUSH_MS).unref();
    });
    wake = undefined;
    while (pending.length > 0) {
      const group = pending.slice(0, MAX_GROUP);
      pending = pending.slice(MAX_GROUP);
      await writeGroup(group);
    }
    running = undefined;
  }

  return {
    write(count, delivery, urgent = false) {
      const done = new Promise<void>((resolve, reject) => pending.push({ count, delivery, resolve, reject }));
      if (running === undefined) running = run(urgent);
      else if (urgent) wake?.();
      return done;
    },
    async drain() {
      wake?.();
      while (running) {
        await running;
        wake?.();
      }
    },
  };
}
