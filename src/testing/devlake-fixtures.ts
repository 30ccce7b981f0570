import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { z } from "zod";
import { type CsvCell, csvRecords } from "../csv/csv-records.js";
import type { EventType, eventSchemas } from "../domain/events/schema.js";

/**
 * Apache DevLake's dora e2e CSVs (shared/fixtures/devlake/dora, Apache-2.0; provenance in shared/fixtures/SOURCES.md)
 * read and turned into Stride events, so that Stride's linking can be compared with DevLake's expected outputs
 * (src/domain/metrics/devlake-comparison.test.ts; findings in docs/metrics.md, "Compared with Apache DevLake").
 *
 * Mapping decisions (DevLake → Stride), each chosen so that Stride sees what DevLake's own queries see:
 *
 * - CSV cells: an unquoted empty cell, `\N` or `NULL` is NULL (DevLake's e2e loader stores "" as NULL); a quoted
 *   cell is always the string it holds. Exception: in `commits_diffs.csv` an empty `old_commit_sha` is the empty
 *   string DevLake writes for "no previous deployment", read here as "no old commit".
 * - Instants: values with an offset (`2023-04-10T06:51:47.000+00:00`) are kept; zone-less values
 *   (`2023-4-10 6:51:47`, DevLake's DATETIME columns) are UTC, as DevLake's database session is, and are written as
 *   ISO 8601 with `Z` (Stride rejects a timestamp without zone, it never guesses one).
 * - Shas: DevLake's fixture shas are labels ("commit5", "pr_merge_commit1", "1"); Stride needs 7–64 hex digits. A
 *   value that already is 40 hex digits is kept (lower-cased); any other becomes sha1("devlake:" + label) in hex.
 *   `shaNames` maps them back for reports.
 * - Repositories: DevLake matches commits by sha alone (commits_diffs.commit_sha = pull_requests.merge_commit_sha,
 *   commits_diffs.new_commit_sha = cicd_deployment_commits.commit_sha), and the fixture's repo ids (repo1…) and
 *   deployment repo_urls (REPO111…) name nothing in common. Stride keeps one commit graph per repository, so every
 *   commit, pull request and deployment of a fixture is put in ONE Stride repository, `devlake/dora-e2e`: the same
 *   sha-global namespace DevLake's joins use. repos.id only decides a pull request's or an incident's project.
 * - Projects → teams. A Stride team is the closest thing to a DevLake project (a named set of CI scopes, repos
 *   and boards that each task runs for); project_mapping gives each cicd_scope, repo and board its project. A
 *   scope in two projects would need two teams for one service and is refused (none of the fixtures has one).
 * - (cicd_scope_id, repo_url) → service `<scope>:<repo_url>` (or `<scope>` without repo_url), team = the scope's
 *   project. A DevLake deployment (cicd_deployment_id, a pipeline) deploys several repositories, one
 *   cicd_deployment_commits row each, and DevLake chains "previous successful deployment" per scope, repo_url and
 *   environment; a Stride deployment deploys one service to one environment and is chained per service and
 *   environment. So each row becomes one Stride deployment `devlake:<row id>` of its (scope, repo) service, and the
 *   pipeline id is kept in `deployments` to compare with DevLake's pipeline-level answers. A service per scope
 *   only would chain REPO111's and REPO222's deployments together (what DevLake does not do).
 * - Environments are kept verbatim (`PRODUCTION`, `STAGING`); each service says `productionEnvironments:
 *   ["PRODUCTION"]`, DevLake's `devops.PRODUCTION`. A NULL environment becomes `unspecified` (not production, as
 *   in DevLake, whose chaining also skips it).
 * - result → status: SUCCESS → success, FAILURE → failure, ABORT → cancelled; anything else is refused.
 *   started_date / finished_date → startedAt / finishedAt; commit_sha → sha; no `changes` list (what a deployment
 *   shipped is left to Stride's commit graph, as DevLake leaves it to commits_diffs); no version (a pipeline id
 *   is not a version, and pipeline7 spans three services).
 * - Commit graph: the fixtures hold no commits or commit_parents table, only DevLake's computed diffs
 *   (commits_diffs: old_commit_sha, new_commit_sha, commit_sha = "commit_sha is reachable from new and not from
 *   old"). Each (old, new) group becomes a linear history: its commits in CSV order, the first one's parent is
 *   `old` (none when old is empty), each next one's parent the one before, and `new`'s parent the last. Then the
 *   commits reachable from `new` and not from `old` are exactly the group's commits plus `new` itself. A commit in
 *   several groups keeps every parent it gets. Only commits named in commits_diffs become change events.
 * - Commit facts DevLake's fixture does not carry: a PR merge commit is authored and committed at its PR's
 *   merged_date, by the PR's author, with `pullRequest` = the PR's Stride number; any other commit (a deployed
 *   commit) at the start of the first deployment of it, by "devlake". Title: the DevLake label. Lead times of these
 *   commits are not compared, only which deployment shipped them.
 * - Pull requests: id prN → number N + 1 (Stride numbers are positive; `pullRequests` maps back), repo as above,
 *   title = the DevLake id, author = author_id (or "unknown"), createdAt = created_date, mergedAt = merged_date,
 *   mergeSha = merge_commit_sha, commits = its pull_request_commits, firstCommitAt = their earliest
 *   commit_authored_date, firstReviewAt = the earliest pull_request_comments.created_date by an account other than
 *   the author (GUIDE §1, and DevLake's first_review_id rule). The project is base_repo_id's.
 * - Incidents: id kept verbatim; detectedAt = created_date (no startedAt: DevLake compares with created_date,
 *   Stride with startedAt ?? detectedAt); services = every service of the incident's project, the project being
 *   project_mapping's for (incidents.table, incidents.scope_id); no project → no service. updated_date is not a
 *   resolution time and is dropped; no environment (Stride then uses the services' production environments).
 * - deployment_generator (which CI pipelines count as deployments) is not converted: Stride does not infer
 *   deployments from CI runs; deployments are sent as deployment events.
 */

