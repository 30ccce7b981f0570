import { CAUSES, type DeploymentTable, REWORKS } from "../linking/deployment-table.js";
import { KINDS, STATUSES } from "./deployment-records.js";
import type { DeploymentList, LinkedDeployment } from "./linked.js";
import { rangeIn, type Window } from "./window.js";

/**
 * A scope's deployments in time order, with what the delivery metrics read copied into columns once per scope:
 * scanning hundreds of thousands of objects spread over the heap costs tens of nanoseconds each, a typed column
 * one or two. `rows` says which deployments they are (LinkedDeployment.row), for the drill-down.
 */
export interface DeploymentColumns {
  rows: Int32Array;
  at: Float64Array;
  flags: Uint16Array;
}

/**
 * Successful deployments, with what only these are asked: how long each took (finish - start; NaN when either is
 * unknown), in time order like the other columns (a time-to-deploy reads all of a window's: read by row from the
 * table they were scattered, and slow), and the instants of a failure and its restore, read from the table by row
 * for the few that failed (`byRow.failedAt.get(rows[k])`).
 */
export interface TargetColumns extends DeploymentColumns {
  deploySpan: Float64Array;
  byRow: Pick<DeploymentTable, "failedAt" | "restoredAt">;
}

export const ROLLBACK = 1;
export const FAILED_BY_INCIDENT = 2;
export const FAILED_BY_ROLLBACK = 4;
export const FAILED_BY_HOTFIX = 8;
export const FAILED = FAILED_BY_INCIDENT | FAILED_BY_ROLLBACK | FAILED_BY_HOTFIX;
export const REWORK_ROLLBACK = 16;
export const REWORK_HOTFIX = 32;
export const REWORK_FIX = 64;
export const REWORK = REWORK_ROLLBACK | REWORK_HOTFIX | REWORK_FIX;
/** what the deployment shipped is unknown: it listed nothing and the commit graph could not tell */
export const NO_CHANGES = 128;
export const IN_PROGRESS = 256;
export const SUCCESS = 512;

/** the flag of each bit of the table's `causes` (CAUSES order), and of each `rework` code (REWORKS order) */
const CAUSE_FLAGS = CAUSES.map(
  (cause) =>
    ({ incident: FAILED_BY_INCIDENT, rollback: FAILED_BY_ROLLBACK, hotfix: FAILED_BY_HOTFIX })[cause],
);
const REWORK_FLAGS = REWORKS.map((reason) =>
  reason === null ? 0 : { rollback: REWORK_ROLLBACK, hotfix: REWORK_HOTFIX, fix: REWORK_FIX }[reason],
);
const ROLLBACK_KIND = KINDS.indexOf("rollback");
const IN_PROGRESS_STATUS = STATUSES.indexOf("in_progress");
const SUCCESS_STATUS = STATUSES.indexOf("success");

/** What the metrics read of a row of the table, as bits. */
function flagsOf(t: DeploymentTable, row: number): number {
  let flags = 0;
  if (t.linkedKind[row] === ROLLBACK_KIND) flags |= ROLLBACK;
  const causes = t.causes[row] as number;
  CAUSE_FLAGS.forEach((flag, k) => {
    if ((causes & (1 << k)) !== 0) flags |= flag;
  });
  flags |= REWORK_FLAGS[t.rework[row] as number] as number;
  if (t.shipped[row] === 0) flags |= NO_CHANGES;
  const status = t.records.status[row];
  if (status === IN_PROGRESS_STATUS) flags |= IN_PROGRESS;
  if (status === SUCCESS_STATUS) flags |= SUCCESS;
  return flags;
}

/** `rows`: placed deployments of the table (`at` known), in time order. */
export function deploymentColumns(rows: Int32Array, table: DeploymentTable): DeploymentColumns {
  const at = new Float64Array(rows.length);
  const flags = new Uint16Array(rows.length);
  rows.forEach((row, k) => {
    at[k] = table.at[row] as number;
    flags[k] = flagsOf(table, row);
  });
  return { rows, at, flags };
}

/** `rows`: placed successful deployments of the table, in time order. */
export function targetColumns(rows: Int32Array, table: DeploymentTable): TargetColumns {
  const { startedAt, finishedAt } = table.records;
  return {
    ...deploymentColumns(rows, table),
    deploySpan: Float64Array.from(rows, (row) => (finishedAt[row] as number) - (startedAt[row] as number)),
    byRow: { failedAt: table.failedAt, restoredAt: table.restoredAt },
  };
}

/** The index range [start, end) of the deployments that lie in the window. */
export function rangeOf(c: DeploymentColumns, w: Window): [number, number] {
  const key = (k: number) => c.at[k] as number;
  return rangeIn(c.at.length, key, w);
}

/** The deployments that lie in the window. */
export function deploymentsIn(c: DeploymentColumns, w: Window, all: DeploymentList): LinkedDeployment[] {
  return Array.from(c.rows.subarray(...rangeOf(c, w)), (row) => all.get(row));
}
