import { validateEvent } from "../domain/events/validate-event.js";
import { errorBody } from "../errors.js";
import type { DeployLog, DeployLogProblem } from "./deploy-log.js";
import type { GitTag } from "./read-tags.js";
import { resolveCommits } from "./resolve-commits.js";

export interface DeploymentTarget {
  repo: string;
  service: string;
  /** the environment of every tag, and of log rows that name none */
  environment: string;
}

/**
 * One successful deployment per tag, at the tag's date, of the tagged commit. The id is stable
 * (`git:<repo>:<service>:<environment>:<tag>`: a monorepo's services deploy the same tags), so importing again is a duplicate, not a second deployment. No `changes`:
 * the linker works out what each one shipped from the commit graph.
 */
export function tagDeployments(tags: readonly GitTag[], target: DeploymentTarget): Record<string, unknown>[] {
  return tags.map((tag) => ({
    type: "deployment",
    id: `git:${target.repo}:${target.service}:${target.environment}:${tag.name}`,
    service: target.service,
    environment: target.environment,
    status: "success",
    finishedAt: tag.date,
    sha: tag.sha,
    version: tag.name,
    repo: target.repo,
  }));
}

export interface LogDeployments {
  events: Record<string, unknown>[];
  /** the log's own problems and the rows that fail validation, by line */
  problems: DeployLogProblem[];
}

/**
 * The deploy log's rows as deployment events, each validated exactly as ingest would, and with its commit
 * checked against the repository: an abbreviated sha becomes the full one, a sha the repository does not have
 * is a problem on that row, and a row with only a version gets the commit of the tag of that name when there
 * is one. Status defaults to success; the id, when the log gives none, is the one ingest derives.
 */
export async function logDeployments(
  dir: string,
  log: DeployLog,
  target: DeploymentTarget,
): Promise<LogDeployments> {
  const problems = [...log.problems];
  const valid: { line: number; event: Record<string, unknown> }[] = [];
  for (const row of log.rows) {
    const event: Record<string, unknown> = {
      type: "deployment",
      service: target.service,
      environment: target.environment,
      status: "success",
      repo: target.repo,
      ...row.values,
    };
    const result = validateEvent(event);
    if (result.ok) valid.push({ line: row.line, event });
    else problems.push({ line: row.line, error: result.error });
  }
  const revision = (e: Record<string, unknown>) =>
    typeof e.sha === "string" ? e.sha : typeof e.version === "string" ? `refs/tags/${e.version}` : "";
  const commits = await resolveCommits(
    dir,
    valid.map((v) => revision(v.event)),
  );
  const events: Record<string, unknown>[] = [];
  for (const { line, event } of valid) {
    const sha = commits.get(revision(event));
    if (sha !== undefined) event.sha = sha;
    else if (event.sha !== undefined) {
      problems.push({
        line,
        error: errorBody(
          "invalid_field",
          `sha: commit ${String(event.sha)} is not in the repository`,
          "fetch the branch that holds it (git fetch), or correct the sha",
          "sha",
        ),
      });
      continue;
    }
    events.push(event);
  }
  problems.sort((a, b) => a.line - b.line);
  return { events, problems };
}
