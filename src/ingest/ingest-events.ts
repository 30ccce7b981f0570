import { canonicalJson, observedAt, sha256 } from "../domain/events/merge-event.js";
import { renderEvent } from "../domain/events/render-event.js";
import { type ValidationResult, validateEvent } from "../domain/events/validate-event.js";
import type { Clock } from "../domain/time.js";
import { errorBody } from "../errors.js";
import type { IngestOutcome, IngestRecord } from "../store/store.js";
import { type DecodedItem, decodeOne } from "./decode-body.js";
import type { EventBus } from "./event-bus.js";
import { redactText, redactValue } from "./redact.js";
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
export async function ingestItems(
  ctx: IngestContext,
  items: readonly DecodedItem[],
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

function validateItem(item: DecodedItem): ValidationResult {
  return "parseError" in item ? invalidJson(item.parseError) : validateEvent(item.value);
}

function invalidJson(detail: string): ValidationResult {
  return {
    ok: false,
    error: errorBody(
      "invalid_json",
      `not valid JSON: ${detail}`,
      "send a JSON object per event (check quotes and commas)",
    ),
  };
}

function toRecord(
  item: DecodedItem,
  index: number,
  total: number,
  receivedAt: number,
  options: IngestOptions,
): IngestRecord {
  const result = validateItem(item);
  const body = "parseError" in item ? redactText(item.raw) : canonicalJson(redactValue(item.value));
  return {
    source: options.source,
    deliveryId: deliveryId(body, result, index, total, receivedAt, options.idempotencyKey),
    receivedAt,
    body,
    result,
  };
}

/**
 * The raw log's dedupe key. With an Idempotency-Key it is that key (and the position in a batch); without one it
 * is the content, so resending the same event is a duplicate. Events that carry no instant of their own (a
 * service or team without updatedAt) are ordered by receipt, so resending one is a new version, not a duplicate.
 */
function deliveryId(
  body: string,
  result: ValidationResult,
  index: number,
  total: number,
  receivedAt: number,
  key: string | undefined,
): string {
  if (key !== undefined) return total === 1 ? key : `${key}#${index}`;
  const hash = sha256(body);
  const timeless = result.ok && observedAt(result.event) === undefined;
  return timeless ? `sha256:${hash}@${receivedAt}` : `sha256:${hash}`;
}
