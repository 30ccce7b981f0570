import type {
  BuildRecord,
  ChangeRecord,
  Dataset,
  DeploymentRecord,
  IncidentRecord,
  PullRequestRecord,
} from "./dataset.js";
import { serviceRecord } from "./records.js";

/**
 * A small, hand-checked week (Mon 2026-03-02 to Mon 2026-03-09, UTC) of one service, used by the metric tests.
 * The expected numbers are worked out in compute-metrics.test.ts next to each assertion.
 */
export const at = (day: number, hh: number, mm = 0) => Date.UTC(2026, 2, day, hh, mm);
export const HOUR = 3_600_000;

const sha = (n: number) => `${n}`.repeat(40).slice(0, 40);
export const shas = { c1: sha(1), c2: sha(2), c3: sha(3), c4: sha(4), c5: sha(5), c6: sha(6) };

function change(key: keyof typeof shas, committedAt: number, title = `change ${key}`): ChangeRecord {
  return {
    repo: "acme/api",
    sha: shas[key],
    authoredAt: committedAt - HOUR,
    committedAt,
    title,
    pullRequest: null,
    parents: [],
    files: null,
  };
}

function deploy(
  id: string,
  finishedAt: number,
  changes: (keyof typeof shas)[] | null,
  extra: Partial<DeploymentRecord> = {},
): DeploymentRecord {
  return {
    id,
    service: "api",
    environment: "production",
    status: "success",
    kind: "deploy",
    startedAt: finishedAt - 10 * 60_000,
    finishedAt,
    sha: null,
    version: null,
    repo: "acme/api",
    changes: changes === null ? null : changes.map((c) => shas[c]),
    ...extra,
  };
}

function incident(id: string, extra: Partial<IncidentRecord> & { detectedAt: number }): IncidentRecord {
  return {
    id,
    services: ["api"],
    environment: null,
    severity: "sev2",
    title: null,
    startedAt: null,
    acknowledgedAt: null,
    resolvedAt: null,
    cause: { deployment: null, sha: null, version: null },
    ...extra,
  };
}

function build(
  id: string,
  sha: string,
  status: BuildRecord["status"],
  total: number,
  failed: number,
): BuildRecord {
  const finishedAt = at(4, 9);
  return {
    id,
    repo: "acme/api",
    sha,
    pipeline: "ci",
    startedAt: finishedAt - HOUR,
    finishedAt,
    status,
    tests: { total, failed, skipped: 0 },
  };
}

const pr1: PullRequestRecord = {
  repo: "acme/api",
  number: 1,
  createdAt: at(2, 7),
  firstCommitAt: at(2, 6),
  firstReviewAt: at(2, 7, 30),
  mergedAt: at(2, 8),
  mergeSha: shas.c2,
  commits: null,
};

export function scenario(): Dataset {
  return {
    services: [serviceRecord({ name: "api", team: "core", repos: ["acme/api"] })],
    changes: [
      change("c1", at(1, 10)),
      change("c2", at(2, 8)),
      change("c3", at(3, 9)),
      change("c4", at(4, 12)),
      change("c5", at(5, 10)),
      change("c6", at(6, 12)),
    ],
    pullRequests: [pr1],
    deployments: [
      deploy("d0", at(1, 20), ["c1"]),
      deploy("d1", at(2, 10), ["c1", "c2"]),
      deploy("s1", at(2, 9), ["c2"], { environment: "staging" }),
      deploy("d2", at(3, 12), ["c3"]),
      deploy("d2-failed", at(3, 13), null, { status: "failure" }),
      deploy("d3", at(3, 13, 30), []),
      deploy("d4", at(4, 15), ["c4"]),
      deploy("d5", at(4, 16), null, { kind: "rollback" }),
      deploy("d9-cancelled", at(5, 8), null, { status: "cancelled" }),
      deploy("d6", at(6, 11), ["c5", "c6"], { startedAt: at(6, 10, 40) }),
      deploy("d7", at(8, 23, 30), null, { kind: "hotfix" }),
      deploy("d8", at(9, 0), ["c6"]),
    ],
    incidents: [
      incident("i1", {
        startedAt: at(3, 12, 30),
        detectedAt: at(3, 12, 40),
        acknowledgedAt: at(3, 12, 45),
        resolvedAt: at(3, 13, 40),
        cause: { deployment: "d2", sha: null, version: null },
      }),
      incident("i2", { detectedAt: at(8, 10) }),
      incident("i3", { services: [], detectedAt: at(5, 10), resolvedAt: at(5, 10, 30) }),
    ],
    builds: [
      build("b1", shas.c3, "success", 100, 0),
      build("b2", shas.c3, "failure", 100, 3),
      build("b3", shas.c4, "cancelled", 0, 0),
      build("b4", shas.c4, "success", 50, 0),
    ],
  };
}

/** The same week as Stride events, as a client would POST them. */
export function scenarioEvents(): Record<string, unknown>[] {
  const data = scenario();
  const iso = (ms: number | null) => (ms === null ? undefined : new Date(ms).toISOString());
  const defined = (o: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));
  return [
    ...data.services.map((s) => defined({ type: "service", name: s.name, team: s.team, repos: s.repos })),
    ...data.changes.map((c) =>
      defined({
        type: "change",
        repo: c.repo,
        sha: c.sha,
        authoredAt: iso(c.authoredAt),
        committedAt: iso(c.committedAt),
        author: "ana",
        title: c.title,
      }),
    ),
    ...data.pullRequests.map((p) =>
      defined({
        type: "pull_request",
        repo: p.repo,
        number: p.number,
        title: "PR",
        author: "ana",
        createdAt: iso(p.createdAt),
        firstCommitAt: iso(p.firstCommitAt),
        firstReviewAt: iso(p.firstReviewAt),
        mergedAt: iso(p.mergedAt),
        mergeSha: p.mergeSha,
      }),
    ),
    ...data.deployments.map((d) =>
      defined({
        type: "deployment",
        id: d.id,
        service: d.service,
        environment: d.environment,
        status: d.status,
        kind: d.kind,
        startedAt: iso(d.startedAt),
        finishedAt: iso(d.finishedAt),
        repo: d.repo,
        changes: d.changes,
      }),
    ),
    ...data.incidents.map((i) =>
      defined({
        type: "incident",
        id: i.id,
        services: i.services,
        severity: i.severity,
        startedAt: iso(i.startedAt),
        detectedAt: iso(i.detectedAt),
        acknowledgedAt: iso(i.acknowledgedAt),
        resolvedAt: iso(i.resolvedAt),
        cause: i.cause.deployment === null ? undefined : { deployment: i.cause.deployment },
      }),
    ),
    ...data.builds.map((b) =>
      defined({
        type: "build",
        id: b.id,
        repo: b.repo,
        sha: b.sha,
        pipeline: b.pipeline,
        startedAt: iso(b.startedAt),
        finishedAt: iso(b.finishedAt),
        status: b.status,
        tests: b.tests,
      }),
    ),
  ];
}
