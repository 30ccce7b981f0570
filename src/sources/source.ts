import type { z } from "zod";
import type { EventType, eventSchemas } from "../domain/events/schema.js";
import { type ErrorBody, errorBody } from "../errors.js";
import { decodeJson } from "./decode.js";
import { firstHeader } from "./verify.js";

/**
 * The contract every source adapter implements (src/sources/<source>/index.ts). The webhook pipeline
 * (receive-delivery.ts) knows nothing about any one source: it verifies, decodes, names the delivery, maps, and
 * sends the mapped events down the one ingest path. Adding a source is copying a sibling folder (docs/sources).
 */

/** Request headers, names lower-case, one value each (Node joins repeated headers). */
export type Headers = Readonly<Record<string, string | undefined>>;

/** A webhook request as it arrived: what signatures are computed over. */
export interface WebhookRequest {
  headers: Headers;
  /** the body exactly as received (a signature covers these bytes, not a re-serialisation) */
  rawBody: Buffer;
}

/**
 * What a connection's secret lets a verifier check. HMAC schemes need the secret itself (stored encrypted);
 * token schemes only compare, so the token is stored hashed and never decrypted.
 */
export interface Credential {
  /** HMAC schemes: the current secret, then the previous one while a rotation's grace period lasts */
  readonly secrets: readonly Buffer[];
  /** token schemes: whether `given` is the connection's token (or the previous one in its grace period), constant time */
  matchesToken(given: string): boolean;
}

export type VerifyResult =
  | { ok: true }
  | { ok: false; code: "missing_signature" | "invalid_signature"; message: string };

export type Decoded = { ok: true; body: unknown } | { ok: false; error: ErrorBody };

/** A verified, decoded delivery, ready to map. */
export interface Delivery {
  headers: Headers;
  body: unknown;
  deliveryId: string;
}

/** A Stride event as POST /api/v1/events takes it (instants as ISO strings): validated by the one ingest path. */
export type StrideEventInput = { [K in EventType]: z.input<(typeof eventSchemas)[K]> }[EventType];

/**
 * Why a delivery is answered 202 and stored as nothing. Stable: a code never changes meaning (docs/sources/README.md).
 */
export const ignoreCodes = {
  ping: "the source's test delivery: the connection works",
  event_not_used: "an event type Stride does not read",
  action_not_used: "an action of an event type Stride reads that changes nothing Stride stores",
  not_an_incident: "an issue that is not an incident (no incident label or type)",
  not_configured: "an event Stride reads only when the connection is configured for it",
  nothing_to_record: "a delivery that names nothing to store (a branch deletion, a run not started yet)",
  missing_context: "an event that lacks what Stride needs to store it (the reason names what to add)",
} as const;
export type IgnoreCode = keyof typeof ignoreCodes;

/** `eventType` names what the source sent (for logs and counters): `push`, `incident.triggered`, … */
export type MapResult =
  | { outcome: "events"; eventType: string; events: StrideEventInput[] }
  | { outcome: "ignored"; eventType: string; code: IgnoreCode; reason: string }
  | { outcome: "rejected"; eventType: string; error: ErrorBody };

export type SecretScheme = "hmac" | "token";

/** One source, as the pipeline, the CLI and the contract tests see it. */
export interface Source {
  /** the URL segment and CLI name: POST /webhooks/<name>/<connection> */
  readonly name: string;
  readonly title: string;
  /** hmac: the secret is needed to verify, so it is stored encrypted; token: stored as a salted hash */
  readonly secretScheme: SecretScheme;
  /** headers that carry the delivery id, first present wins (the dedupe key of a redelivery) */
  readonly deliveryIdHeaders: readonly string[];
  /** the header that names the event type, when the source has one */
  readonly eventTypeHeader: string | undefined;
  /** Validates connection settings; answers them with defaults applied. */
  checkSettings(
    input: unknown,
  ): { ok: true; settings: Record<string, unknown> } | { ok: false; error: ErrorBody };
  /** Authenticity, constant time; runs before anything else reads the body. */
  verify(request: WebhookRequest, credential: Credential): VerifyResult;
  /** The body's bytes → a JSON value (content types, form encoding, envelopes). */
  decode(request: WebhookRequest): Decoded;
  /** The source's delivery id, when the request carries one (otherwise the pipeline uses a content hash). */
  deliveryId(request: WebhookRequest, body: unknown): string | undefined;
  /** Payload and headers → Stride events, or ignored with a reason, or rejected; never throws. */
  map(delivery: Delivery, settings: unknown): MapResult;
}

