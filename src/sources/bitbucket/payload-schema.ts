import { z } from "zod";
import { label, repoName, sha, timestamp } from "../payload.js";
import { codeHostSettings } from "../settings.js";

/**
 * The Bitbucket Cloud payload fields Stride reads, per event key (X-Event-Key;
 * https://support.atlassian.com/bitbucket-cloud/docs/event-payloads/). Extra fields are ignored; the ones listed
 * are checked. Accounts carry `nickname` (older payloads `username`) and `display_name`; a commit's author is
 * `{raw: "Name <email>", user?: account}`.
 */

const { serviceMap, deployPattern, deployEnvironment } = codeHostSettings;
export const bitbucketSettings = z.strictObject({ serviceMap, deployPattern, deployEnvironment });
export type BitbucketSettings = z.output<typeof bitbucketSettings>;

const text = z.string().max(1_000_000);
const word = z.string().max(128);
const short = z.string().max(1024);

const repository = z.object({ full_name: repoName });

export const account = z
  .object({
    nickname: short.nullish(),
    username: short.nullish(),
    display_name: short.nullish(),
  })
  .nullish();
export type Account = z.output<typeof account>;

/** a commit's author: git's `raw` "Name <email>", and the Bitbucket account when one matches */
export const commitAuthor = z
  .object({
    raw: short.nullish(),
    user: account,
    nickname: short.nullish(),
    username: short.nullish(),
    display_name: short.nullish(),
  })
  .nullish();
export type CommitAuthor = z.output<typeof commitAuthor>;

export const pushedCommit = z.object({
  hash: sha,
  /** absent from some documented examples: such a commit cannot be a change (it has no time) */
  date: timestamp.nullish(),
  message: text.nullish(),
  author: commitAuthor,
  parents: z
    .array(z.object({ hash: sha }))
    .max(64)
    .nullish(),
});
export type PushedCommit = z.output<typeof pushedCommit>;

const refState = z.object({
  /** branch, tag, annotated_tag (named_branch and bookmark for old Mercurial repositories) */
  type: word,
  target: pushedCommit.nullish(),
});

export const pushPayload = z.object({
  repository,
  push: z.object({
    changes: z
      .array(
        z.object({
          new: refState.nullish(),
          old: refState.nullish(),
          created: z.boolean().nullish(),
          closed: z.boolean().nullish(),
          forced: z.boolean().nullish(),
          /** Bitbucket lists at most 5 commits, newest first; `truncated` says more were pushed */
          truncated: z.boolean().nullish(),
          commits: z.array(pushedCommit).max(100_000).nullish(),
        }),
      )
      .max(1000),
  }),
});

export const pullRequestPayload = z.object({
  repository,
  pullrequest: z.object({
    id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    title: text,
    author: account,
    created_on: timestamp,
    updated_on: timestamp.nullish(),
    /** OPEN, MERGED, DECLINED, SUPERSEDED */
    state: word.nullish(),
    destination: z.object({ branch: z.object({ name: short }).nullish() }).nullish(),
    /** an abbreviated (12 hex digits) hash in Bitbucket's payloads */
    merge_commit: z.object({ hash: sha }).nullish(),
  }),
  /** pullrequest:approved */
  approval: z.object({ date: timestamp, user: account }).nullish(),
});

export const commitStatusPayload = z.object({
  repository,
  commit_status: z.object({
    key: label,
    name: z.string().max(4096).nullish(),
    /** INPROGRESS, SUCCESSFUL, FAILED, STOPPED */
    state: word,
    created_on: timestamp,
    updated_on: timestamp.nullish(),
    commit: z.object({ hash: sha }).nullish(),
    /** …/commit/<sha>: where the sha is when `commit` is absent */
    links: z.object({ commit: z.object({ href: z.string().max(4096) }).nullish() }).nullish(),
  }),
});
