import { Interner, ShaColumn, type Shas } from "../metrics/columns.js";
import type { DeploymentKind, DeploymentRecord, DeploymentStatus } from "../metrics/dataset.js";
import type { FailureCause, Link, ReworkReason } from "../metrics/linked.js";

export const STATUSES: readonly DeploymentStatus[] = ["success", "failure", "cancelled", "in_progress"];
export const KINDS: readonly DeploymentKind[] = ["deploy", "rollback", "hotfix"];
/** in the order linking finds them: a rollback or hotfix along the timeline, then an attributed incident */
export const CAUSES: readonly FailureCause[] = ["rollback", "hotfix", "incident"];
/** rework codes: 0 is none */
export const REWORKS: readonly (ReworkReason | null)[] = [null, "rollback", "hotfix", "fix"];

/**
 * The organisation's deployments and what linking concluded about them, as columns: at hundreds of thousands of
 * deployments, an object per record and another per linked deployment, each with its instants boxed, were the
 * largest part of the heap (ADR 0008). Instants are NaN where unknown; the conclusions most deployments lack live in
 * maps by index. DeploymentView reads and writes one row through the LinkedDeployment interface.
 */
export interface DeploymentTable {
  n: number;
  ids: string[];
  service: Int32Array;
  services: string[];
  environment: Int32Array;
  environments: string[];
  status: Uint8Array;
  /** the record's kind; linking may find a rollback the record does not call one (`linkedKind`) */
  linkedKind: Uint8Array;
  startedAt: Float64Array;
  finishedAt: Float64Array;
  at: Float64Array;
  /** length 0 where the deployment named no sha */
  shas: Shas;
  versions: (string | null)[];
  /** index into `repos`, -1 when none */
  repo: Int32Array;
  repos: string[];
  changes: (string[] | null)[];
  /** per service index */
  teams: (string | null)[];
  production: Uint8Array;
  /** bit k set: failed with CAUSES[k] */
  causes: Uint8Array;
  failedAt: Float64Array;
  restoredAt: Float64Array;
  restoredBy: Map<number, string>;
  /** index into REWORKS */
  rework: Uint8Array;
  reverts: Map<number, Link & { deployment: string }>;
  incidents: Map<number, readonly string[]>;
  /** 0: unknown, 1: listed (LISTED), 2: the link in `shippedBy` */
  shipped: Uint8Array;
  shippedBy: Map<number, Link>;
}

export const LISTED: Link = Object.freeze({
  method: "listed",
  evidence: "the deployment lists the changes it shipped",
});

/** The records as a table, with empty conclusions. */
export function deploymentTable(
  records: readonly DeploymentRecord[],
  describe: (d: DeploymentRecord) => { team: string | null; at: number | null; production: boolean },
): DeploymentTable {
  const n = records.length;
  const services = new Interner();
  const environments = new Interner();
  const repos = new Interner();
  const shas = new ShaColumn();
  const nan = (v: number | null) => v ?? Number.NaN;
  const table: DeploymentTable = {
    n,
    ids: new Array<string>(n),
    service: new Int32Array(n),
    services: services.values,
    environment: new Int32Array(n),
    environments: environments.values,
    status: new Uint8Array(n),
    linkedKind: new Uint8Array(n),
    startedAt: new Float64Array(n),
    finishedAt: new Float64Array(n),
    at: new Float64Array(n),
    shas: { bytes: new Uint8Array(0), length: new Uint8Array(0), long: new Map() },
    versions: new Array<string | null>(n),
    repo: new Int32Array(n),
    repos: repos.values,
    changes: new Array<string[] | null>(n),
    teams: [],
    production: new Uint8Array(n),
    causes: new Uint8Array(n),
    failedAt: new Float64Array(n).fill(Number.NaN),
    restoredAt: new Float64Array(n).fill(Number.NaN),
    restoredBy: new Map(),
    rework: new Uint8Array(n),
    reverts: new Map(),
    incidents: new Map(),
    shipped: new Uint8Array(n),
    shippedBy: new Map(),
  };
  records.forEach((d, i) => {
    const { team, at, production } = describe(d);
    const service = services.of(d.service);
    if (service === table.teams.length) table.teams.push(team);
    table.ids[i] = d.id;
    table.service[i] = service;
    table.environment[i] = environments.of(d.environment);
    table.status[i] = STATUSES.indexOf(d.status);
    table.linkedKind[i] = KINDS.indexOf(d.kind);
    table.startedAt[i] = nan(d.startedAt);
    table.finishedAt[i] = nan(d.finishedAt);
    table.at[i] = nan(at);
    shas.push(d.sha ?? "");
    table.versions[i] = d.version;
    table.repo[i] = d.repo === null ? -1 : repos.of(d.repo);
    table.changes[i] = d.changes;
    table.production[i] = production ? 1 : 0;
  });
  table.shas = shas.take();
  return table;
}