/** What a source folder writes; `defineSource` turns it into a `Source` with the shared defaults. */
export interface SourceDefinition<S> {
  name: string;
  title: string;
  secretScheme: SecretScheme;
  deliveryIdHeaders: readonly string[];
  eventTypeHeader?: string;
  /** zod schema of the connection settings, with defaults (every field optional in the input) */
  settings: z.ZodType<S>;
  verify(request: WebhookRequest, credential: Credential): VerifyResult;
  /** default: JSON (application/json or any +json type) */
  decode?(request: WebhookRequest): Decoded;
  /** default: the first of `deliveryIdHeaders` present */
  deliveryId?(request: WebhookRequest, body: unknown): string | undefined;
  map(delivery: Delivery, settings: S): MapResult;
}

export function defineSource<S>(definition: SourceDefinition<S>): Source {
  const parse = (input: unknown) => definition.settings.safeParse(input ?? {});
  return Object.freeze({
    name: definition.name,
    title: definition.title,
    secretScheme: definition.secretScheme,
    deliveryIdHeaders: definition.deliveryIdHeaders,
    eventTypeHeader: definition.eventTypeHeader,
    checkSettings(input: unknown) {
      const parsed = parse(input);
      if (parsed.success) return { ok: true as const, settings: parsed.data as Record<string, unknown> };
      const issue = parsed.error.issues[0];
      const path = issue?.path.join(".") ?? "";
      const unknown = issue?.code === "unrecognized_keys" ? issue.keys[0] : undefined;
      const field = unknown === undefined ? path : path === "" ? unknown : `${path}.${unknown}`;
      return {
        ok: false as const,
        error: errorBody(
          "invalid_setting",
          `${definition.title} connection setting ${field || "(settings)"}: ${issue?.message ?? "invalid"}`,
          `see docs/sources/${definition.name}.md for the settings a ${definition.title} connection takes`,
          field || undefined,
        ),
      };
    },
    verify: definition.verify,
    decode: definition.decode ?? decodeJson,
    deliveryId:
      definition.deliveryId ??
      ((request: WebhookRequest) => firstHeader(request.headers, definition.deliveryIdHeaders)),
    map(delivery: Delivery, settings: unknown): MapResult {
      const parsed = parse(settings);
      // Settings are validated when stored; a stored value a newer version no longer accepts falls back to defaults.
      const effective = parsed.success ? parsed.data : definition.settings.parse({});
      return definition.map(delivery, effective);
    },
  });
}

export function mapped(eventType: string, events: StrideEventInput[]): MapResult {
  if (events.length === 0)
    return ignored(eventType, "nothing_to_record", "the delivery names nothing to store");
  return { outcome: "events", eventType, events };
}

export function ignored(eventType: string, code: IgnoreCode, reason: string): MapResult {
  return { outcome: "ignored", eventType, code, reason };
}

export function rejected(eventType: string, error: ErrorBody): MapResult {
  return { outcome: "rejected", eventType, error };
}

/** A header the source always sends is absent: the request did not come from the source (or a proxy dropped it). */
export function missingHeader(name: string, example: string): MapResult {
  return rejected(
    "(unknown)",
    errorBody(
      "missing_header",
      `the ${name} header is missing`,
      `the source sends ${name} (e.g. ${example}); check proxies between the source and Stride`,
      name,
    ),
  );
}

/** The `action` of a payload, when it has a short string one (for the event type shown in logs and counters). */
export function actionOf(body: unknown): string | undefined {
  const action = (body as { action?: unknown }).action;
  return typeof action === "string" && action.length > 0 && action.length <= 64 ? action : undefined;
}

/** Drops undefined fields, so the raw log shows what the source said and nothing else. */
export function defined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = value[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}
