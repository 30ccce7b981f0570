import { parentPort, workerData } from "node:worker_threads";
import { StrideError } from "../errors.js";
import { changeEvent } from "../git/change-event.js";
import { readCommits } from "../git/read-commits.js";
import { type CheckedItem, checkItem } from "../ingest/check-item.js";
import type { CheckCommitsJob, FromWorker } from "./checked-commit-chunks.js";
import { packCheckedItems } from "./pack-checked-items.js";

/**
 * The worker thread of `checkedCommitChunks`: reads the range from git and checks each commit's change event with
 * ingest's own `checkItem`, posting chunks of `job.post` commits. It stays at most `job.ahead` commits ahead of the
 * main thread, which answers with the number of commits it takes.
 */
const port = parentPort;
if (port === null) throw new Error("check-commits-worker runs as a worker thread");
const job = workerData as CheckCommitsJob;

let untaken = 0;
let wake: (() => void) | undefined;
port.on("message", (taken: number) => {
  untaken -= taken;
  wake?.();
});

async function post(items: CheckedItem[]): Promise<void> {
  while (untaken > 0 && untaken + items.length > job.ahead) {
    await new Promise<void>((resolve) => (wake = resolve));
  }
  untaken += items.length;
  port?.postMessage({ kind: "chunk", packed: packCheckedItems(items) } satisfies FromWorker);
}

try {
  let chunk: CheckedItem[] = [];
  for await (const commit of readCommits(job.dir, job.range)) {
    chunk.push(checkItem({ raw: "", value: changeEvent(commit, job.repo) }));
    if (chunk.length === job.post) {
      await post(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) await post(chunk);
  port.postMessage({ kind: "done" } satisfies FromWorker);
} catch (error) {
  const failure: FromWorker =
    error instanceof StrideError
      ? { kind: "error", error: error.toBody() }
      : { kind: "error", message: error instanceof Error ? error.message : String(error) };
  port.postMessage(failure);
}
port.close();
