import type { ErrorBody } from "../errors.js";
import type { DecodedItem } from "../ingest/decode-body.js";
import { type IngestContext, type IngestOptions, ingestItems } from "../ingest/ingest-events.js";
import { createProgress } from "./progress.js";

export interface StreamSummary {
  accepted: number;
  duplicate: number;
  rejected: number;
  /** the first rejections, with the 1-based position of the event in the input */
  rejections: { position: number; error: ErrorBody }[];
}

const KEEP_REJECTIONS = 20;

/** Feeds chunks of events through the one ingest path, with a progress bar and a summary. */
export async function ingestStream(
  ctx: IngestContext,
  chunks: AsyncIterable<DecodedItem[]> | Iterable<DecodedItem[]>,
  options: IngestOptions & { label: string; total?: number },
): Promise<StreamSummary> {
  const summary: StreamSummary = { accepted: 0, duplicate: 0, rejected: 0, rejections: [] };
  const progress = createProgress(options.label, options.total);
  let position = 0;
  for await (const chunk of chunks) {
    const report = await ingestItems(ctx, chunk, { source: options.source });
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
