import { z } from "zod";
import { normalizeRepo } from "../domain/repo.js";
import { epochToMs, isInstantProblem, parseInstant, toIso } from "../domain/time.js";
import { errorBody } from "../errors.js";
import type { MapResult } from "./source.js";

/**
 * Field types the payload schemas share. Objects are zod's default (unknown keys are dropped, so extra fields are
 * tolerated); the fields a mapper reads are checked strictly and a mismatch names the payload path.
 */

/**
 * One instant in any of the formats sources send: ISO 8601 with `Z` or an offset (`+02:00`, `+0200`), GitLab's
 * `2016-08-12 15:23:28 UTC` and `2021-04-28 21:50:00 +0200`, or an epoch number (seconds, ms, µs or ns by
 * magnitude, as GitHub's push `repository.created_at`). A time without a zone is rejected, never guessed.
 * Answers the instant as ISO 8601 UTC, which the event format reads without ambiguity.
 */
export const timestamp = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = typeof value === "number" ? epochMs(value) : textMs(value);
  if (ms === undefined) {
    ctx.issues.push({
      code: "custom",
      input: value,
      message: `${JSON.stringify(value)} is not a timestamp with a time zone`,
    });
    return z.NEVER;
  }
  return toIso(ms);
});

/** The latest valid instant: year 9999 (a corrupted field must not become a date JavaScript cannot print). */
const MAX_MS = 253_402_300_799_999;

function epochMs(value: number): number | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  const ms = epochToMs(value);
  return ms <= MAX_MS ? ms : undefined;
}

const SPACED =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)\s*(UTC|GMT|Z|[+-]\d{2}:?\d{2})$/i;

function textMs(value: string): number | undefined {
  const m = SPACED.exec(value.trim());
  const iso = m ? `${m[1]}T${m[2]}${/^(UTC|GMT|Z)$/i.test(m[3] ?? "") ? "Z" : m[3]}` : value;
  const parsed = parseInstant(iso);
  return isInstantProblem(parsed) || parsed > MAX_MS ? undefined : parsed;
}

/** A commit sha (7–64 hex characters), lower-case. */
export const sha = z
  .string()
  .regex(/^[0-9a-fA-F]{7,64}$/, "a commit sha is 7 to 64 hexadecimal characters")
  .transform((s) => s.toLowerCase());

/** A repository as `owner/repo` (host names and clone URLs normalized; GitLab subgroups keep every segment). */
export const repoName = z
  .string()
  .max(512)
  .transform((value, ctx) => {
    const repo = normalizeRepo(value);
    if (repo === undefined) {
      ctx.issues.push({ code: "custom", input: value, message: `"${value}" is not a repository name` });
      return z.NEVER;
    }
    return repo;
  });

/** A non-empty name (a login, an environment, a pipeline). */
export const label = z.string().min(1).max(4096);

/** A positive integer identifier as JSON sends it (GitHub's ids exceed 32 bits but stay exact below 2^53). */
export const numericId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const idText = z.union([z.string().min(1).max(1024), numericId]).transform(String);

type Parsed<T> = { ok: true; data: T } | { ok: false; result: MapResult };

/** Parses a payload against the schema of its event type; a mismatch is `invalid_payload` naming the path. */
export function parsePayload<T>(schema: z.ZodType<T>, body: unknown, eventType: string): Parsed<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join(".") ?? "";
  return {
    ok: false,
    result: {
      outcome: "rejected",
      eventType,
      error: errorBody(
        "invalid_payload",
        `${eventType} payload${field === "" ? "" : ` field ${field}`}: ${issue?.message ?? "does not match"}`,
        "Stride reads this field to store the event; send the source's payload unchanged",
        field === "" ? undefined : field,
      ),
    },
  };
}

/** Parses the payload, then maps it; a payload that does not parse is the rejection. */
export function withPayload<T>(
  schema: z.ZodType<T>,
  body: unknown,
  eventType: string,
  map: (payload: T) => MapResult,
): MapResult {
  const parsed = parsePayload(schema, body, eventType);
  return parsed.ok ? map(parsed.data) : parsed.result;
}
