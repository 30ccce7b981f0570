import { z } from "zod";

/**
 * Connection settings every source shares (each source's schema spreads these). Settings are stored as given and
 * read with defaults at each delivery, so a default that improves applies to existing connections.
 */

const name = z.string().min(1).max(256);

/** Source name (`owner/repo`, a PagerDuty service, a CDEvents service id) → Stride service. */
export const serviceMap = z.record(z.string().min(1).max(512), name).default({});

/** Glob patterns (`*`, `?`, case-insensitive), as one string (comma-separated) or a list. */
export const globList = z
  .union([z.string().max(1024), z.array(z.string().min(1).max(256)).max(20)])
  .transform((v) => (typeof v === "string" ? v.split(",") : v).map((p) => p.trim()).filter((p) => p !== ""))
  .pipe(z.array(z.string().min(1).max(256)).max(20));

export const sharedSettings = { serviceMap };

/** The settings of a code host (GitHub, GitLab, and the second wave's Bitbucket, Azure DevOps, Gitea). */
export const codeHostSettings = {
  ...sharedSettings,
  /** CI runs or jobs whose name matches are also deployments (default: none) */
  deployPattern: globList.default([]),
  /** the environment of those deployments */
  deployEnvironment: name.default("production"),
  /** issues with this label (case-insensitive) are incidents */
  incidentLabel: name.default("incident"),
  /** published releases are deployments */
  releaseDeployments: z.boolean().default(false),
  /** the environment of release deployments */
  releaseEnvironment: name.default("production"),
};
