import { z } from "zod";
import { sha, timestamp } from "../payload.js";
import { sharedSettings } from "../settings.js";

/**
 * The Bitbucket Data Center (Server) payload fields Stride reads, per event key (X-Event-Key, also the body's
 * `eventKey`; https://confluence.atlassian.com/bitbucketserver/event-payload-938025882.html). Extra fields are
 * ignored; the ones listed are checked. Instants are epoch milliseconds (`createdDate`) or ISO 8601 with a `+0100`
 * offset (`date`). A repository is `<project key>/<slug>` (`PROJ/shop`; personal projects `~user/shop`).
 */

export const bitbucketServerSettings = z.strictObject(sharedSettings);
export type BitbucketServerSettings = z.output<typeof bitbucketServerSettings>;

const text = z.string().max(1_000_000);
const word = z.string().max(128);
const short = z.string().max(1024);
const segment = z
  .string()
  .max(256)
  .regex(/^[^\s/]+$/, "a project key or repository slug has no spaces or slashes");

/** `PROJ/slug`: what the clone URL …/scm/PROJ/slug.git normalizes to as well */
const repository = z
  .object({ slug: segment, project: z.object({ key: segment }) })
  .transform((r) => `${r.project.key}/${r.slug}`);

const user = z.object({ name: short.nullish(), slug: short.nullish() }).nullish();
export type User = z.output<typeof user>;

const commit = z.object({
  id: sha,
  message: text.nullish(),
  author: z.object({ name: short.nullish() }).nullish(),
  authorTimestamp: timestamp.nullish(),
  committerTimestamp: timestamp.nullish(),
  parents: z
    .array(z.object({ id: sha }))
    .max(64)
    .nullish(),
});
export type ServerCommit = z.output<typeof commit>;

export const refsChangedPayload = z.object({
  repository,
  changes: z
    .array(
      z.object({
        ref: z.object({ type: word.nullish() }).nullish(),
        refId: short.nullish(),
        fromHash: sha,
        toHash: sha,
        /** ADD, UPDATE, DELETE */
        type: word,
      }),
    )
    .max(1000),
  /** Bitbucket 8+ lists the pushed commits (at most 5 by default, newest first) with their parents */
  commits: z.array(commit).max(10_000).nullish(),
  /** Bitbucket 8+: the new tip */
  toCommit: commit.nullish(),
});

export const pullRequestPayload = z.object({
  /** when the event happened: an approval's time */
  date: timestamp.nullish(),
  pullRequest: z.object({
    id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    title: text,
    /** OPEN, MERGED, DECLINED */
    state: word.nullish(),
    createdDate: timestamp,
    updatedDate: timestamp.nullish(),
    closedDate: timestamp.nullish(),
    author: z.object({ user }).nullish(),
    toRef: z.object({ displayId: short.nullish(), repository }),
    properties: z.object({ mergeCommit: z.object({ id: sha }).nullish() }).nullish(),
  }),
  /** pr:reviewer:approved / needs_work: the reviewer */
  participant: z.object({ user }).nullish(),
});
