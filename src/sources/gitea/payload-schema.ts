import { z } from "zod";
import { idText, label, repoName, sha, timestamp } from "../payload.js";
import { codeHostSettings } from "../settings.js";

/**
 * The Gitea payload fields Stride reads, per X-Gitea-Event (https://docs.gitea.com/usage/webhooks; Forgejo sends
 * the same). Gitea's payloads follow GitHub's shapes; extra fields are ignored, the ones listed are checked.
 * Instants carry the server's offset (`2022-03-09T16:23:39+09:00`).
 */

const { serviceMap, releaseDeployments, releaseEnvironment } = codeHostSettings;
export const giteaSettings = z.strictObject({ serviceMap, releaseDeployments, releaseEnvironment });
export type GiteaSettings = z.output<typeof giteaSettings>;

const text = z.string().max(1_000_000);
const word = z.string().max(128);
const short = z.string().max(1024);
const paths = z.array(z.string().max(4096)).max(100_000).optional();

const repository = z.object({ full_name: repoName });
const user = z.object({ login: short.nullish(), username: short.nullish() }).nullish();
export type GiteaUser = z.output<typeof user>;
const action = word.nullish();
const number = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const pushPayload = z.object({
  ref: z.string().max(4096),
  before: sha,
  after: sha,
  repository,
  /** newest first; at most the server's FEED_MAX_COMMIT_NUM (5 by default) */
  commits: z
    .array(
      z.object({
        id: sha,
        message: text.nullish(),
        timestamp,
        author: z.object({ name: short.nullish(), username: short.nullish() }).nullish(),
        added: paths,
        removed: paths,
        modified: paths,
      }),
    )
    .max(100_000)
    .nullish(),
  /** how many commits were pushed (newer Gitea versions): says whether `commits` is the whole push */
  total_commits: z.number().int().nonnegative().nullish(),
});

export const pullRequestPayload = z.object({
  action,
  pull_request: z.object({
    number,
    title: text,
    user,
    created_at: timestamp,
    updated_at: timestamp.nullish(),
    merged: z.boolean().nullish(),
    merged_at: timestamp.nullish(),
    merge_commit_sha: sha.nullish(),
    base: z.object({ ref: short }).nullish(),
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