/** The e2e folder of DevLake's dora plugin: `STRIDE_DEVLAKE_DORA_E2E`, else shared/fixtures beside the repository. */
export const devlakeDoraE2e: string =
  process.env.STRIDE_DEVLAKE_DORA_E2E ??
  fileURLToPath(new URL("../../../shared/fixtures/devlake/dora/e2e", import.meta.url));

export const DEVLAKE_REPO = "devlake/dora-e2e";
export const DEVLAKE_PRODUCTION = "PRODUCTION";
export const NO_ENVIRONMENT = "unspecified";

/** A Stride event as sent (before validation), typed by the event schemas so a misspelt field fails to compile. */
export type EventInput<K extends EventType = EventType> = K extends EventType
  ? z.input<(typeof eventSchemas)[K]>
  : never;

// ---------------------------------------------------------------------------------------------------------------
// CSV

export type CsvRow = Readonly<Record<string, string | null>>;

export interface CsvOptions {
  /** unquoted "", \N and NULL read as null (default true) */
  nulls?: boolean;
}

/** CSV with a header row (csv-records.ts); a record with another number of cells than the header is an error. */
export function parseCsv(text: string, options: CsvOptions = {}): CsvRow[] {
  const nulls = options.nulls ?? true;
  const records = csvRecords(text);
  const header = records.shift();
  if (header === undefined) return [];
  const names = header.cells.map((c) => c.value);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new Error(`CSV header names "${duplicate}" twice`);
  return records.map(({ line, cells }) => {
    if (cells.length !== names.length) {
      throw new Error(`CSV line ${line}: ${cells.length} cells, the header has ${names.length}`);
    }
    const row: Record<string, string | null> = {};
    for (const [i, name] of names.entries()) {
      const cell = cells[i] as CsvCell;
      const isNull =
        nulls && !cell.quoted && (cell.value === "" || cell.value === "\\N" || cell.value === "NULL");
      row[name] = isNull ? null : cell.value;
    }
    return row;
  });
}

export function readCsv(path: string, options?: CsvOptions): CsvRow[] {
  if (!existsSync(path)) {
    throw new Error(
      `${path} not found: set STRIDE_DEVLAKE_DORA_E2E to DevLake's dora e2e folder (see SOURCES.md)`,
    );
  }
  return parseCsv(readFileSync(path, "utf8"), options);
}

