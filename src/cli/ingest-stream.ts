import type { ErrorBody } from "../errors.js";
import type { CheckedItem } from "../ingest/check-item.js";
import type { DecodedItem } from "../ingest/decode-body.js";
import {
  type IngestContext,
  type IngestOptions,
  type IngestReport,
  ingestChecked,
  ingestItems,
} from "../ingest/ingest-events.js";
import { createProgress } from "./progress.js";

export interface StreamSummary {
  accepted: number;
  duplicate: number;
  rejected: number;
  /** the first rejections, with the 1-based position of the event in the input */
  rejections: { position: number; error: ErrorBody }[];
}

type StreamOptions = IngestOptions & { label: string; total?: number };

const KEEP_REJECTIONS = 20;

/** Feeds chunks of events through the one ingest path, with a progress bar and a summary. */
export function ingestStream(
  ctx: IngestContext,
  chunks: AsyncIterable<DecodedItem[]> | Iterable<DecodedItem[]>,
  options: StreamOptions,
): Promise<StreamSummary> {
  return stream(chunks, options, (chunk) => ingestItems(ctx, chunk, { source: options.source }));
}

/** `ingestStream` for events already checked with `checkItem` (on a worker thread: `stride import git`). */
export function ingestCheckedStream(
  ctx: IngestContext,
  chunks: AsyncIterable<CheckedItem[]>,
  options: StreamOptions,
): Promise<StreamSummary> {
  return stream(chunks, options, (chunk) => ingestChecked(ctx, chunk, { source: options.source }));
}

async function stream<T>(
  chunks: AsyncIterable<T[]> | Iterable<T[]>,
  options: StreamOptions,
  write: (chunk: T[]) => Promise<IngestReport>,
): Promise<StreamSummary> {
  const summary: StreamSummary = { accepted: 0, duplicate: 0, rejected: 0, rejections: [] };
  const progress = createProgress(options.label, options.total);
  let position = 0;
  for await (const chunk of chunks) {
    const report = await write(chunk);
    summary.accepted += report.accepted;
    summary.duplicate += report.duplicate;
    summary.rejected += report.rejected;
    for (const result of report.results) {
      if (result.status === "rejected" && summary.rejections.length < KEEP_REJECTIONS) {
        summary.rejections.push({ position: position + result.index + 1, error: result.error });
      }
    }
    position += chunk.length;
    progress.update(position);
  }
  progress.finish();
  return summary;
}
