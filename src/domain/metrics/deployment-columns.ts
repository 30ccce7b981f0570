import type { DeploymentTable } from "../linking/deployment-table.js";
import type { DeploymentRecords } from "./deployment-records.js";
import type { LinkedDeployment } from "./linked.js";
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
 * Successful deployments, with the instants of their outcome (only these are asked for them), read from the
 * deployment table by row (`byRow.failedAt[rows[k]]`): copies of them were 9 MB of an organisation's scope.
 */
export interface TargetColumns extends DeploymentColumns {
  /** NaN when unknown, like the other instants */
  byRow: Pick<DeploymentRecords, "startedAt" | "finishedAt"> &
    Pick<DeploymentTable, "failedAt" | "restoredAt">;
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

const CAUSE_FLAGS = { incident: FAILED_BY_INCIDENT, rollback: FAILED_BY_ROLLBACK, hotfix: FAILED_BY_HOTFIX };
const REWORK_FLAGS = { rollback: REWORK_ROLLBACK, hotfix: REWORK_HOTFIX, fix: REWORK_FIX };

function flagsOf(d: LinkedDeployment): number {
  let flags = 0;
  if (d.kind === "rollback") flags |= ROLLBACK;
  for (const cause of d.failureCauses) flags |= CAUSE_FLAGS[cause];
  if (d.rework !== null) flags |= REWORK_FLAGS[d.rework];
  if (d.shipped === null) flags |= NO_CHANGES;
  if (d.status === "in_progress") flags |= IN_PROGRESS;
  if (d.status === "success") flags |= SUCCESS;
  return flags;
}

/** `list`: placed deployments (`at` known), in time order. */
export function deploymentColumns(list: LinkedDeployment[]): DeploymentColumns {
  const rows = new Int32Array(list.length);
  const at = new Float64Array(list.length);
  const flags = new Uint16Array(list.length);
  list.forEach((d, k) => {
    rows[k] = d.row;
    at[k] = d.at as number;
    flags[k] = flagsOf(d);
  });
  return { rows, at, flags };
}

/** `list`: placed successful deployments of `table`, in time order. */
export function targetColumns(list: LinkedDeployment[], table: DeploymentTable): TargetColumns {
  const { startedAt, finishedAt } = table.records;
  return {
    ...deploymentColumns(list),
    byRow: { startedAt, finishedAt, failedAt: table.failedAt, restoredAt: table.restoredAt },
  };
}

/** The index range [start, end) of the deployments that lie in the window. */
export function rangeOf(c: DeploymentColumns, w: Window): [number, number] {
  const key = (k: number) => c.at[k] as number;
  return rangeIn(c.at.length, key, w);
}

/** The deployments (of `all`, by row) that lie in the window. */
export function deploymentsIn(
  c: DeploymentColumns,
  w: Window,
  all: readonly LinkedDeployment[],
): LinkedDeployment[] {
  return Array.from(c.rows.subarray(...rangeOf(c, w)), (row) => all[row] as LinkedDeployment);
}
