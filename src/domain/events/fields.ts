import { z } from "zod";
import { normalizeRepo } from "../repo.js";
import { isInstantProblem, parseInstant } from "../time.js";

/** Field builders shared by every event type; each carries the stable error code it fails with. */

export const ID_MAX_LENGTH = 256;

export const instant = z
  .union([z.string(), z.number()])
  .transform((value, ctx) => {
    const parsed = parseInstant(value);
    if (isInstantProblem(parsed)) {
      ctx.issues.push({
        code: "custom",
        input: value,
        message: parsed.message,
        params: { strideCode: parsed.code, hint: parsed.hint },
      });
      return z.NEVER;
    }
    return parsed;
  })
  .meta({ description: "ISO 8601 with Z or ±hh:mm, or epoch seconds / milliseconds / nanoseconds" });

export const text = (max = 1024) => z.string().min(1).max(max);

export const name = text(256);

export const sha = z
  .string()
  .regex(/^[0-9a-fA-F]{7,64}$/, "a commit sha is 7 to 64 hexadecimal characters")
  .transform((s) => s.toLowerCase());

export const repo = z
  .string()
  .min(1)
  .max(512)
  .transform((value, ctx) => {
    const normalized = normalizeRepo(value);
    if (normalized === undefined) {
      ctx.issues.push({
        code: "custom",
        input: value,
        message: `"${value}" is not a repository name`,
        params: { strideCode: "invalid_field", hint: 'send "owner/repo" or a clone URL' },
      });
      return z.NEVER;
    }
    return normalized;
  })
  .meta({ description: '"owner/repo"; host names and clone URLs are normalized to it' });

export const eventId = z
  .string()
  .min(1)
  .regex(/^[^\p{Cc}]*$/u, "an id may not contain control characters")
  .meta({ description: `stable identifier, at most ${ID_MAX_LENGTH} characters` });

export const status = z.enum(["success", "failure", "cancelled", "in_progress"]);

/** below 2^31: the metrics engine holds counts as 32-bit integers */
export const count = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

/** A window as "<n>m", "<n>h" or "<n>d", or "none"; parsed to milliseconds (null for "none"). */
export const attributionWindow = z
  .string()
  .regex(/^(none|\d{1,6}[mhd])$/, 'a window is "<n>m", "<n>h", "<n>d" or "none", e.g. "24h"')
  .meta({
    description: 'how long after a deployment an incident may be blamed on it: "24h", "90m", "2d", "none"',
  });

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export function windowMs(window: string): number | null {
  if (window === "none") return null;
  return Number(window.slice(0, -1)) * UNIT_MS[window.slice(-1) as keyof typeof UNIT_MS];
}

/** Optional "as of" instant; when two events of one entity disagree, the one observed later wins. */
export const updatedAt = instant.optional();

/** Every instant field of the event format (stored as epoch ms, shown as ISO 8601). */
export const instantFields = [
  "updatedAt",
  "at",
  "createdAt",
  "committedAt",
  "authoredAt",
  "startedAt",
  "finishedAt",
  "detectedAt",
  "acknowledgedAt",
  "resolvedAt",
  "firstCommitAt",
  "firstReviewAt",
  "mergedAt",
] as const;
