import type { CommitGraph } from "../linking/commit-graph.js";
import type { DeploymentTable } from "../linking/deployment-table.js";
import type { Builds } from "./builds.js";
import type { Link } from "./linked.js";
import type { Shipments } from "./shipments.js";

/**
 * The metrics engine's input: plain records loaded from the store (instants in epoch ms). The engine is pure:
 * everything it needs is here, plus the query and an injected clock.
 */

export type DeploymentStatus = "success" | "failure" | "cancelled" | "in_progress";
export type DeploymentKind = "deploy" | "rollback" | "hotfix";

export interface ServiceRecord {
  name: string;
  team: string | null;
  repos: string[];
  /** null: the configured default production environments apply */
  productionEnvironments: string[] | null;
  /** monorepos: only commits touching these globs ship to the service (empty: every commit) */
  paths: string[];
  /** "24h", "none", …; null: the configured default applies */
  attributionWindow: string | null;
  /** its first deployment ships the history before it */
  countHistory: boolean;
  /** names other tools give it: deployments and incidents naming one belong to this service */
  aliases: string[];
}

export interface DeploymentRecord {
  id: string;
  service: string;
  environment: string;
  status: DeploymentStatus;
  kind: DeploymentKind;
  startedAt: number | null;
  finishedAt: number | null;
  sha: string | null;
  version: string | null;
  repo: string | null;
  /** shas the deployment says it shipped; null when it does not say */
  changes: string[] | null;
}

export interface ChangeRecord {
  repo: string;
  sha: string;
  authoredAt: number;
  committedAt: number;
  title: string;
  pullRequest: number | null;
  parents: string[];
  /** the paths it touches; null when not known */
  files: string[] | null;
}

export interface PullRequestRecord {
  repo: string;
  number: number;
  createdAt: number;
  firstCommitAt: number | null;
  firstReviewAt: number | null;
  mergedAt: number | null;
  mergeSha: string | null;
  commits: string[] | null;
}

export interface IncidentRecord {
  id: string;
  services: string[];
  environment: string | null;
  severity: string | null;
  title: string | null;
  /** when impact began, if the source said (null: it began when detected) */
  startedAt: number | null;
  detectedAt: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  cause: { deployment: string | null; sha: string | null; version: string | null };
}

export interface BuildRecord {
  id: string;
  repo: string;
  sha: string;
  pipeline: string;
  startedAt: number;
  finishedAt: number | null;
  status: DeploymentStatus;
  tests: { total: number; failed: number; skipped: number } | null;
}

export interface Dataset {
  services: ServiceRecord[];
  /**
   * Which deployment first shipped each change, built by the store from one query per service (with the same
   * builder). When absent it is derived from `deployments[].changes`, `changes` and `pullRequests`; when present,
   * deployments' `changes` only need to say whether a list was sent, and `changes`/`pullRequests` may be empty.
   */
  shipments?: Shipments;
  /**
   * The store's generation of change keys (Shipments.commitKey; Store.commitsByKey): a replay renumbers change
   * rows. Absent in the reference path, whose keys are indices into `changes`.
   */
  keyGeneration?: number;
  deployments: DeploymentRecord[];
  /**
   * The deployments as columns, as the store reads them, in a table of no conclusions yet (`deployments` are then
   * its views): linking adopts both instead of copying the records into columns and views of its own.
   */
  deploymentTable?: DeploymentTable;
  changes: ChangeRecord[];
  pullRequests: PullRequestRecord[];
  incidents: IncidentRecord[];
  /** CI runs as records; the store passes `buildRuns` (columns, read row by row) instead and leaves this empty */
  builds: BuildRecord[];
  buildRuns?: Builds;
  /**
   * Commit graphs of the repositories whose deployments need one (no list of changes, or a possible rollback);
   * when absent they are built from `changes`. With `shipments`, the store has already used them for what
   * unlisted deployments shipped, and `graphLinks` says how (see shipped-by-graph.ts).
   */
  graphs?: Map<string, CommitGraph>;
  graphLinks?: Map<string, Link>;
}

export type LeadTimeStart = "committed" | "authored" | "first_commit" | "merged";

export interface EngineSettings {
  /** environment names that count as production when a service does not say (GUIDE §2) */
  productionEnvironments: readonly string[];
  /** environment names whose deployments are the "staging" step of the value stream */
  stagingEnvironments: readonly string[];
  /** where a change's lead time starts: its commit (default), authoring, its PR's first commit, or the merge */
  leadTimeStart: LeadTimeStart;
  /** how long after a deployment an incident may be blamed on it without naming it; null: never ("none") */
  attributionWindowMs: number | null;
}

export const defaultEngineSettings: EngineSettings = Object.freeze({
  productionEnvironments: Object.freeze(["production", "prod", "live"]),
  stagingEnvironments: Object.freeze(["staging", "stage", "preprod", "pre-production"]),
  leadTimeStart: "committed" as const,
  attributionWindowMs: 24 * 3_600_000,
});
