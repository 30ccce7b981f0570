import { renderEvent } from "../domain/events/render-event.js";
import type { ValidationResult } from "../domain/events/validate-event.js";
import type { Clock } from "../domain/time.js";
import type { IngestOutcome, IngestRecord } from "../store/store.js";
import { type CheckedItem, checkItem, validateItem } from "./check-item.js";
import { type DecodedItem, decodeOne } from "./decode-body.js";
import type { EventBus } from "./event-bus.js";
import type { WriteQueue } from "./write-queue.js";

export interface IngestContext {
  queue: WriteQueue;
  clock: Clock;
  /** told about accepted events once they are committed (the dashboard's live stream) */
  bus?: EventBus;
}

export interface IngestOptions {
  /** raw-log namespace of the sender: "api", "cli", "demo", later one per webhook connection */
  source: string;
  /** client-chosen key that makes a retried request a duplicate (Idempotency-Key header) */
  idempotencyKey?: string;
}

export type ItemResult = IngestOutcome & { index: number };

export interface IngestReport {
  accepted: number;
  duplicate: number;
  rejected: number;
  results: ItemResult[];
}

/** The one ingest path: HTTP, `stride ingest`, `stride demo` and (later) webhooks all come through here. */
export function ingestItems(
  ctx: IngestContext,
  items: readonly DecodedItem[],
  options: IngestOptions,
): Promise<IngestReport> {
  return ingestChecked(ctx, items.map(checkItem), options);
}

/**
 * The second half of `ingestItems`, for items checked elsewhere with `checkItem` (`stride import git` checks
 * commits on a worker thread): stamps them received now, keys them for the raw log and writes them.
 */
export async function ingestChecked(
  ctx: IngestContext,
  items: readonly CheckedItem[],
  options: IngestOptions,
): Promise<IngestReport> {
  const receivedAt = ctx.clock.now();
  const records = items.map((item, index) => toRecord(item, index, items.length, receivedAt, options));
  const outcomes = await ctx.queue.submit(records);
  const report: IngestReport = { accepted: 0, duplicate: 0, rejected: 0, results: [] };
  outcomes.forEach((outcome, index) => {
    report[outcome.status]++;
    report.results.push({ index, ...outcome });
  });
  if (ctx.bus !== undefined && report.accepted > 0)
    ctx.bus.publish(acceptedEvents(ctx.bus, records, outcomes));
  return report;
}

function acceptedEvents(bus: EventBus, records: readonly IngestRecord[], outcomes: readonly IngestOutcome[]) {
  return outcomes.flatMap((outcome, i) => {
    const result = records[i]?.result;
    if (outcome.status !== "accepted" || result?.ok !== true || !bus.types.has(outcome.type)) return [];
    return [{ type: outcome.type, id: outcome.id, event: renderEvent(result.event) }];
  });
}

export function validateRaw(body: string): ValidationResult {
  return validateItem(decodeOne(body));
}

function toRecord(
  item: CheckedItem,
  index: number,
  total: number,
  receivedAt: number,
  options: IngestOptions,
): IngestRecord {
  const record: IngestRecord = {
    source: options.source,
    deliveryId: deliveryId(item, index, total, receivedAt, options.idempotencyKey),
    receivedAt,
    body: item.body,
    result: item.result,
  };
  if (item.eventJson !== undefined) record.eventJson = item.eventJson;
  return record;
}

/**
 * The raw log's dedupe key. With an Idempotency-Key it is that key (and the position in a batch); without one it
 * is the content, so resending the same event is a duplicate. Events that carry no instant of their own (a
 * service or team without updatedAt) are ordered by receipt, so resending one is a new version, not a duplicate.
 */
function deliveryId(
  item: CheckedItem,
  index: number,
  total: number,
  receivedAt: number,
  key: string | undefined,
): string {
  if (key !== undefined) return total === 1 ? key : `${key}#${index}`;
  return item.timeless ? `sha256:${item.hash}@${receivedAt}` : `sha256:${item.hash}`;
}
