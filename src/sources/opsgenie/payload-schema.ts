import { z } from "zod";
import { epochToMs, toIso } from "../../domain/time.js";
import { decodeJson, isJsonType, mediaType, parseJsonObject, unsupported } from "../decode.js";
import { idText, timestamp } from "../payload.js";
import { sharedSettings } from "../settings.js";
import type { Decoded, WebhookRequest } from "../source.js";

/**
 * The Opsgenie webhook-integration fields Stride reads (https://support.atlassian.com/opsgenie/docs/integrate-opsgenie-with-outgoing-webhooks/):
 * `{action, alert: {alertId, message, tags, priority, createdAt, updatedAt, …}, source, integrationName, …}`.
 *
 * Trap: `alert.updatedAt` (and `insertedAt`) are epoch NANOseconds, e.g. 1420452374669001603, beyond JavaScript's
 * safe integers: JSON.parse would round it to 1420452374669001700 (and a value just under a millisecond boundary
 * into the next millisecond). `decodeOpsgenie` therefore reads every integer literal beyond 2^53 as its exact digit
 * string, and `epochInstant` scales digit strings with BigInt: the instant is exact to the millisecond.
 */

export const opsgenieSettings = z.strictObject({
  ...sharedSettings,
  /** tags `<prefix><name>` name the alert's services (case-insensitive prefix) */
  serviceTagPrefix: z.string().trim().min(1).max(64).default("service:"),
});
export type OpsgenieSettings = z.output<typeof opsgenieSettings>;

/** Latest valid instant: year 9999. */
const MAX_MS = 253_402_300_799_999n;
const DIGITS = /^\d{1,40}$/;

/** Epoch seconds, ms, µs or ns by magnitude (as docs/events.md reads them), exactly, as milliseconds. */
function exactEpochMs(value: bigint): number | undefined {
  const ms =
    value < 100_000_000_000n
      ? value * 1000n
      : value < 100_000_000_000_000n
        ? value
        : value < 100_000_000_000_000_000n
          ? value / 1000n
          : value / 1_000_000n;
  return ms <= MAX_MS ? Number(ms) : undefined;
}

function numberMs(value: number): number | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  if (Number.isSafeInteger(value)) return exactEpochMs(BigInt(value));
  const ms = epochToMs(value);
  return ms <= Number(MAX_MS) ? ms : undefined;
}

/**
 * An Opsgenie instant: an epoch number (ms for createdAt, ns for updatedAt), the exact digit string `decodeOpsgenie`
 * makes of an integer beyond 2^53, or an ISO 8601 string with a zone (Opsgenie's incident API). Answers ISO 8601 UTC.
 */
export const epochInstant = z.union([z.number(), z.string().max(64)]).transform((value, ctx) => {
  let ms: number | undefined;
  if (typeof value === "number") ms = numberMs(value);
  else if (DIGITS.test(value)) ms = exactEpochMs(BigInt(value));
  else {
    const parsed = timestamp.safeParse(value);
    ms = parsed.success ? Date.parse(parsed.data) : undefined;
  }
  if (ms === undefined) {
    ctx.issues.push({
      code: "custom",
      input: value,
      message: `${JSON.stringify(value)} is not an epoch time or a timestamp with a time zone`,
    });
    return z.NEVER;
  }
  return toIso(ms);
});

export const envelope = z.object({ action: z.string().min(1).max(128) });

const alert = z.object({
  alertId: idText,
  message: z.string().max(1_000_000).nullish(),
  tags: z.array(z.string().max(1024)).max(1000).nullish(),
  /** P1…P5 (older payloads: 1…5) */
  priority: z.union([z.string().max(64), z.number().int().min(0).max(1000)]).nullish(),
  createdAt: epochInstant,
  updatedAt: epochInstant.nullish(),
});

/** Create: the alert opened; its createdAt is the detection. */
export const createPayload = z.object({ action: z.string(), alert });

/** Acknowledge, Close: the action happened at the alert's updatedAt, which the payload must carry. */
export const updatePayload = z.object({
  action: z.string(),
  alert: alert.extend({ updatedAt: epochInstant }),
});

/**
 * JSON, with integer literals beyond JavaScript's safe range read as their exact digit strings (see the trap above).
 */
export function decodeOpsgenie(request: WebhookRequest): Decoded {
  const type = mediaType(request.headers);
  if (!isJsonType(type)) return unsupported(type, "application/json");
  const text = request.rawBody.toString("utf8");
  const exact = exactIntegers(text);
  return exact === text ? decodeJson(request) : parseJsonObject(exact);
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isNumberTail = (c: number) =>
  isDigit(c) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === MINUS;

/**
 * JSON text with every integer literal outside strings that is beyond ±(2^53 − 1) quoted, so JSON.parse keeps its
 * digits. Numbers with a fraction or an exponent, and everything inside strings, are left as they are. Text that is
 * not JSON stays not JSON (the parser then says where).
 */
export function exactIntegers(text: string): string {
  let out = "";
  let copied = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i += 2;
        else {
          i++;
          if (d === QUOTE) break;
        }
      }
      continue;
    }
    if (c !== MINUS && !isDigit(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === MINUS) i++;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    const integerEnd = i;
    while (i < n && isNumberTail(text.charCodeAt(i))) i++;
    const digits = integerEnd - start - (c === MINUS ? 1 : 0);
    if (i === integerEnd && digits >= 16) {
      const literal = text.slice(start, integerEnd);
      if (!Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(copied, start)}"${literal}"`;
        copied = integerEnd;
      }
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}
