import { StrideError } from "../errors.js";
import { checkRepository, type Repository } from "./check-repository.js";
import type { DeployLogProblem } from "./deploy-log.js";
import { readDeployLog } from "./deploy-log.js";
import { type DeploymentTarget, logDeployments, tagDeployments } from "./deployment-events.js";
import { readTags } from "./read-tags.js";
import { type RepoIdentity, resolveRepo } from "./resolve-repo.js";

export interface GitImportOptions {
  path: string;
  /** the repository's name; default from the origin remote, else local/<directory> */
  repo?: string;
  /** default: the last part of the repository's name */
  service?: string;
  /** default "production" */
  environment?: string;
  deployTags?: string;
  deployLog?: string;
  /** path globs of the service inside the repository (a monorepo): also read each commit's files */
  paths?: readonly string[];
  countHistory?: boolean;
  /** read every commit again, not only those the store lacks */
  full?: boolean;
}

export interface PreparedGitImport {
  repository: Repository;
  identity: RepoIdentity;
  target: DeploymentTarget;
  paths: readonly string[];
  countHistory: boolean;
  full: boolean;
  deployments: Record<string, unknown>[];
  /** deploy log rows left out, with their line numbers */
  deployLogProblems: DeployLogProblem[];
  /** tags matching --deploy-tags that point at no commit */
  skippedTags: string[];
}

/**
 * Everything an import can check before it writes: git, the repository, its name, the tags or the deploy log.
 * Any of these failing stops the import with nothing stored.
 */
export async function prepareGitImport(options: GitImportOptions): Promise<PreparedGitImport> {
  if (options.deployTags !== undefined && options.deployLog !== undefined) {
    throw new StrideError(
      "invalid_argument",
      "--deploy-tags and --deploy-log both say where deployments come from",
      "give one of them",
      "--deploy-tags",
    );
  }
  // the log is read first: a missing file is found without running git
  const log = options.deployLog === undefined ? undefined : readDeployLog(options.deployLog);
  const repository = await checkRepository(options.path);
  const identity = await resolveRepo(repository, options.repo);
  const target: DeploymentTarget = {
    repo: identity.repo,
    service: options.service ?? identity.repo.split("/").at(-1) ?? repository.name,
    environment: options.environment ?? "production",
  };
  let deployments: Record<string, unknown>[] = [];
  let deployLogProblems: DeployLogProblem[] = [];
  let skippedTags: string[] = [];
  if (options.deployTags !== undefined) {
    const read = await readTags(repository.dir, options.deployTags);
    deployments = tagDeployments(read.tags, target);
    skippedTags = read.skipped;
  } else if (log !== undefined) {
    const read = await logDeployments(repository.dir, log, target);
    deployments = read.events;
    deployLogProblems = read.problems;
  }
  return {
    repository,
    identity,
    target,
    paths: options.paths ?? [],
    countHistory: options.countHistory === true,
    full: options.full === true,
    deployments,
    deployLogProblems,
    skippedTags,
  };
}
