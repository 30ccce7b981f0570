import { createHash } from "node:crypto";
import { type ErrorBody, errorBody } from "../../errors.js";
import { toIso } from "../time.js";
import { ID_MAX_LENGTH } from "./fields.js";
import type { ParsedEvent, StrideEvent } from "./schema.js";

/**
 * The natural key of each type, used when the client sends no id. A deployment's key includes its start (or,
 * without one, its finish) so that its in_progress and success events name the same deployment.
 */
function naturalKey(event: ParsedEvent): string | ErrorBody {
  switch (event.type) {
    case "change":
      return `${event.repo}@${event.sha}`;
    case "pull_request":
      return `${event.repo}#${event.number}`;
    case "build":
      return buildKey(event.repo, event.sha, event.pipeline, event.startedAt);
    case "deployment": {
      const at = event.startedAt ?? event.finishedAt;
      if (at === undefined) {
        return errorBody(
          "missing_field",
          "a deployment without an id needs startedAt or finishedAt to be identified",
          "send startedAt (and the same startedAt on its later status updates), or an explicit id",
          "startedAt",
        );
      }
      return `${event.service}/${event.environment}@${event.version ?? event.sha ?? ""}@${toIso(at)}`;
    }
    case "incident":
      return `${[...event.services].sort().join(",")}@${toIso(event.detectedAt)}`;
    case "flag_change":
      return `${event.service}/${event.environment}/${event.flag}@${toIso(event.at)}`;
    case "service":
    case "team":
      return event.name;
  }
}

function buildKey(repo: string, sha: string, pipeline: string, startedAt: number): string {
  return `${repo}@${sha}/${pipeline}@${toIso(startedAt)}`;
}

/** Long natural keys (many services, long names) are hashed so every id fits the column. */
function idOfKey(key: string): string {
  return key.length <= ID_MAX_LENGTH ? key : `sha256:${createHash("sha256").update(key).digest("hex")}`;
}

/** The id ingest gives a CI run sent without one: the metrics engine keeps only the ids that differ from it. */
export function defaultBuildId(repo: string, sha: string, pipeline: string, startedAt: number): string {
  return idOfKey(buildKey(repo, sha, pipeline, startedAt));
}

/** The event with its id: the one it was sent with, else its natural key's. `event` is a parse's output, given its id in place. */
export function withId(event: ParsedEvent): StrideEvent | ErrorBody {
  if (event.id !== undefined) {
    if (event.id.length > ID_MAX_LENGTH) {
      return errorBody(
        "id_too_long",
        `id is ${event.id.length} characters; the limit is ${ID_MAX_LENGTH}`,
        "send a shorter id, for example a hash of the long one",
        "id",
      );
    }
    return event as StrideEvent;
  }
  const key = naturalKey(event);
  if (typeof key !== "string") return key;
  // zod's output is a copy of what was sent, so nothing else holds it; copying it again cost more than the rest
  (event as { id?: string }).id = idOfKey(key);
  return event as StrideEvent;
}
