import { clipName, type ServiceMap, serviceOfRepo, sourceId } from "./naming.js";
import { defined, ignored, type MapResult, mapped, type StrideEventInput } from "./source.js";

/**
 * Releases of code hosts (GitHub, Gitea, GitLab) as deployments: only when the connection sets
 * releaseDeployments, to its releaseEnvironment, a success at the release's publication.
 */

export interface ReleaseSettings {
  serviceMap: ServiceMap;
  releaseDeployments: boolean;
  releaseEnvironment: string;
}

/** Why a release records nothing when the connection does not read releases as deployments. */
export function releasesNotConfigured(eventType: string): MapResult {
  return ignored(
    eventType,
    "not_configured",
    "releases are deployments only when the connection sets releaseDeployments=true",
  );
}

export interface ReleaseFacts {
  /** source namespace of the id: "github", "gitlab", … */
  source: string;
  repo: string;
  id: string | number;
  tag: string;
  finishedAt: string;
  sha: string | undefined;
}

export function releaseDeployment(release: ReleaseFacts, settings: ReleaseSettings): StrideEventInput {
  return defined({
    type: "deployment" as const,
    id: sourceId(release.source, `${release.repo}/releases/${release.id}`),
    service: serviceOfRepo(release.repo, settings.serviceMap),
    environment: settings.releaseEnvironment,
    finishedAt: release.finishedAt,
    status: "success" as const,
    version: clipName(release.tag),
    sha: release.sha,
    repo: release.repo,
  });
}

/** A release as GitHub and Gitea send it. */
export interface HostRelease {
  id: string;
  tag_name: string;
  target_commitish?: string | null | undefined;
  created_at?: string | null | undefined;
  published_at?: string | null | undefined;
  draft?: boolean | null | undefined;
  prerelease?: boolean | null | undefined;
}

export interface HostReleaseDelivery {
  action?: string | undefined;
  release: HostRelease;
  repo: string;
}

/**
 * A GitHub or Gitea release hook: a deployment when releases are configured, the action is one of `actions` and
 * the release is neither a draft nor a pre-release; its sha when `target_commitish` is a full sha (`fullSha`).
 */
export function mapHostRelease(
  source: string,
  hook: HostReleaseDelivery,
  eventType: string,
  settings: ReleaseSettings,
  rules: { actions: readonly string[]; fullSha: RegExp },
): MapResult {
  if (!settings.releaseDeployments) return releasesNotConfigured(eventType);
  const { release, repo } = hook;
  if (hook.action === undefined || !rules.actions.includes(hook.action)) {
    return ignored(
      eventType,
      "action_not_used",
      `release ${hook.action ?? "(no action)"} is not a deployment`,
    );
  }
  if (release.draft === true || release.prerelease === true) {
    return ignored(eventType, "nothing_to_record", "a draft or pre-release is not a deployment");
  }
  const finishedAt = release.published_at ?? release.created_at;
  if (!finishedAt) return ignored(eventType, "nothing_to_record", "a release with no publication time");
  const target = release.target_commitish ?? "";
  return mapped(eventType, [
    releaseDeployment(
      {
        source,
        repo,
        id: release.id,
        tag: release.tag_name,
        finishedAt,
        sha: rules.fullSha.test(target) ? target.toLowerCase() : undefined,
      },
      settings,
    ),
  ]);
}
