import { z } from "zod";
import { idText, label, repoName, sha, timestamp } from "../payload.js";
import { codeHostSettings, sharedSettings } from "../settings.js";

/**
 * The CircleCI outbound-webhook fields Stride reads (https://circleci.com/docs/outbound-webhooks/): every event has
 * `type` and `id`; workflow-completed carries `workflow`, job-completed `workflow` and `job`, both the `pipeline` with
 * its commit. Projects connected through the GitHub OAuth app or Bitbucket name the commit in `pipeline.vcs`; GitLab
 * and GitHub App projects in `pipeline.trigger_parameters.git` (and `.gitlab`), where an empty string means none.
 */

export const circleciSettings = z.strictObject({
  ...sharedSettings,
  /** workflows (or jobs) whose name matches are also deployments (default: none) */
  deployPattern: codeHostSettings.deployPattern,
  /** the environment of those deployments */
  deployEnvironment: codeHostSettings.deployEnvironment,
});
export type CircleciSettings = z.output<typeof circleciSettings>;

export const envelope = z.object({ type: z.string().min(1).max(128) });

const text = z.string().max(4096);

/** A value, or "" for none (CircleCI's empty strings). */
const orEmpty = <T extends z.ZodType<string, string>>(schema: T) =>
  z.union([z.literal(""), schema]).nullish();

const vcs = z.object({
  /** the project's repository (origin_repository_url is the fork a pull request came from) */
  target_repository_url: orEmpty(repoName),
  origin_repository_url: orEmpty(repoName),
  revision: orEmpty(sha),
});

/** GitLab and GitHub App pipelines: strings that are "" when the trigger has no such value. */
const gitParameters = z.object({ checkout_url: text.nullish(), checkout_sha: text.nullish() });
const gitlabParameters = z.object({
  web_url: text.nullish(),
  repo_url: text.nullish(),
  checkout_sha: text.nullish(),
});

const pipeline = z.object({
  id: idText,
  vcs: vcs.nullish(),
  trigger_parameters: z
    .object({ git: gitParameters.nullish(), gitlab: gitlabParameters.nullish() })
    .nullish(),
});
export type CircleciPipeline = z.output<typeof pipeline>;

const status = z.string().min(1).max(64);

const workflow = z.object({
  id: idText,
  name: label,
  created_at: timestamp,
  stopped_at: timestamp.nullish(),
});

export const workflowCompletedPayload = z.object({
  workflow: workflow.extend({ status }),
  pipeline,
});

export const jobCompletedPayload = z.object({
  workflow,
  job: z.object({
    id: idText,
    name: label,
    started_at: timestamp.nullish(),
    stopped_at: timestamp.nullish(),
    status,
  }),
  pipeline,
});
