import type { Config } from "../config.js";
import type { Clock } from "../domain/time.js";
import type { WriteQueue } from "../ingest/write-queue.js";
import type { Store } from "../store/store.js";

/** What every route may use; built once by the caller and passed to buildApp. */
export interface AppContext {
  config: Config;
  store: Store;
  queue: WriteQueue;
  clock: Clock;
}
