import { z } from "zod";
import { normalizeRepo } from "../../domain/repo.js";
import { idText, label, sha, timestamp } from "../payload.js";
import { codeHostSettings } from "../settings.js";

/**
 * The Azure DevOps service-hook payload fields Stride reads, per `eventType`
 * (https://learn.microsoft.com/azure/devops/service-hooks/events). Extra fields are ignored; the ones listed are
 * checked. The event type is in the body, not in a header. A repository is `<project>/<repository>` as Azure DevOps
 * names them (whitespace written `%20`, as in Azure's own URLs: `My Project/shop` → `My%20Project/shop`).
 */

const { serviceMap, deployPattern, deployEnvironment } = codeHostSettings;
export const azureDevopsSettings = z.strictObject({ serviceMap, deployPattern, deployEnvironment });
export type AzureDevopsSettings = z.output<typeof azureDevopsSettings>;

const text = z.string().max(1_000_000);
const word = z.string().max(128);
const short = z.string().max(1024);

/** `project/repository`; undefined when the names do not make a repository name */
export function azureRepo(project: string, repository: string): string | undefined {
  const encode = (name: string) => name.trim().replace(/\s/g, (c) => encodeURIComponent(c));
  return normalizeRepo(`${encode(project)}/${encode(repository)}`);
}

const gitRepository = z.object({ name: label, project: z.object({ name: label }) }).transform((r, ctx) => {
  const repo = azureRepo(r.project.name, r.name);
  if (repo === undefined) {
    ctx.issues.push({
      code: "custom",
      input: r,
      message: `"${r.project.name}/${r.name}" is not a repository name`,
    });
    return z.NEVER;
  }
  return repo;
});

/**
 * An instant that may be absent or a placeholder: Azure DevOps writes `0001-01-01T00:00:00` (no zone) for dates not
 * set yet. Anything that is not a real instant after 1970 reads as absent.
 */
const laterInstant = z.unknown().transform((value) => {
  const parsed = timestamp.safeParse(value);
  return parsed.success && parsed.data >= "1970-01-02" ? parsed.data : undefined;
});

export const envelope = z.object({ eventType: word });

const identity = z
  .object({ id: short.nullish(), displayName: short.nullish(), uniqueName: short.nullish() })
  .nullish();
export type Identity = z.output<typeof identity>;

export const pushPayload = z.object({
  resource: z.object({
    repository: gitRepository,
    refUpdates: z.array(z.object({ name: short, oldObjectId: sha, newObjectId: sha })).max(1000),
    /** the pushed commits; their order is not guaranteed */
    commits: z
      .array(
        z.object({
          commitId: sha,
          comment: text.nullish(),
          author: z.object({ name: short.nullish(), date: timestamp }),
          committer: z.object({ name: short.nullish(), date: timestamp }).nullish(),
        }),
      )
      .max(100_000)
      .nullish(),
  }),
});

export const pullRequestPayload = z.object({
  /** when Azure DevOps raised the event: the completion time when `closedDate` is missing */
  createdDate: laterInstant,
  resource: z.object({
    repository: gitRepository,
    pullRequestId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    title: text,
    /** active, abandoned, completed */
    status: word,
    createdBy: identity,
    creationDate: timestamp,
    closedDate: laterInstant,
    targetRefName: short.nullish(),
    lastMergeCommit: z.object({ commitId: sha }).nullish(),
  }),
});

export const buildPayload = z.object({
  resource: z.object({
    id: idText,
    /** resourceVersion 2.0: status "completed" and the outcome in `result`; 1.0: the outcome in `status` */
    status: word.nullish(),
    result: word.nullish(),
    queueTime: timestamp.nullish(),
    startTime: timestamp.nullish(),
    finishTime: timestamp.nullish(),
    definition: z.object({ name: label.nullish(), project: z.object({ name: label }).nullish() }).nullish(),
    project: z.object({ name: label }).nullish(),
    /** 2.0: the repository built (TfsGit: named within the project; GitHub: `owner/repo`) */
    repository: z.object({ name: label, type: word.nullish() }).nullish(),
    /** 2.0: the commit built */
    sourceVersion: short.nullish(),
    /** 1.0 (XAML): `LG:<ref>:<sha>` */
    sourceGetVersion: short.nullish(),
  }),
});
