import type { Kysely } from "kysely";
import type { Dataset, DeploymentKind, DeploymentStatus } from "../domain/metrics/dataset.js";
import type { Database } from "./database.js";

const list = (json: string | null): string[] | null =>
  json === null ? null : (JSON.parse(json) as string[]);

/** Reads every entity the metrics engine needs, as plain records (the engine itself does no I/O). */
export async function loadDataset(db: Kysely<Database>): Promise<Dataset> {
  const [services, deployments, changes, pullRequests, incidents, builds] = await Promise.all([
    db.selectFrom("services").select(["name", "team", "repos", "production_environments"]).execute(),
    db
      .selectFrom("deployments")
      .select([
        "id",
        "service",
        "environment",
        "status",
        "kind",
        "started_at",
        "finished_at",
        "sha",
        "version",
        "repo",
        "changes",
      ])
      .execute(),
    db
      .selectFrom("changes")
      .select(["repo", "sha", "authored_at", "committed_at", "title", "pull_request"])
      .execute(),
    db
      .selectFrom("pull_requests")
      .select([
        "repo",
        "number",
        "created_at",
        "first_commit_at",
        "first_review_at",
        "merged_at",
        "merge_sha",
        "commits",
      ])
      .execute(),
    db.selectFrom("incidents").select(["data"]).execute(),
    db
      .selectFrom("builds")
      .select([
        "id",
        "repo",
        "sha",
        "pipeline",
        "started_at",
        "finished_at",
        "status",
        "tests_total",
        "tests_failed",
        "tests_skipped",
      ])
      .execute(),
  ]);
  return {
    services: services.map((s) => ({
      name: s.name,
      team: s.team,
      repos: list(s.repos) ?? [],
      productionEnvironments: list(s.production_environments),
    })),
    deployments: deployments.map((d) => ({
      id: d.id,
      service: d.service,
      environment: d.environment,
      status: d.status as DeploymentStatus,
      kind: d.kind as DeploymentKind,
      startedAt: d.started_at,
      finishedAt: d.finished_at,
      sha: d.sha,
      version: d.version,
      repo: d.repo,
      changes: list(d.changes),
    })),
    changes: changes.map((c) => ({
      repo: c.repo,
      sha: c.sha,
      authoredAt: c.authored_at,
      committedAt: c.committed_at,
      title: c.title,
      pullRequest: c.pull_request,
    })),
    pullRequests: pullRequests.map((p) => ({
      repo: p.repo,
      number: p.number,
      createdAt: p.created_at,
      firstCommitAt: p.first_commit_at,
      firstReviewAt: p.first_review_at,
      mergedAt: p.merged_at,
      mergeSha: p.merge_sha,
      commits: list(p.commits),
    })),
    // The merged event, not the columns: the engine needs to know whether the source said when impact began.
    incidents: incidents.map(({ data }) => {
      const e = JSON.parse(data) as IncidentData;
      return {
        id: e.id,
        services: e.services,
        environment: e.environment ?? null,
        severity: e.severity ?? null,
        title: e.title ?? null,
        startedAt: e.startedAt ?? null,
        detectedAt: e.detectedAt,
        acknowledgedAt: e.acknowledgedAt ?? null,
        resolvedAt: e.resolvedAt ?? null,
        cause: {
          deployment: e.cause?.deployment ?? null,
          sha: e.cause?.sha ?? null,
          version: e.cause?.version ?? null,
        },
      };
    }),
    builds: builds.map((b) => ({
      id: b.id,
      repo: b.repo,
      sha: b.sha,
      pipeline: b.pipeline,
      startedAt: b.started_at,
      finishedAt: b.finished_at,
      status: b.status as DeploymentStatus,
      tests:
        b.tests_total === null
          ? null
          : { total: b.tests_total, failed: b.tests_failed ?? 0, skipped: b.tests_skipped ?? 0 },
    })),
  };
}

interface IncidentData {
  id: string;
  services: string[];
  environment?: string;
  severity?: string;
  title?: string;
  startedAt?: number;
  detectedAt: number;
  acknowledgedAt?: number;
  resolvedAt?: number;
  cause?: { deployment?: string; sha?: string; version?: string };
}
