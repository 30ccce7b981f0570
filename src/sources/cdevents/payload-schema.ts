import { z } from "zod";
import { errorBody } from "../../errors.js";
import { isJsonType, mediaType, parseJsonObject, unsupported } from "../decode.js";
import { idText, timestamp } from "../payload.js";
import { sharedSettings } from "../settings.js";
import type { Decoded, WebhookRequest } from "../source.js";
import { header } from "../verify.js";

/**
 * CDEvents 0.5 (https://github.com/cdevents/spec/tree/v0.5.1) carried by CloudEvents 1.0 over HTTP, in binary mode
 * (`ce-*` headers, the CDEvent as an application/json body) or structured mode (application/cloudevents+json, the
 * CDEvent in `data`). Both decode to one shape: the CloudEvents attributes and the CDEvent.
 */

export const cdeventsSettings = z.strictObject(sharedSettings);
export type CdeventsSettings = z.output<typeof cdeventsSettings>;

export interface CloudEvent {
  id: string | undefined;
  source: string | undefined;
  type: string | undefined;
  /** the CDEvent */
  data: unknown;
}

const text = (max: number) => z.string().min(1).max(max);
const ref = z.object({ id: text(1024), source: z.string().max(4096).nullish() });

export const cdevent = z.object({
  context: z.object({
    id: idText,
    source: text(4096),
    type: text(256),
    timestamp,
  }),
  subject: z.object({
    id: text(1024),
    source: z.string().max(4096).nullish(),
    content: z.record(z.string(), z.unknown()).nullish(),
  }),
  /** free-form; Stride reads only what docs/sources/cdevents.md lists, when it has the right type */
  customData: z.unknown().optional(),
});

export const serviceContent = z.object({ environment: ref, artifactId: text(4096) });
export const changeMergedContent = z.object({ repository: ref.nullish() });
export const pipelineRunFinishedContent = z.object({
  pipelineName: z.string().max(4096).nullish(),
  outcome: z.string().max(64).nullish(),
});
export const incidentContent = z.object({
  description: z.string().max(1_000_000).nullish(),
  environment: ref,
  service: ref.nullish(),
  artifactId: text(4096).nullish(),
});

/** Binary mode: the CDEvent is the body, the CloudEvents attributes are headers. Structured mode: all in the body. */
export function decodeCloudEvent(request: WebhookRequest): Decoded {
  const type = mediaType(request.headers);
  if (type === "application/cloudevents-batch+json") {
    return unsupported(type, "one CloudEvent per request (binary or structured mode)");
  }
  if (!isJsonType(type))
    return unsupported(type, "application/json (binary mode) or application/cloudevents+json");
  const decoded = parseJsonObject(request.rawBody.toString("utf8"));
  if (!decoded.ok) return decoded;
  const body = decoded.body as Record<string, unknown>;
  if (type === "application/cloudevents+json") return structured(body);
  const event: CloudEvent = {
    id: header(request.headers, "ce-id"),
    source: header(request.headers, "ce-source"),
    type: header(request.headers, "ce-type"),
    data: body,
  };
  return { ok: true, body: event };
}

function structured(body: Record<string, unknown>): Decoded {
  let data = body.data;
  if (typeof data === "string") {
    const inner = parseJsonObject(data);
    if (!inner.ok) return inner;
    data = inner.body;
  }
  if (typeof data !== "object" || data === null) {
    return {
      ok: false,
      error: errorBody(
        "invalid_payload",
        "a structured-mode CloudEvent without a CDEvent in data",
        "put the CDEvent (context, subject) in the CloudEvent's data",
        "data",
      ),
    };
  }
  const attribute = (name: string) => {
    const value = body[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  };
  const event: CloudEvent = {
    id: attribute("id"),
    source: attribute("source"),
    type: attribute("type"),
    data,
  };
  return { ok: true, body: event };
}