/** A cell of a column the file must have (a typo in a column name fails here, not as a silent null). */
export function cell(row: CsvRow, column: string): string | null {
  const value = row[column];
  if (value === undefined) throw new Error(`CSV has no column "${column}"`);
  return value;
}

export function needCell(row: CsvRow, column: string): string {
  const value = cell(row, column);
  if (value === null) throw new Error(`CSV column "${column}" is empty in ${JSON.stringify(row)}`);
  return value;
}

// ---------------------------------------------------------------------------------------------------------------
// Values

const DEVLAKE_LOCAL = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d+)?$/;
const WITH_ZONE = /(?:[Zz]|[+-]\d{2}:?\d{2})$/;

/** A DevLake instant as ISO 8601 with a zone: an offset is kept, a zone-less DATETIME is UTC. */
export function devlakeInstant(value: string): string {
  const text = value.trim();
  if (WITH_ZONE.test(text)) return text;
  const m = DEVLAKE_LOCAL.exec(text);
  if (m === null) throw new Error(`"${value}" is not a DevLake instant`);
  const [, y, mo, d, h, mi, s, frac = ""] = m;
  const two = (v: string | undefined) => (v ?? "").padStart(2, "0");
  return `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}${frac}Z`;
}

/** A DevLake sha label as a Stride sha: 40 hex digits are kept, anything else is sha1("devlake:" + label). */
export function strideSha(label: string): string {
  if (/^[0-9a-fA-F]{40}$/.test(label)) return label.toLowerCase();
  return createHash("sha1").update(`devlake:${label}`).digest("hex");
}

