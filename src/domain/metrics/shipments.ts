import type { LeadTimeStart } from "./dataset.js";
import type { DeploymentRecords } from "./deployment-records.js";

/**
 * Which deployment first shipped each change, per deployment target (service and environment), held as columns
 * (typed arrays) in deployment-time order: at millions of changes, objects per shipment would not fit the memory a
 * self-hosted service should need. Built from ShipmentRows, which come from plain records (reference) or straight
 * from the store (a SQL join), and must be identical either way.
 */

/**
 * One change listed by one successful, non-rollback deployment (or found by the commit graph). What the lead time
 * needs of a known change comes apart, once per commit, as ChangeFacts.
 */
export interface ShipmentRow {
  deployment: string;
  service: string;
  environment: string;
  /** the deployment's finish */
  deployedAt: number;
  /** position of the sha in the deployment's list */
  position: number;
  sha: string;
  /**
   * The change's key in its source: the store's row number, or the record's index in the reference path; the
   * two are never mixed. null: no commit with this sha is known.
   */
  change: number | null;
  /** the change's repository, else the deployment's (a sha no change has is a commit of its own per repository) */
  repo: string | null;
}

/** What every shipment of a known change shares: read once per commit, by the change's key. */
export interface ChangeFacts {
  /** ShipmentRow.change */
  key: number;
  repo: string;
  committedAt: number;
  authoredAt: number | null;
  /** its pull request: the one its number names, else the one merged as its sha */
  pr: PullRequestFacts | null;
}

export interface PullRequestFacts {
  repo: string;
  number: number;
  createdAt: number;
  firstCommitAt: number | null;
  firstReviewAt: number | null;
  mergedAt: number | null;
}

export interface Shipments {
  n: number;
  /** the deployment, numbered by time (index into `deploymentAt` and `deploymentRow`) */
  deployment: Int32Array;
  /** per deployment number, when it finished (read a shipment's with `deployedAt`) */
  deploymentAt: Float64Array;
  /**
   * per deployment number, its row in `deployments` and in the linked deployments, which are views of the same
   * rows (read a shipment's with `deploymentRowAt`)
   */
  deploymentRow: Int32Array;
  deployments: DeploymentRecords;
  repos: string[];
  prs: PullRequestColumns;
  /**
   * The earliest staging shipment of the same service that shipped the change (its instant is `stagingAt`); -1
   * when none. An index, not the instant: half the bytes.
   */
  staging: Int32Array;
  /**
   * a number per distinct commit (same sha and repository); staging and production share most, and a scope
   * spanning several targets that shipped it (monorepos) counts it once
   */
  commit: Int32Array;
  /**
   * Per commit number, the change's key (ShipmentRow.change), or for a sha no change has, -1 - its index in
   * `unknownShas`. The shas of known commits are not kept (80 MB at an organisation's scale, ADR 0009): a
   * drill-down reads the few it shows by key. 32-bit when every key fits.
   */
  commitKey: Int32Array | Float64Array;
  /**
   * Per commit number, what every shipment of the commit shares (a commit's staging and production shipments, 3.9
   * M of them for 2.5 M commits at an organisation's scale): the lead-time start per the configured rule (NaN when
   * unknown), the repository (index into `repos`, -1 when unknown) and the pull request (index into `prs`, -1 when
   * none). Read a shipment's with startAt, repoAt and prAt. Repositories in 16 bits when they are few enough.
   */
  commitStart: Float64Array;
  commitRepo: Int32Array | Int16Array;
  commitPr: Int32Array;
  unknownShas: string[];
  /** the shipments of the shas (lower case) incidents name as their cause, in index order */
  bySha: Map<string, Int32Array>;
  /** listed shas with no known commit, per deployment id */
  unknownByDeployment: Map<string, number>;
}

/** The pull requests the shipments name, as columns (an organisation's year is hundreds of thousands). */
export interface PullRequestColumns {
  n: number;
  /** index into the shipments' `repos` */
  repo: Int32Array;
  /** 32-bit when every number fits (pull request numbers do, in practice) */
  number: Int32Array | Float64Array;
  createdAt: Float64Array;
  /** NaN when unknown, like the two below */
  firstCommitAt: Float64Array;
  firstReviewAt: Float64Array;
  mergedAt: Float64Array;
}

/** "owner/repo#123" */
export function pullRequestKey(s: Shipments, pr: number): string {
  return `${s.repos[s.prs.repo[pr] as number]}#${s.prs.number[pr]}`;
}

export function startAt(s: Shipments, i: number): number {
  return s.commitStart[s.commit[i] as number] as number;
}

export function repoAt(s: Shipments, i: number): number {
  return s.commitRepo[s.commit[i] as number] as number;
}

export function prAt(s: Shipments, i: number): number {
  return s.commitPr[s.commit[i] as number] as number;
}

/** The finish of the deployment that shipped shipment i. */
export function deployedAt(s: Shipments, i: number): number {
  return s.deploymentAt[s.deployment[i] as number] as number;
}

export function leadTimeStart(c: ChangeFacts, rule: LeadTimeStart): number | null {
  switch (rule) {
    case "committed":
      return c.committedAt;
    case "authored":
      return c.authoredAt;
    case "first_commit":
      return c.pr?.firstCommitAt ?? c.authoredAt;
    case "merged":
      return c.pr?.mergedAt ?? c.committedAt;
  }
}

/** Shipment i's change key (ShipmentRow.change); null for a sha no change has, whose text is `unknownShaAt`. */
export function changeKeyAt(s: Shipments, i: number): number | null {
  const key = s.commitKey[s.commit[i] as number] as number;
  return key >= 0 ? key : null;
}

export function unknownShaAt(s: Shipments, i: number): string | null {
  const key = s.commitKey[s.commit[i] as number] as number;
  return key >= 0 ? null : (s.unknownShas[-1 - key] as string);
}

/** When staging first had shipment i's change (same service); NaN when it never did. */
export function stagingAt(s: Shipments, i: number): number {
  const staging = s.staging[i] as number;
  return staging < 0 ? Number.NaN : deployedAt(s, staging);
}

/** The row (in the deployment records and the linked deployments) of the deployment of shipment i. */
export function deploymentRowAt(s: Shipments, i: number): number {
  return s.deploymentRow[s.deployment[i] as number] as number;
}

export function serviceAt(s: Shipments, i: number): string {
  const { services, service } = s.deployments;
  return services[service[deploymentRowAt(s, i)] as number] as string;
}

export function environmentAt(s: Shipments, i: number): string {
  const { environments, environment } = s.deployments;
  return environments[environment[deploymentRowAt(s, i)] as number] as string;
}

export function deploymentIdAt(s: Shipments, i: number): string {
  return s.deployments.ids.get(deploymentRowAt(s, i));
}
