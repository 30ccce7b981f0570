import type { DeploymentRecords } from "../metrics/deployment-records.js";
import type { FailureCause, Link, ReworkReason } from "../metrics/linked.js";
import type { StringList } from "../metrics/string-list.js";

/** in the order linking finds them: a rollback or hotfix along the timeline, then an attributed incident */
export const CAUSES: readonly FailureCause[] = ["rollback", "hotfix", "incident"];
/** rework codes: 0 is none */
export const REWORKS: readonly (ReworkReason | null)[] = [null, "rollback", "hotfix", "fix"];

export const LISTED: Link = Object.freeze({
  method: "listed",
  evidence: "the deployment lists the changes it shipped",
});

/**
 * The organisation's deployments (their record columns, shared with the dataset, never written) and what linking
 * concluded about them, as columns too: an object per linked deployment, with its instants boxed, was most of the
 * heap at hundreds of thousands of deployments (ADR 0008). Instants are NaN where unknown; the conclusions most
 * deployments lack live in maps by index. DeploymentView reads and writes a row through LinkedDeployment.
 */
export interface DeploymentTable {
  records: DeploymentRecords;
  /** the record's kind, unless linking found a rollback the record does not call one (index into KINDS) */
  linkedKind: Uint8Array;
  /** deploymentAt */
  at: Float64Array;
  production: Uint8Array;
  /** per service index of the records */
  teams: (string | null)[];
  /** bit k set: failed with CAUSES[k] */
  causes: Uint8Array;
  /** by row, for the few deployments that failed or were restored (a column each was 7.6 MB, nearly all NaN) */
  failedAt: Map<number, number>;
  restoredAt: Map<number, number>;
  restoredBy: Map<number, string>;
  /** index into REWORKS */
  rework: Uint8Array;
  reverts: Map<number, Link & { deployment: string }>;
  incidents: Map<number, readonly string[]>;
  /** 0: unknown, 1: listed (LISTED), 2: the link in `shippedBy` */
  shipped: Uint8Array;
  shippedBy: Map<number, Link>;
}

/**
 * A table with no conclusions: its views read as the records until linking describes it. The store makes its
 * deployments as views of one, so linking adopts them instead of a second object per deployment (ADR 0009).
 */
export function deploymentTable(records: DeploymentRecords): DeploymentTable {
  const n = records.n;
  return {
    records,
    linkedKind: records.kind.slice(),
    at: new Float64Array(n).fill(Number.NaN),
    production: new Uint8Array(n),
    teams: [],
    causes: new Uint8Array(n),
    failedAt: new Map(),
    restoredAt: new Map(),
    restoredBy: new Map(),
    rework: new Uint8Array(n),
    reverts: new Map(),
    incidents: new Map(),
    shipped: new Uint8Array(n),
    shippedBy: new Map(),
  };
}

/** The table's ids as they are at each read (packed after linking: see linkDataset). */
export function tableIds(table: DeploymentTable): StringList {
  return { length: table.records.n, get: (row) => table.records.ids.get(row) };
}

/**
 * Linking's start: `describe` says what row i's service and environment make of it, and any conclusions of an
 * earlier linking of the same table are cleared.
 */
export function describeDeployments(
  table: DeploymentTable,
  describe: (i: number) => { at: number | null; production: boolean },
  team: (service: string) => string | null,
): void {
  const { records } = table;
  table.linkedKind.set(records.kind);
  table.teams = records.services.map(team);
  table.causes.fill(0);
  table.rework.fill(0);
  table.shipped.fill(0);
  for (const map of [
    table.failedAt,
    table.restoredAt,
    table.restoredBy,
    table.reverts,
    table.incidents,
    table.shippedBy,
  ])
    map.clear();
  for (let i = 0; i < records.n; i++) {
    const { at, production } = describe(i);
    table.at[i] = at ?? Number.NaN;
    table.production[i] = production ? 1 : 0;
  }
}
