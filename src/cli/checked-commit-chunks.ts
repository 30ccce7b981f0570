import { Worker } from "node:worker_threads";
import { type ErrorBody, StrideError } from "../errors.js";
import type { CommitRange } from "../git/read-commits.js";
import type { CheckedItem } from "../ingest/check-item.js";

/** What the worker is given. */
export interface CheckCommitsJob {
  dir: string;
  range: CommitRange;
  repo: string;
  /** commits per chunk */
  chunk: number;
  /** chunks the worker may have posted that the main thread has not taken yet */
  ahead: number;
}

/** What the worker posts. */
export type FromWorker =
  | { kind: "chunk"; items: CheckedItem[] }
  | { kind: "done" }
  | { kind: "error"; error: ErrorBody }
  | { kind: "error"; message: string };

/**
 * The range's commits as change events checked by ingest (`checkItem`: validation, the raw log's body and its
 * hash), in chunks, parents first. The reading and checking run on a worker thread: the main thread only writes,
 * while the worker prepares the next chunks (at most `ahead` of them). Stopping early ends the worker and its git.
 */
export async function* checkedCommitChunks(
  job: Omit<CheckCommitsJob, "ahead"> & { ahead?: number },
): AsyncGenerator<CheckedItem[]> {
  const worker = new Worker(workerFile(), { workerData: { ahead: 2, ...job } satisfies CheckCommitsJob });
  const inbox: FromWorker[] = [];
  let failed: Error | undefined;
  let exited = false;
  let wake: (() => void) | undefined;
  const arrived = () => {
    wake?.();
    wake = undefined;
  };
  worker.on("message", (message: FromWorker) => {
    inbox.push(message);
    arrived();
  });
  worker.on("error", (error) => {
    failed = error;
    arrived();
  });
  worker.on("exit", () => {
    exited = true;
    arrived();
  });
  try {
    while (true) {
      const message = inbox.shift();
      if (message === undefined) {
        if (failed !== undefined) throw failed;
        if (exited) throw new Error("the worker reading git stopped before the last commit");
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (message.kind === "done") return;
      if (message.kind === "error") {
        if ("error" in message) {
          const { code, message: text, hint, field } = message.error;
          throw new StrideError(code, text, hint, field);
        }
        throw new Error(message.message);
      }
      worker.postMessage("taken");
      yield message.items;
    }
  } finally {
    await worker.terminate();
  }
}

/**
 * The worker's compiled file. From the build it sits beside this module; run from the TypeScript sources (the test
 * suite), Node cannot load a .ts worker, so the build's copy runs (`npm test` builds first).
 */
function workerFile(): URL {
  const here = import.meta.url;
  const built = here.endsWith(".ts") ? here.replace(/\/src\/cli\/[^/]+\.ts$/, "/dist/cli/x.js") : here;
  return new URL("./check-commits-worker.js", built);
}
