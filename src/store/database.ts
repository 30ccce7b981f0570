import type { Generated } from "kysely";

/** The normalized schema as Kysely sees it. Instants are epoch milliseconds; lists are JSON text. */

type Ms = number;
type Json = string;

export interface RawEventTable {
  seq: Generated<number>;
  source: string;
  delivery_id: string;
  received_at: Ms;
  status: "accepted" | "rejected";
  error_code: string | null;
  reason: string | null;
  entity_type: string | null;
  entity_id: string | null;
  body: string;
}

/** Columns every entity table has: the merged event and the per-field version clocks behind it. */
interface EntityColumns {
  id: string;
  data: Json;
  clocks: Json;
}

export interface ChangeTable extends EntityColumns {
  repo: string;
  sha: string;
  parents: Json;
  authored_at: Ms;
  committed_at: Ms;
  author: string;
  title: string;
  pull_request: number | null;
  files: Json | null;
}

export interface PullRequestTable extends EntityColumns {
  repo: string;
  number: number;
  title: string;
  author: string;
  created_at: Ms;
  first_commit_at: Ms | null;
  first_review_at: Ms | null;
  merged_at: Ms | null;
  merge_sha: string | null;
  base_branch: string | null;
  commits: Json | null;
}

export interface BuildTable extends EntityColumns {
  repo: string;
  sha: string;
  pipeline: string;
  started_at: Ms;
  finished_at: Ms | null;
  status: string;
  tests_total: number | null;
  tests_failed: number | null;
  tests_skipped: number | null;
}

export interface DeploymentTable extends EntityColumns {
  service: string;
  environment: string;
  started_at: Ms | null;
  finished_at: Ms | null;
  status: string;
  kind: string;
  sha: string | null;
  version: string | null;
  repo: string | null;
  changes: Json | null;
  stage: string | null;
}

export interface IncidentTable extends EntityColumns {
  services: Json;
  environment: string | null;
  severity: string | null;
  title: string | null;
  started_at: Ms;
  detected_at: Ms;
  acknowledged_at: Ms | null;
  resolved_at: Ms | null;
  cause_deployment: string | null;
  cause_sha: string | null;
  cause_version: string | null;
}

export interface FlagChangeTable extends EntityColumns {
  flag: string;
  service: string;
  environment: string;
  at: Ms;
  from_value: string | null;
  to_value: string;
  percentage: number | null;
}

export interface ServiceTable extends EntityColumns {
  name: string;
  team: string | null;
  repos: Json | null;
  paths: Json | null;
  production_environments: Json | null;
  runbook_url: string | null;
}

export interface TeamTable extends EntityColumns {
  name: string;
}

export interface StoreMetaTable {
  key: string;
  value: number;
}

export interface Database {
  store_meta: StoreMetaTable;
  raw_events: RawEventTable;
  changes: ChangeTable;
  pull_requests: PullRequestTable;
  builds: BuildTable;
  deployments: DeploymentTable;
  incidents: IncidentTable;
  flag_changes: FlagChangeTable;
  services: ServiceTable;
  teams: TeamTable;
}

export type EntityTableName = Exclude<keyof Database, "raw_events" | "store_meta">;
