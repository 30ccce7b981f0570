import type { z } from "zod";
import { type ErrorBody, type ErrorCode, errorBody } from "../../errors.js";
import { withId } from "./identity.js";
import { eventSchemas, eventTypes, isEventType, type StrideEvent } from "./schema.js";

export type ValidationResult = { ok: true; event: StrideEvent } | { ok: false; error: ErrorBody };

/** Validates one decoded JSON value as a Stride event; never throws. */
export function validateEvent(value: unknown): ValidationResult {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return fail(
      errorBody(
        "invalid_event",
        `an event is a JSON object, got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`,
        'send {"type": "deployment", …}; see docs/events.md',
      ),
    );
  }
  const type = (value as { type?: unknown }).type;
  if (!isEventType(type)) {
    return fail(
      errorBody(
        type === undefined ? "missing_field" : "unknown_event_type",
        type === undefined ? "the event has no type" : `"${String(type)}" is not an event type`,
        `set "type" to one of: ${eventTypes.join(", ")}`,
        "type",
      ),
    );
  }
  const parsed = eventSchemas[type].safeParse(value);
  if (!parsed.success) return fail(describeIssue(parsed.error.issues, value));
  const identified = withId(parsed.data);
  return "code" in identified ? fail(identified) : { ok: true, event: identified };
}

function fail(error: ErrorBody): ValidationResult {
  return { ok: false, error };
}

/** Turns the first zod issue into one error that names the field and says what to send instead. */
function describeIssue(issues: z.core.$ZodIssue[], value: unknown): ErrorBody {
  const issue = issues[0];
  if (issue === undefined) return errorBody("invalid_event", "the event is invalid", "see docs/events.md");
  const field = issue.path.join(".");
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? "s" : ""})` : "";
  switch (issue.code) {
    case "unrecognized_keys": {
      const keys = issue.keys;
      const at = field === "" ? "" : ` in ${field}`;
      return errorBody(
        "unknown_field",
        `unknown field${keys.length > 1 ? "s" : ""} ${keys.map((k) => `"${k}"`).join(", ")}${at}${more}`,
        "check the spelling against docs/events.md; the event format accepts no other fields",
        field === "" ? keys[0] : `${field}.${keys[0]}`,
      );
    }
    case "invalid_type": {
      const input = valueAt(value, issue.path);
      if (input === undefined) {
        return errorBody(
          "missing_field",
          `${field} is required${more}`,
          `send ${field} as ${issue.expected}`,
          field,
        );
      }
      return errorBody(
        "invalid_field",
        `${field} must be ${issue.expected}, got ${describeInput(input)}${more}`,
        `send ${field} as ${issue.expected}`,
        field,
      );
    }
    case "custom": {
      const params = issue.params as { strideCode?: ErrorCode; hint?: string } | undefined;
      return errorBody(
        params?.strideCode ?? "invalid_field",
        `${field}: ${issue.message}${more}`,
        params?.hint ?? "see docs/events.md",
        field,
      );
    }
    case "too_big":
      return errorBody("invalid_field", `${field}: ${issue.message}${more}`, "send a shorter value", field);
    default:
      return errorBody(
        "invalid_field",
        `${field}: ${issue.message}${more}`,
        "see docs/events.md for the field's format",
        field,
      );
  }
}

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let at: unknown = value;
  for (const key of path) {
    if (at === null || typeof at !== "object") return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

function describeInput(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "an array";
  if (typeof input === "string") return `the string ${JSON.stringify(input.slice(0, 40))}`;
  return typeof input === "object" ? "an object" : `${typeof input} ${String(input)}`;
}
