import type { LinkedDeployment } from "./linked.js";
import { rangeIn, type Window } from "./window.js";

/**
 * A scope's deployments in time order, with what the delivery metrics read copied into columns once per scope:
 * scanning hundreds of thousands of objects spread over the heap costs tens of nanoseconds each, a typed column
 * one or two. `list` keeps the objects, in the same order, for the drill-down.
 */
export interface DeploymentColumns {
  list: LinkedDeployment[];
  at: Float64Array;
  flags: Uint16Array;
}

/** Successful deployments, with the instants of their outcome (only these are asked for them). */
export interface TargetColumns extends DeploymentColumns {
  /** NaN when unknown, like the other instants */
  startedAt: Float64Array;
  finishedAt: Float64Array;
  failedAt: Float64Array;
  restoredAt: Float64Array;
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
  const at = new Float64Array(list.length);
  const flags = new Uint16Array(list.length);
  list.forEach((d, k) => {
    at[k] = d.at as number;
    flags[k] = flagsOf(d);
  });
  return { list, at, flags };
}

/** `list`: placed successful deployments, in time order. */
export function targetColumns(list: LinkedDeployment[]): TargetColumns {
  const n = list.length;
  const columns: TargetColumns = {
    ...deploymentColumns(list),
    startedAt: new Float64Array(n),
    finishedAt: new Float64Array(n),
    failedAt: new Float64Array(n),
    restoredAt: new Float64Array(n),
  };
  const nan = (v: number | null) => v ?? Number.NaN;
  list.forEach((d, k) => {
    columns.startedAt[k] = nan(d.startedAt);
    columns.finishedAt[k] = nan(d.finishedAt);
    columns.failedAt[k] = nan(d.failedAt);
    columns.restoredAt[k] = nan(d.restoredAt);
  });
  return columns;
}

/** The index range [start, end) of the deployments that lie in the window. */
export function rangeOf(c: DeploymentColumns, w: Window): [number, number] {
  const key = (k: number) => c.at[k] as number;
  return rangeIn(c.at.length, key, w);
}

/** The deployment objects that lie in the window. */
export function deploymentsIn(c: DeploymentColumns, w: Window): LinkedDeployment[] {
  return c.list.slice(...rangeOf(c, w));
}
