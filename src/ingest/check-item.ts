import { canonicalJson, observedAt, sha256 } from "../domain/events/merge-event.js";
import { type ValidationResult, validateEvent } from "../domain/events/validate-event.js";
import { errorBody } from "../errors.js";
import type { DecodedItem } from "./decode-body.js";
import { redactText, redactValue } from "./redact.js";

/**
 * What ingest works out about one item before it knows when, and under which key, it was received: the validation,
 * the body the raw log keeps, and that body's hash. Plain data (structured-cloneable), so `stride import git` can
 * check commits on a worker thread with this very code while its main thread writes.
 */
export interface CheckedItem {
  result: ValidationResult;
  /** the event as received, redacted of secrets, canonical JSON (or the redacted text when it was not JSON) */
  body: string;
  /** sha256 of `body`, hex */
  hash: string;
  /** a valid event that states no instant of its own (a service or team without updatedAt): ordered by receipt */
  timeless: boolean;
  /** a valid event's canonical JSON, made here once for the merge (IngestRecord.eventJson) */
  eventJson?: string;
}

export function checkItem(item: DecodedItem): CheckedItem {
  const result = validateItem(item);
  const body = "parseError" in item ? redactText(item.raw) : canonicalJson(redactValue(item.value));
  if (!result.ok) return { result, body, hash: sha256(body), timeless: false };
  return {
    result,
    body,
    hash: sha256(body),
    timeless: observedAt(result.event) === undefined,
    eventJson: canonicalJson(result.event),
  };
}

/** The item validated as an event; text that was not JSON is an invalid_json rejection. */
export function validateItem(item: DecodedItem): ValidationResult {
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
