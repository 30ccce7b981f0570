import type { EventType, StrideEventOf } from "../domain/events/schema.js";
import { pullRequestInTitle } from "../domain/linking/pull-requests.js";
import type { Database, EntityTableName } from "./database.js";

/**
 * Where each event type is stored and how its merged data projects onto typed columns. Defaults of the event
 * format (kind "deploy", parents []) are applied here, after the merge.
 */

type Columns<T extends EntityTableName> = Omit<Database[T], "id" | "data" | "clocks">;

interface EntityTable<K extends EventType, T extends EntityTableName> {
  table: T;
  project(event: StrideEventOf<K>): Columns<T>;
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
const opt = <V>(value: V | undefined): V | null => (value === undefined ? null : value);

const change: EntityTable<"change", "changes"> = {
  table: "changes",
  project: (e) => ({
    repo: e.repo,
    sha: e.sha,
    parents: JSON.stringify(e.parents ?? []),
    authored_at: e.authoredAt,
    committed_at: e.committedAt,
    author: e.author,
    title: e.title,
    // A squash merge names its PR only in the title: "Fix totals (#123)".
    pull_request: e.pullRequest ?? pullRequestInTitle(e.title),
    files: json(e.files),
  }),
};

const pullRequest: EntityTable<"pull_request", "pull_requests"> = {
  table: "pull_requests",
  project: (e) => ({
    repo: e.repo,
    number: e.number,
    title: e.title,
    author: e.author,
    created_at: e.createdAt,
    first_commit_at: opt(e.firstCommitAt),
    first_review_at: opt(e.firstReviewAt),
    merged_at: opt(e.mergedAt),
    merge_sha: opt(e.mergeSha),
    base_branch: opt(e.baseBranch),
    commits: json(e.commits),
  }),
};

const build: EntityTable<"build", "builds"> = {
  table: "builds",
  project: (e) => ({
    repo: e.repo,
    sha: e.sha,
    pipeline: e.pipeline,
    started_at: e.startedAt,
    finished_at: opt(e.finishedAt),
    status: e.status,
    tests_total: opt(e.tests?.total),
    tests_failed: opt(e.tests?.failed),
    tests_skipped: opt(e.tests?.skipped),
  }),
};

const deployment: EntityTable<"deployment", "deployments"> = {
  table: "deployments",
  project: (e) => ({
    service: e.service,
    environment: e.environment,
    started_at: opt(e.startedAt),
    finished_at: opt(e.finishedAt),
    status: e.status,
    kind: e.kind ?? "deploy",
    sha: opt(e.sha),
    version: opt(e.version),
    repo: opt(e.repo),
    changes: json(e.changes),
    stage: opt(e.stage),
  }),
};

const incident: EntityTable<"incident", "incidents"> = {
  table: "incidents",
  project: (e) => ({
    services: JSON.stringify(e.services),
    environment: opt(e.environment),
    severity: opt(e.severity),
    title: opt(e.title),
    started_at: e.startedAt ?? e.detectedAt,
    detected_at: e.detectedAt,
    acknowledged_at: opt(e.acknowledgedAt),
    resolved_at: opt(e.resolvedAt),
    cause_deployment: opt(e.cause?.deployment),
    cause_sha: opt(e.cause?.sha),
    cause_version: opt(e.cause?.version),
  }),
};

const flagChange: EntityTable<"flag_change", "flag_changes"> = {
  table: "flag_changes",
  project: (e) => ({
    flag: e.flag,
    service: e.service,
    environment: e.environment,
    at: e.at,
    from_value: opt(e.from),
    to_value: e.to,
    percentage: opt(e.percentage),
  }),
};

const service: EntityTable<"service", "services"> = {
  table: "services",
  project: (e) => ({
    name: e.name,
    team: opt(e.team),
    repos: json(e.repos),
    paths: json(e.paths),
    production_environments: json(e.productionEnvironments),
    runbook_url: opt(e.runbookUrl),
  }),
};

const team: EntityTable<"team", "teams"> = {
  table: "teams",
  project: (e) => ({ name: e.name }),
};

export const entityTables: { [K in EventType]: EntityTable<K, EntityTableName> } = {
  change,
  pull_request: pullRequest,
  build,
  deployment,
  incident,
  flag_change: flagChange,
  service,
  team,
} as never;

export const entityTableNames = Object.values(entityTables).map((t) => t.table);

/**
 * Merged data of one type is always a valid event of that type: every version was validated, and the merge
 * only keeps whole field values. This is the one place that relies on it.
 */
export function projectRow(type: EventType, data: Record<string, unknown>): Record<string, unknown> {
  const spec = entityTables[type] as unknown as {
    project(event: Record<string, unknown>): Record<string, unknown>;
  };
  return spec.project(data);
}
