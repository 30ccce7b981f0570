import { z } from "zod";
import { errorBody } from "../../errors.js";
import { decodeJson, isJsonType, mediaType, parseJsonObject, unsupported } from "../decode.js";
import { idText, label, repoName, sha, timestamp } from "../payload.js";
import { codeHostSettings } from "../settings.js";
import type { Decoded, WebhookRequest } from "../source.js";

/**
 * The GitHub payload fields Stride reads, per event type (https://docs.github.com/webhooks/webhook-events-and-payloads).
 * Extra fields are ignored; the ones listed are checked. Trap: `repository.created_at` is a Unix integer in push
 * payloads and ISO 8601 elsewhere — it is not read, so both pass.
 */

export const githubSettings = z.strictObject(codeHostSettings);
export type GithubSettings = z.output<typeof githubSettings>;

const repository = z.object({ full_name: repoName });
/** `null` for deleted accounts ("ghost") */
const user = z.object({ login: label }).nullish();
const action = z.string().max(128).optional();
const number = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const paths = z.array(z.string().max(4096)).max(100_000).optional();

const pushedCommit = z.object({
  id: sha,
  message: z.string().max(1_000_000).nullish(),
  /** the commit's time as GitHub lists it: both authoredAt and committedAt (the payload has no other) */
  timestamp,
  author: z
    .object({ name: z.string().max(1024).nullish(), username: z.string().max(256).nullish() })
    .nullish(),
  added: paths,
  removed: paths,
  modified: paths,
});

export const pushPayload = z.object({
  ref: z.string().max(4096),
  before: sha,
  after: sha,
  deleted: z.boolean().nullish(),
  forced: z.boolean().nullish(),
  repository,
  commits: z.array(pushedCommit).max(100_000).nullish(),
});

const pullRequestCore = {
  number,
  title: z.string().max(1_000_000),
  user,
  created_at: timestamp,
  base: z.object({ ref: z.string().max(4096) }).nullish(),
};

export const pullRequestPayload = z.object({
  action,
  pull_request: z.object({
    ...pullRequestCore,
    updated_at: timestamp.nullish(),
    merged_at: timestamp.nullish(),
    merge_commit_sha: sha.nullish(),
  }),
  repository,
});

export const pullRequestReviewPayload = z.object({
  action,
  review: z.object({
    user,
    submitted_at: timestamp.nullish(),
    state: z.string().max(128).nullish(),
  }),
  pull_request: z.object(pullRequestCore),
  repository,
});

const deployment = z.object({
  id: idText,
  environment: label,
  sha,
  ref: z.string().max(4096).nullish(),
  created_at: timestamp,
});

export const deploymentPayload = z.object({ action, deployment, repository });

export const deploymentStatusPayload = z.object({
  action,
  deployment_status: z.object({
    state: z.string().max(128),
    environment: label.nullish(),
    created_at: timestamp,
  }),
  deployment,
  repository,
});

export const workflowRunPayload = z.object({
  action,
  workflow_run: z.object({
    id: idText,
    name: z.string().max(4096).nullish(),
    path: z.string().max(4096).nullish(),
    head_sha: sha,
    status: z.string().max(128).nullish(),
    conclusion: z.string().max(128).nullish(),
    run_attempt: z.number().int().positive().max(1_000_000).nullish(),
    run_started_at: timestamp.nullish(),
    created_at: timestamp,
    updated_at: timestamp.nullish(),
  }),
  workflow: z.object({ name: z.string().max(4096).nullish() }).nullish(),
  repository,
});

export const checkRunPayload = z.object({
  action,
  check_run: z.object({
    id: idText,
    name: label,
    head_sha: sha,
    status: z.string().max(128).nullish(),
    conclusion: z.string().max(128).nullish(),
    started_at: timestamp.nullish(),
    completed_at: timestamp.nullish(),
  }),
  repository,
});

export const releasePayload = z.object({
  action,
  release: z.object({
    id: idText,
    tag_name: label,
    target_commitish: z.string().max(4096).nullish(),
    created_at: timestamp.nullish(),
    published_at: timestamp.nullish(),
    draft: z.boolean().nullish(),
    prerelease: z.boolean().nullish(),
  }),
  repository,
});

export const issuesPayload = z.object({
  action,
  issue: z.object({
    number,
    title: z.string().max(1_000_000),
    state: z.string().max(64).nullish(),
    created_at: timestamp,
    closed_at: timestamp.nullish(),
    labels: z
      .array(z.object({ name: z.string().max(4096) }))
      .max(1000)
      .nullish(),
  }),
  repository,
});

/**
 * GitHub sends JSON, or `application/x-www-form-urlencoded` with the JSON in the `payload` field when the webhook's
 * content type is set to form (the default of older webhooks).
 */
export function decodeGithub(request: WebhookRequest): Decoded {
  const type = mediaType(request.headers);
  if (isJsonType(type)) return decodeJson(request);
  if (type !== "application/x-www-form-urlencoded") {
    return unsupported(type, "application/json (or application/x-www-form-urlencoded)");
  }
  const payload = new URLSearchParams(request.rawBody.toString("utf8")).get("payload");
  if (payload === null) {
    return {
      ok: false,
      error: errorBody(
        "invalid_payload",
        "a form-encoded delivery without a payload field",
        "GitHub sends payload=<JSON>; choose Content type application/json on the webhook instead",
        "payload",
      ),
    };
  }
  return parseJsonObject(payload);
}
