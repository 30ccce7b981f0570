import { Worker } from "node:worker_threads";
import { type ErrorBody, StrideError } from "../errors.js";
import type { CommitRange } from "../git/read-commits.js";
import type { CheckedItem } from "../ingest/check-item.js";
import { type PackedItems, unpackCheckedItems } from "./pack-checked-items.js";

/** What the worker is given. */
export interface CheckCommitsJob {
  dir: string;
  range: CommitRange;
  repo: string;
  /** commits per message */
  post: number;
  /** commits the worker may have posted that the main thread has not taken yet */
  ahead: number;
}

/** What the worker posts. The main thread answers each chunk it takes with the number of its commits. */
export type FromWorker =
  | { kind: "chunk"; packed: PackedItems }
  | { kind: "done" }
  | { kind: "error"; error: ErrorBody }
  | { kind: "error"; message: string };

/**
 * The range's commits as change events checked by ingest (`checkItem`: validation, the raw log's body and its
 * hash), parents first. The reading and checking run on a worker thread, which stays at most `ahead` commits
 * ahead: the main thread only writes. Each chunk yielded is everything the worker has posted since the last one,
 * up to `max` commits, so writing starts with the first few commits while the worker checks the rest, and later
 * chunks grow to `max` whenever writing is the slower side. Stopping early ends the worker and its git.
 */
export async function* checkedCommitChunks(job: {
  dir: string;
  range: CommitRange;
  repo: string;
  max: number;
  post?: number;
}): AsyncGenerator<CheckedItem[]> {
  // nothing to read (an incremental run with no new commits): no worker to start
  if (job.range.include.length === 0) return;
  const post = Math.min(job.post ?? 1000, job.max);
  const { dir, range, repo } = job;
  const workerData: CheckCommitsJob = { dir, range, repo, post, ahead: 2 * job.max };
  const worker = new Worker(workerFile(), { workerData });
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
      const first = inbox[0];
      if (first === undefined) {
        if (failed !== undefined) throw failed;
        if (exited) throw new Error("the worker reading git stopped before the last commit");
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (first.kind === "done") return;
      if (first.kind === "error") {
        if ("error" in first) {
          const { code, message, hint, field } = first.error;
          throw new StrideError(code, message, hint, field);
        }
        throw new Error(first.message);
      }
      const items: CheckedItem[] = [];
      for (let next = inbox[0]; next?.kind === "chunk"; next = inbox[0]) {
        if (items.length > 0 && items.length + next.packed.count > job.max) break;
        for (const item of unpackCheckedItems(next.packed)) items.push(item);
        inbox.shift();
      }
      worker.postMessage(items.length);
      yield items;
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
