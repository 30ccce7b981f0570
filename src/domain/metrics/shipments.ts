import { type Shas, shaOf } from "./columns.js";
import type { LeadTimeStart } from "./dataset.js";

/**
 * Which deployment first shipped each change, per deployment target (service and environment), held as columns
 * (typed arrays) in deployment-time order: at millions of changes, objects per shipment would not fit the memory a
 * self-hosted service should need. Built from ShipmentRows, which come from plain records (reference) or straight
 * from the store (a SQL join), and must be identical either way.
 */

/** One change listed by one successful, non-rollback deployment, with what the lead time needs. */
export interface ShipmentRow {
  deployment: string;
  service: string;
  environment: string;
  /** the deployment's finish */
  deployedAt: number;
  /** position of the sha in the deployment's list */
  position: number;
  sha: string;
  /** the change's repository, else the deployment's */
  repo: string | null;
  /** null: no commit with this sha is known */
  committedAt: number | null;
  authoredAt: number | null;
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
  /** lead-time start per the configured rule; NaN when unknown */
  start: Float64Array;
  /** index into the per-deployment columns below */
  deployment: Int32Array;
  /** when each deployment finished (read a shipment's with `deployedAt`) */
  deploymentAt: Float64Array;
  deploymentIds: string[];
  deploymentService: string[];
  deploymentEnvironment: string[];
  /** index into `repos`; -1 when unknown */
  repo: Int32Array;
  repos: string[];
  shas: Shas;
  /** index into `prs`; -1 when none */
  pr: Int32Array;
  prs: PullRequestColumns;
  /** earliest staging deployment of the same service that shipped the change; NaN when none */
  stagingAt: Float64Array;
  /** another target shipped the same commit (monorepos): scopes spanning both count it once */
  shared: Uint8Array;
  /** a number per distinct commit (same sha and repository); staging and production share most */
  commit: Int32Array;
  /** listed shas with no known commit, per deployment id */
  unknownByDeployment: Map<string, number>;
}

/** The pull requests the shipments name, as columns (an organisation's year is hundreds of thousands). */
export interface PullRequestColumns {
  n: number;
  /** index into the shipments' `repos` */
  repo: Int32Array;
  number: Float64Array;
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

/** The finish of the deployment that shipped shipment i. */
export function deployedAt(s: Shipments, i: number): number {
  return s.deploymentAt[s.deployment[i] as number] as number;
}

const SHA_KEY_DIGITS = 13;

/** The first 13 hex digits of shipment i's sha as a number (exact in a double): orders shas and finds prefixes. */
export function shaKeyAt(s: Shipments, i: number): number {
  const b = s.shas.bytes;
  const o = i * 20;
  return (
    (b[o] as number) * 2 ** 44 +
    (b[o + 1] as number) * 2 ** 36 +
    (b[o + 2] as number) * 2 ** 28 +
    (b[o + 3] as number) * 2 ** 20 +
    (b[o + 4] as number) * 2 ** 12 +
    (b[o + 5] as number) * 2 ** 4 +
    ((b[o + 6] as number) >> 4)
  );
}

export function leadTimeStart(row: ShipmentRow, rule: LeadTimeStart): number | null {
  if (row.committedAt === null) return null;
  switch (rule) {
    case "committed":
      return row.committedAt;
    case "authored":
      return row.authoredAt;
    case "first_commit":
      return row.pr?.firstCommitAt ?? row.authoredAt;
    case "merged":
      return row.pr?.mergedAt ?? row.committedAt;
  }
}

export function shaAt(s: Shipments, i: number): string {
  return shaOf(s.shas, i);
}

export function serviceAt(s: Shipments, i: number): string {
  return s.deploymentService[s.deployment[i] as number] as string;
}

export function environmentAt(s: Shipments, i: number): string {
  return s.deploymentEnvironment[s.deployment[i] as number] as string;
}

/**
 * Shipment deployment indices whose sha starts with `sha` (7 to 64 hex digits), via the shipments in commit order
 * (commitOrder).
 */
export function deploymentsShipping(s: Shipments, byCommit: Int32Array, sha: string): number[] {
  const prefix = sha.toLowerCase();
  const digits = Math.min(prefix.length, SHA_KEY_DIGITS);
  const low = Number.parseInt(prefix.slice(0, digits), 16) * 16 ** (SHA_KEY_DIGITS - digits);
  const key = (k: number) => shaKeyAt(s, byCommit[k] as number);
  const high = low + 16 ** (SHA_KEY_DIGITS - digits);
  let lo = 0;
  let hi = byCommit.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(mid) < low) lo = mid + 1;
    else hi = mid;
  }
  const found: number[] = [];
  for (let k = lo; k < byCommit.length; k++) {
    const i = byCommit[k] as number;
    if (key(k) >= high) break;
    if (shaAt(s, i).startsWith(prefix)) found.push(s.deployment[i] as number);
  }
  return found;
}
