import { z } from "zod";
import {
  attributionWindow,
  count,
  eventId,
  instant,
  name,
  repo,
  sha,
  status,
  text,
  updatedAt,
} from "./fields.js";

/**
 * Stride's event format, the public contract of POST /api/v1/events (docs/events.md; JSON Schema in schema/).
 * Objects are strict: a misspelt field is an error, not silently dropped. Defaults (a deployment's kind is
 * "deploy", a change's parents are []) are applied when stored rows are projected, never here: a default in an
 * update would overwrite what an earlier event said (see merge-event.ts).
 */

const base = { id: eventId.optional(), updatedAt };

export const changeSchema = z.strictObject({
  type: z.literal("change"),
  ...base,
  repo,
  sha,
  parents: z.array(sha).max(64).optional(),
  authoredAt: instant,
  committedAt: instant,
  author: name,
  title: text(4096),
  pullRequest: z.number().int().positive().optional(),
  /** the paths the commit touches: what decides, in a monorepo, which services it ships to */
  files: z.array(text(1024)).max(100_000).optional(),
});

export const pullRequestSchema = z.strictObject({
  type: z.literal("pull_request"),
  ...base,
  repo,
  number: z.number().int().positive(),
  title: text(4096),
  author: name,
  createdAt: instant,
  firstCommitAt: instant.optional(),
  firstReviewAt: instant.optional(),
  mergedAt: instant.optional(),
  mergeSha: sha.optional(),
  baseBranch: name.optional(),
  commits: z.array(sha).max(10_000).optional(),
});

export const buildSchema = z.strictObject({
  type: z.literal("build"),
  ...base,
  repo,
  sha,
  pipeline: name,
  startedAt: instant,
  finishedAt: instant.optional(),
  status,
  tests: z.strictObject({ total: count, failed: count, skipped: count }).optional(),
});

export const deploymentSchema = z.strictObject({
  type: z.literal("deployment"),
  ...base,
  service: name,
  environment: name,
  startedAt: instant.optional(),
  finishedAt: instant.optional(),
  status,
  kind: z.enum(["deploy", "rollback", "hotfix"]).optional(),
  sha: sha.optional(),
  version: name.optional(),
  repo: repo.optional(),
  changes: z.array(sha).max(100_000).optional(),
  stage: name.optional(),
});

export const incidentSchema = z.strictObject({
  type: z.literal("incident"),
  ...base,
  services: z.array(name).max(100),
  environment: name.optional(),
  severity: name.optional(),
  title: text(4096).optional(),
  startedAt: instant.optional(),
  detectedAt: instant,
  acknowledgedAt: instant.optional(),
  resolvedAt: instant.optional(),
  cause: z
    .strictObject({ deployment: eventId.optional(), sha: sha.optional(), version: name.optional() })
    .optional(),
});

export const flagChangeSchema = z.strictObject({
  type: z.literal("flag_change"),
  ...base,
  flag: name,
  service: name,
  environment: name,
  at: instant,
  from: text(4096).optional(),
  to: text(4096),
  percentage: z.number().min(0).max(100).optional(),
});

export const serviceSchema = z.strictObject({
  type: z.literal("service"),
  ...base,
  name,
  team: name.optional(),
  repos: z.array(repo).max(100).optional(),
  paths: z.array(text(1024)).max(100).optional(),
  productionEnvironments: z.array(name).max(20).optional(),
  runbookUrl: z.url().max(2048).optional(),
  /** how long after a deployment an incident may be blamed on it without naming it ("24h", "90m", "2d", "none") */
  attributionWindow: attributionWindow.optional(),
  /** its first deployment ships the history before it (default: ships nothing, GUIDE §3) */
  countHistory: z.boolean().optional(),
  /** the names other tools give it (a PagerDuty or Opsgenie service, a CD tool's application): events naming one count for it */
  aliases: z.array(name).max(100).optional(),
});

export const teamSchema = z.strictObject({
  type: z.literal("team"),
  ...base,
  name,
});

export const eventSchemas = {
  change: changeSchema,
  pull_request: pullRequestSchema,
  build: buildSchema,
  deployment: deploymentSchema,
  incident: incidentSchema,
  flag_change: flagChangeSchema,
  service: serviceSchema,
  team: teamSchema,
} as const;

export type EventType = keyof typeof eventSchemas;
export const eventTypes = Object.keys(eventSchemas) as EventType[];

/** An event after validation: instants are epoch ms, repos and shas normalized, id still optional. */
export type ParsedEvent = { [K in EventType]: z.output<(typeof eventSchemas)[K]> }[EventType];
export type ParsedEventOf<K extends EventType> = z.output<(typeof eventSchemas)[K]>;

/** An event ready to store: it has its stable id. */
export type StrideEvent = ParsedEvent & { id: string };
export type StrideEventOf<K extends EventType> = ParsedEventOf<K> & { id: string };

export function isEventType(value: unknown): value is EventType {
  return typeof value === "string" && Object.hasOwn(eventSchemas, value);
}
