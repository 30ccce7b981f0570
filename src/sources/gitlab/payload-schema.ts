import { z } from "zod";
import { idText, label, numericId, repoName, sha, timestamp } from "../payload.js";
import { codeHostSettings } from "../settings.js";

/**
 * The GitLab payload fields Stride reads, per hook (https://docs.gitlab.com/user/project/integrations/webhook_events/).
 * Extra fields are ignored. Trap: GitLab writes instants in several formats (`2013-12-03T17:23:34Z`,
 * `2016-08-12 15:23:28 UTC`, `2021-04-28 21:50:00 +0200`); `timestamp` reads them all.
 */

export const gitlabSettings = z.strictObject(codeHostSettings);
export type GitlabSettings = z.output<typeof gitlabSettings>;

/** `group/subgroup/project`: every segment is kept */
const project = z.object({ path_with_namespace: repoName });
const text = z.string().max(1_000_000);
const word = z.string().max(128);
const paths = z.array(z.string().max(4096)).max(100_000).optional();

export const pushPayload = z.object({
  ref: z.string().max(4096),
  before: sha,
  after: sha,
  project,
  commits: z
    .array(
      z.object({
        id: sha,
        message: text.nullish(),
        title: text.nullish(),
        timestamp,
        author: z.object({ name: z.string().max(1024).nullish() }).nullish(),
        added: paths,
        modified: paths,
        removed: paths,
      }),
    )
    .max(100_000)
    .nullish(),
  /** GitLab lists at most 20 commits; this says how many were pushed */
  total_commits_count: z.number().int().nonnegative().nullish(),
});

export const mergeRequestPayload = z.object({
  /** who did what the hook reports (not necessarily the author) */
  user: z.object({ id: numericId.nullish() }).nullish(),
  project,
  object_attributes: z.object({
    iid: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    title: text,
    author_id: numericId.nullish(),
    created_at: timestamp,
    updated_at: timestamp.nullish(),
    merged_at: timestamp.nullish(),
    merge_commit_sha: sha.nullish(),
    squash_commit_sha: sha.nullish(),
    last_commit: z.object({ id: sha }).nullish(),
    target_branch: z.string().max(4096).nullish(),
    state: word.nullish(),
    action: word.nullish(),
  }),
});

export const pipelinePayload = z.object({
  project,
  object_attributes: z.object({
    id: idText,
    name: z.string().max(4096).nullish(),
    sha,
    status: word,
    created_at: timestamp,
    finished_at: timestamp.nullish(),
  }),
});

export const jobPayload = z.object({
  build_id: idText,
  build_name: label,
  build_status: word,
  sha,
  build_created_at: timestamp.nullish(),
  build_started_at: timestamp.nullish(),
  build_finished_at: timestamp.nullish(),
  /** newer GitLab versions send the project; older ones only the repository's homepage */
  project: project.nullish(),
  repository: z.object({ homepage: repoName.nullish() }).nullish(),
});

export const deploymentPayload = z.object({
  deployment_id: idText,
  status: word,
  status_changed_at: timestamp,
  environment: label,
  short_sha: sha.nullish(),
  /** ends in /-/commit/<full sha>: the only place the full sha is */
  commit_url: z.string().max(4096).nullish(),
  ref: z.string().max(4096).nullish(),
  project,
});

export const issuePayload = z.object({
  project,
  object_attributes: z.object({
    iid: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    title: text,
    /** "Incident" for incidents (GitLab 15+); older versions say issue_type "incident" */
    type: word.nullish(),
    issue_type: word.nullish(),
    state: word.nullish(),
    action: word.nullish(),
    created_at: timestamp,
    updated_at: timestamp.nullish(),
    closed_at: timestamp.nullish(),
    severity: word.nullish(),
    escalation_status: word.nullish(),
  }),
  labels: z
    .array(z.object({ title: z.string().max(4096) }))
    .max(1000)
    .nullish(),
  changes: z.record(z.string(), z.unknown()).nullish(),
});

export const releasePayload = z.object({
  id: idText,
  tag: label,
  action: word.nullish(),
  released_at: timestamp.nullish(),
  created_at: timestamp.nullish(),
  commit: z.object({ id: sha }).nullish(),
  project,
});
