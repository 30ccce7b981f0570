import type { Config } from "../config.js";
import type { Clock } from "../domain/time.js";
import { createEventBus, type EventBus } from "../ingest/event-bus.js";
import { createWriteQueue, type WriteQueue } from "../ingest/write-queue.js";
import { createMetricsService, type MetricsService } from "../metrics/metrics-service.js";
import type { Store } from "../store/store.js";

/** What every route may use; built once by the caller and passed to buildApp. */
export interface AppContext {
  config: Config;
  store: Store;
  queue: WriteQueue;
  clock: Clock;
  metrics: MetricsService;
  /** accepted events, for live updates (GET /api/v1/stream) */
  bus: EventBus;
}

/** The one place the services are wired together (serve, tests and benchmarks all use it). */
export function createAppContext(config: Config, store: Store, clock: Clock): AppContext {
  return {
    config,
    store,
    clock,
    queue: createWriteQueue(store),
    metrics: createMetricsService({ store, config, clock }),
    bus: createEventBus(),
  };
}