function deploymentStatus(result: string): "success" | "failure" | "cancelled" {
  switch (result) {
    case "SUCCESS":
      return "success";
    case "FAILURE":
      return "failure";
    case "ABORT":
      return "cancelled";
    default:
      throw new Error(`DevLake result "${result}" has no Stride deployment status here`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// project_mapping

export class ProjectMapping {
  private readonly byRow = new Map<string, string>();

  constructor(rows: CsvRow[]) {
    for (const row of rows) {
      const key = `${needCell(row, "table")}\u0000${needCell(row, "row_id")}`;
      const project = needCell(row, "project_name");
      const known = this.byRow.get(key);
      if (known !== undefined && known !== project) {
        throw new Error(
          `${key.replace("\u0000", " ")} is in projects ${known} and ${project}: one team per service`,
        );
      }
      this.byRow.set(key, project);
    }
  }

  /** The project of a row of `table` (cicd_scopes, repos, boards), or null when it is in none. */
  projectOf(table: string, rowId: string): string | null {
    return this.byRow.get(`${table}\u0000${rowId}`) ?? null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// cicd_deployment_commits → teams, services, deployments

export interface DeploymentCommitRow {
  id: string;
  result: string;
  startedDate: string | null;
  finishedDate: string | null;
  /** the DevLake deployment (a pipeline) the row is one repository of */
  cicdDeploymentId: string;
  cicdScopeId: string;
  repoUrl: string | null;
  environment: string | null;
  prevSuccessDeploymentCommitId: string | null;
  /** DevLake's label */
  commitSha: string;
}

export function deploymentCommitRows(rows: CsvRow[]): DeploymentCommitRow[] {
  return rows.map((row) => {
    const started = cell(row, "started_date");
    const finished = cell(row, "finished_date");
    return {
      id: needCell(row, "id"),
      result: needCell(row, "result"),
      startedDate: started === null ? null : devlakeInstant(started),
      finishedDate: finished === null ? null : devlakeInstant(finished),
      cicdDeploymentId: needCell(row, "cicd_deployment_id"),
      cicdScopeId: needCell(row, "cicd_scope_id"),
      repoUrl: cell(row, "repo_url"),
      environment: cell(row, "environment"),
      prevSuccessDeploymentCommitId: cell(row, "prev_success_deployment_commit_id"),
      commitSha: needCell(row, "commit_sha"),
    };
  });
}

export function strideDeploymentId(row: DeploymentCommitRow): string {
  return `devlake:${row.id}`;
}

export function strideServiceName(row: DeploymentCommitRow): string {
  return row.repoUrl === null ? row.cicdScopeId : `${row.cicdScopeId}:${row.repoUrl}`;
}

export interface DeploymentScenario {
  /** teams, services and deployments, in that order */
  events: EventInput[];
  /** the DevLake row behind each Stride deployment id */
  deployments: Map<string, DeploymentCommitRow>;
  /** Stride service name → its team (DevLake project), null when the scope is in no project */
  services: Map<string, string | null>;
  /** Stride sha → DevLake label */
  shaNames: Map<string, string>;
}

export function deploymentScenario(rows: DeploymentCommitRow[], mapping: ProjectMapping): DeploymentScenario {
  const services = new Map<string, string | null>();
  const deployments = new Map<string, DeploymentCommitRow>();
  const shaNames = new Map<string, string>();
  const deploymentEvents: EventInput<"deployment">[] = [];
  for (const row of rows) {
    const service = strideServiceName(row);
    services.set(service, mapping.projectOf("cicd_scopes", row.cicdScopeId));
    const id = strideDeploymentId(row);
    deployments.set(id, row);
    const sha = strideSha(row.commitSha);
    shaNames.set(sha, row.commitSha);
    deploymentEvents.push({
      type: "deployment",
      id,
      service,
      environment: row.environment ?? NO_ENVIRONMENT,
      status: deploymentStatus(row.result),
      ...(row.startedDate === null ? {} : { startedAt: row.startedDate }),
      ...(row.finishedDate === null ? {} : { finishedAt: row.finishedDate }),
      sha,
      repo: DEVLAKE_REPO,
    });
  }
  const teams = [...new Set([...services.values()].filter((t) => t !== null))].sort();
  const events: EventInput[] = [
    ...teams.map((name): EventInput<"team"> => ({ type: "team", name })),
    ...[...services].map(
      ([name, team]): EventInput<"service"> => ({
        type: "service",
        name,
        ...(team === null ? {} : { team }),
        repos: [DEVLAKE_REPO],
        productionEnvironments: [DEVLAKE_PRODUCTION],
      }),
    ),
    ...deploymentEvents,
  ];
  return { events, deployments, services, shaNames };
}

// ---------------------------------------------------------------------------------------------------------------
// change_lead_time: deployments, commit graph from commits_diffs, pull requests

export interface PullRequestInfo {
  devlakeId: string;
  number: number;
  project: string | null;
  /** Stride sha of merge_commit_sha, null when DevLake has none */
  mergeSha: string | null;
  merged: boolean;
}

export interface LeadTimeScenario extends DeploymentScenario {
  /** DevLake PR id → what Stride knows it as */
  pullRequests: Map<string, PullRequestInfo>;
  /** commits_diffs: (old label or "", new label) → commit labels, in CSV order */
  diffs: Map<string, string[]>;
}

export function diffKey(oldLabel: string, newLabel: string): string {
  return `${oldLabel}..${newLabel}`;
}

export function changeLeadTimeScenario(e2e: string = devlakeDoraE2e): LeadTimeScenario {
  const dir = join(e2e, "change_lead_time");
  const mapping = new ProjectMapping(readCsv(join(dir, "project_mapping.csv")));
  const rows = deploymentCommitRows(readCsv(join(dir, "cicd_deployment_commits.csv")));
  const base = deploymentScenario(rows, mapping);
  const prRows = readCsv(join(dir, "pull_requests.csv"));
  const prCommits = readCsv(join(dir, "pull_request_commits.csv"));
  const comments = readCsv(join(dir, "pull_request_comments.csv"));
  // commits_diffs: an empty old_commit_sha is DevLake's "" (no previous deployment), not NULL
  const diffRows = readCsv(join(dir, "commits_diffs.csv"), { nulls: false });

  const pullRequests = new Map<string, PullRequestInfo>();
  const prByMergeLabel = new Map<string, { number: number; mergedAt: string | null; author: string }>();
  const prEvents: EventInput<"pull_request">[] = [];
  for (const [index, row] of prRows.entries()) {
    const devlakeId = needCell(row, "id");
    const number = index + 1;
    const author = cell(row, "author_id") ?? "unknown";
    const mergeLabel = cell(row, "merge_commit_sha");
    const merged = cell(row, "merged_date");
    const mergedAt = merged === null ? null : devlakeInstant(merged);
    const commits = prCommits.filter((c) => needCell(c, "pull_request_id") === devlakeId);
    const firstCommitAt = earliest(commits.map((c) => needCell(c, "commit_authored_date")));
    const firstReviewAt = earliest(
      comments
        .filter(
          (c) =>
            needCell(c, "pull_request_id") === devlakeId && cell(c, "account_id") !== cell(row, "author_id"),
        )
        .map((c) => needCell(c, "created_date")),
    );
    pullRequests.set(devlakeId, {
      devlakeId,
      number,
      project: mapping.projectOf("repos", needCell(row, "base_repo_id")),
      mergeSha: mergeLabel === null ? null : strideSha(mergeLabel),
      merged: mergedAt !== null,
    });
    if (mergeLabel !== null) {
      prByMergeLabel.set(mergeLabel, { number, mergedAt, author });
      base.shaNames.set(strideSha(mergeLabel), mergeLabel);
    }
    for (const c of commits)
      base.shaNames.set(strideSha(needCell(c, "commit_sha")), needCell(c, "commit_sha"));
    prEvents.push({
      type: "pull_request",
      repo: DEVLAKE_REPO,
      number,
      title: devlakeId,
      author,
      createdAt: devlakeInstant(needCell(row, "created_date")),
      ...(firstCommitAt === null ? {} : { firstCommitAt }),
      ...(firstReviewAt === null ? {} : { firstReviewAt }),
      ...(mergedAt === null ? {} : { mergedAt }),
      ...(mergeLabel === null ? {} : { mergeSha: strideSha(mergeLabel) }),
      ...(commits.length === 0 ? {} : { commits: commits.map((c) => strideSha(needCell(c, "commit_sha"))) }),
    });
  }

  // commits_diffs → parents: each (old, new) group is a linear history old ← c1 ← … ← ck ← new
  const diffs = new Map<string, string[]>();
  for (const row of diffRows) {
    const key = diffKey(cell(row, "old_commit_sha") ?? "", needCell(row, "new_commit_sha"));
    const list = diffs.get(key) ?? [];
    list.push(needCell(row, "commit_sha"));
    diffs.set(key, list);
  }
  const parents = new Map<string, string[]>();
  const addParent = (label: string, parent: string | null) => {
    const list = parents.get(label) ?? [];
    if (parent !== null && !list.includes(parent)) list.push(parent);
    parents.set(label, list);
  };
  for (const [key, commits] of diffs) {
    const [oldLabel = "", newLabel = ""] = key.split("..");
    if (oldLabel !== "") addParent(oldLabel, null);
    let previous = oldLabel === "" ? null : oldLabel;
    for (const label of commits) {
      addParent(label, previous);
      previous = label;
    }
    addParent(newLabel, previous);
  }
  const firstDeployed = new Map<string, string>();
  for (const row of [...rows].sort((a, b) => instantOrder(a.startedDate, b.startedDate))) {
    if (row.startedDate !== null && !firstDeployed.has(row.commitSha)) {
      firstDeployed.set(row.commitSha, row.startedDate);
    }
  }
  const changeEvents: EventInput<"change">[] = [...parents].map(([label, parentLabels]) => {
    const pr = prByMergeLabel.get(label);
    const at = pr?.mergedAt ?? firstDeployed.get(label);
    if (at === undefined || at === null) throw new Error(`no instant known for commit ${label}`);
    base.shaNames.set(strideSha(label), label);
    return {
      type: "change",
      repo: DEVLAKE_REPO,
      sha: strideSha(label),
      parents: parentLabels.map(strideSha),
      authoredAt: at,
      committedAt: at,
      author: pr?.author ?? "devlake",
      title: label,
      ...(pr === undefined ? {} : { pullRequest: pr.number }),
    };
  });

  return {
    ...base,
    events: [...base.events, ...changeEvents, ...prEvents],
    pullRequests,
    diffs,
  };
}

function earliest(values: string[]): string | null {
  const instants = values.map(devlakeInstant).sort((a, b) => Date.parse(a) - Date.parse(b));
  return instants[0] ?? null;
}

function instantOrder(a: string | null, b: string | null): number {
  return (
    (a === null ? Number.POSITIVE_INFINITY : Date.parse(a)) -
    (b === null ? Number.POSITIVE_INFINITY : Date.parse(b))
  );
}

/** DevLake's expected project_pr_metrics rows: the deployment (cicd_deployment_commits.id) that first shipped each PR. */
export interface ExpectedPrDeployment {
  pr: string;
  project: string;
  deploymentCommitId: string | null;
  deployedDate: string | null;
}

export function expectedPrDeployments(e2e: string = devlakeDoraE2e): ExpectedPrDeployment[] {
  return readCsv(join(e2e, "change_lead_time", "project_pr_metrics.csv")).map((row) => {
    const deployed = cell(row, "pr_deployed_date");
    return {
      pr: needCell(row, "id"),
      project: needCell(row, "project_name"),
      deploymentCommitId: cell(row, "deployment_commit_id"),
      deployedDate: deployed === null ? null : devlakeInstant(deployed),
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// connect_incident_to_deployment

export interface IncidentScenario extends DeploymentScenario {
  /** incident id → its DevLake project (null: its scope is in no project) */
  incidents: Map<string, string | null>;
}

export function incidentScenario(e2e: string = devlakeDoraE2e): IncidentScenario {
  const dir = join(e2e, "connect_incident_to_deployment");
  const mapping = new ProjectMapping(readCsv(join(dir, "raw_tables", "project_mapping.csv")));
  const rows = deploymentCommitRows(
    readCsv(join(dir, "prev_success_deployment_commit", "cicd_deployment_commits_after.csv")),
  );
  const base = deploymentScenario(rows, mapping);
  const incidents = new Map<string, string | null>();
  const incidentEvents: EventInput<"incident">[] = readCsv(join(dir, "raw_tables", "incidents.csv")).map(
    (row) => {
      const id = needCell(row, "id");
      const project = mapping.projectOf(needCell(row, "table"), needCell(row, "scope_id"));
      incidents.set(id, project);
      const services = [...base.services]
        .filter(([, team]) => project !== null && team === project)
        .map(([s]) => s);
      return {
        type: "incident",
        id,
        services: services.sort(),
        detectedAt: devlakeInstant(needCell(row, "created_date")),
      };
    },
  );
  return { ...base, events: [...base.events, ...incidentEvents], incidents };
}

/** DevLake's expected project_incident_deployment_relationships: incident id → deployment (pipeline) id. */
export function expectedIncidentDeployments(e2e: string = devlakeDoraE2e): Map<string, string> {
  const path = join(
    e2e,
    "connect_incident_to_deployment",
    "snapshot_tables",
    "project_incident_deployment_relationships.csv",
  );
  return new Map(readCsv(path).map((row) => [needCell(row, "id"), needCell(row, "deployment_id")]));
}

// ---------------------------------------------------------------------------------------------------------------
// prev_success_deployment_commit

export function prevSuccessScenario(e2e: string = devlakeDoraE2e): DeploymentScenario {
  const dir = join(e2e, "prev_success_deployment_commit");
  const mapping = new ProjectMapping(readCsv(join(dir, "project_mapping.csv")));
  return deploymentScenario(
    deploymentCommitRows(readCsv(join(dir, "cicd_deployment_commits_before.csv"))),
    mapping,
  );
}

/** DevLake's expected cicd_deployment_commits_after: row id → prev_success_deployment_commit_id (null: none). */
export function expectedPrevSuccess(e2e: string = devlakeDoraE2e): Map<string, string | null> {
  const path = join(e2e, "prev_success_deployment_commit", "cicd_deployment_commits_after.csv");
  return new Map(
    readCsv(path).map((row) => [needCell(row, "id"), cell(row, "prev_success_deployment_commit_id")]),
  );
}
