import { createHash } from "node:crypto";
import type { Config } from "../config.js";
import { cachedConnection } from "../connections/connection-cache.js";
import { connectionId } from "../connections/manage-connections.js";
import type { Clock } from "../domain/time.js";
import { errorBody, httpStatusOf, StrideError } from "../errors.js";
import { type IngestContext, ingestItems } from "../ingest/ingest-events.js";
import { redactPayload, redactText } from "../ingest/redact.js";
import type { DeliveryOutcome } from "../store/connections-store.js";
import type { Store } from "../store/store.js";
import type { DeliveryLog } from "./delivery-log.js";
import { sourceNamed, sources } from "./registry.js";
import type { Headers, MapResult, Source, WebhookRequest } from "./source.js";

/**
 * One webhook delivery, source-agnostic: find the connection, verify (constant time, before anything reads the
 * body), decode, name the delivery, map, and send the events down the one ingest path (raw log + entity tables,
 * so replay works), deduplicated by the source's delivery id. A bad or missing signature stores nothing but a
 * count; the security log line is the caller's.
 */

export interface WebhookContext {
  config: Config;
  store: Store;
  clock: Clock;
  ingest: IngestContext;
  log: DeliveryLog;
  /** told when a delivery-log write that nobody waits for fails */
  logError(error: unknown): void;
}

export interface WebhookInput {
  source: string;
  connection: string;
  headers: Headers;
  rawBody: Buffer;
}

export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
  /** set when the request failed verification: what the security log line says */
  security?: { connection: string; code: string; message: string };
}

/** Delivery ids longer than this are hashed: they become raw-log keys. */
const MAX_DELIVERY_ID = 200;

export async function receiveDelivery(ctx: WebhookContext, input: WebhookInput): Promise<WebhookAnswer> {
  const source = findSource(input.source);
  const id = connectionId(source.name, input.connection);
  const receivedAt = ctx.clock.now();
  const connection = await cachedConnection(ctx.store, ctx.config, id, source.secretScheme, receivedAt);
  if (connection === undefined) {
    throw new StrideError(
      "unknown_connection",
      `there is no ${source.title} connection named "${input.connection}"`,
      `create it with: stride connections add ${source.name} ${input.connection}`,
    );
  }
  const { row, credential } = connection;
  const request: WebhookRequest = { headers: input.headers, rawBody: input.rawBody };
  const verdict = source.verify(request, credential);
  if (!verdict.ok) {
    later(ctx, ctx.log.write({ connectionId: id, outcome: "rejected", code: verdict.code, at: receivedAt }));
    const error = errorBody(
      verdict.code,
      verdict.message,
      `check the secret of ${id} (docs/sources/${source.name}.md)`,
    );
    return {
      status: 401,
      body: { error },
      security: { connection: id, code: verdict.code, message: verdict.message },
    };
  }

  const decoded = source.decode(request);
  const fallbackId = () => `sha256:${createHash("sha256").update(input.rawBody).digest("hex")}`;
  if (!decoded.ok) {
    const deliveryId = fallbackId();
    await record(
      ctx,
      id,
      deliveryId,
      receivedAt,
      null,
      "rejected",
      decoded.error,
      0,
      redactText(text(input.rawBody)),
    );
    return { status: httpStatusOf(decoded.error.code), body: { error: decoded.error, deliveryId } };
  }
  const deliveryId = boundedId(source.deliveryId(request, decoded.body)) ?? fallbackId();
  const result: MapResult = source.map(
    { headers: input.headers, body: decoded.body, deliveryId },
    row.settings,
  );
  const payload = () => JSON.stringify(redactPayload(decoded.body));

  if (result.outcome === "ignored") {
    const reason = { code: result.code, message: result.reason };
    later(ctx, record(ctx, id, deliveryId, receivedAt, result.eventType, "ignored", reason, 0, null));
    return {
      status: 202,
      body: {
        ignored: true,
        code: result.code,
        reason: result.reason,
        eventType: result.eventType,
        deliveryId,
      },
    };
  }
  if (result.outcome === "rejected") {
    await record(ctx, id, deliveryId, receivedAt, result.eventType, "rejected", result.error, 0, payload());
    return {
      status: httpStatusOf(result.error.code),
      body: { error: result.error, eventType: result.eventType, deliveryId },
    };
  }

  const items = result.events.map((event) => {
    const value = redactPayload(event);
    return { raw: JSON.stringify(value), value };
  });
  const report = await ingestItems(ctx.ingest, items, {
    source: `webhook:${id}`,
    idempotencyKey: deliveryId,
  });
  const events = report.results.map((r) =>
    r.status === "rejected"
      ? { status: r.status, error: r.error }
      : { status: r.status, type: r.type, id: r.id },
  );
  const firstRejected = report.results.find((r) => r.status === "rejected");
  if (firstRejected !== undefined && firstRejected.status === "rejected") {
    const error = errorBody(
      "invalid_payload",
      `the ${result.eventType} delivery maps to ${report.rejected} event${report.rejected > 1 ? "s" : ""} Stride cannot store: ${firstRejected.error.message}`,
      "the payload has a value Stride's event format does not take; the delivery is kept as rejected",
      firstRejected.error.field,
    );
    await record(
      ctx,
      id,
      deliveryId,
      receivedAt,
      result.eventType,
      "rejected",
      error,
      items.length,
      payload(),
    );
    return {
      status: 400,
      body: {
        error,
        eventType: result.eventType,
        deliveryId,
        accepted: report.accepted,
        duplicate: report.duplicate,
        rejected: report.rejected,
        events,
      },
    };
  }
  const outcome: DeliveryOutcome = report.accepted > 0 ? "accepted" : "duplicate";
  later(ctx, record(ctx, id, deliveryId, receivedAt, result.eventType, outcome, null, items.length, null));
  return {
    status: outcome === "accepted" ? 202 : 200,
    body: {
      status: outcome,
      eventType: result.eventType,
      deliveryId,
      accepted: report.accepted,
      duplicate: report.duplicate,
      events,
    },
  };
}

/**
 * The answer does not wait for the delivery log when it keeps no payload (accepted, duplicate, ignored, a bad
 * signature): the events are durable already, and the log is diagnostics. A rejected delivery's payload is the
 * only copy, so that write is awaited.
 */
function later(ctx: WebhookContext, write: Promise<void>): void {
  write.catch((error: unknown) => ctx.logError(error));
}

function findSource(name: string): Source {
  const source = sourceNamed(name);
  if (source === undefined) {
    throw new StrideError(
      "unknown_source",
      `"${name}" is not a webhook source Stride has`,
      `post to /webhooks/<source>/<connection> with one of: ${sources.map((s) => s.name).join(", ")}`,
    );
  }
  return source;
}

function boundedId(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  return id.length <= MAX_DELIVERY_ID ? id : `sha256:${createHash("sha256").update(id).digest("hex")}`;
}

function text(body: Buffer): string {
  return body.toString("utf8");
}

function record(
  ctx: WebhookContext,
  connection: string,
  deliveryId: string,
  receivedAt: number,
  eventType: string | null,
  outcome: DeliveryOutcome,
  reason: { code: string; message: string } | null,
  events: number,
  body: string | null,
): Promise<void> {
  const urgent = body !== null;
  return ctx.log.write(
    { connectionId: connection, outcome, code: reason?.code ?? "", at: receivedAt },
    {
      connectionId: connection,
      deliveryId,
      receivedAt,
      eventType,
      outcome,
      code: reason?.code ?? null,
      reason: reason?.message ?? null,
      events,
      body,
    },
    urgent,
  );
}
