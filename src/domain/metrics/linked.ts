import type { DeploymentTable } from "../linking/deployment-table.js";
import type { Builds } from "./builds.js";
import type { DeploymentRecord, IncidentRecord, ServiceRecord } from "./dataset.js";
import type { Shipments } from "./shipments.js";

/** What linking adds to the records: every link says how it was made (method) and on what evidence. */

export type FailureCause = "incident" | "rollback" | "hotfix";
export type ReworkReason = "rollback" | "hotfix" | "fix";

export interface Link {
  method: string;
  evidence: string;
}

export interface LinkedDeployment extends DeploymentRecord {
  /** its position in LinkedDataset.deployments, and its row in the shipments' deployment records */
  readonly row: number;
  team: string | null;
  /** finishedAt, or startedAt for a finished deployment that did not say when it finished */
  at: number | null;
  /** the environment is one of the service's production environments */
  productionEnvironment: boolean;
  /** how its changes were found (listed, commit-graph reachability, path filter); null: they are unknown */
  shipped: Link | null;
  failureCauses: readonly FailureCause[];
  /** when the failure began: finishedAt, or the attributed incident's start if later */
  failedAt: number | null;
  /** when service was restored: incident resolved, or the rollback / fix deployment finished, the earliest */
  restoredAt: number | null;
  restoredBy: string | null;
  rework: ReworkReason | null;
  /** for a rollback or fix: the deployment it reverts or fixes, and how that was found */
  reverts: (Link & { deployment: string }) | null;
  incidents: readonly string[];
}

export interface LinkedIncident extends IncidentRecord {
  /** startedAt, or detectedAt when the source did not say when impact began */
  impactAt: number;
  deployment: string | null;
  attribution: Link | null;
}

/**
 * The linked deployments by row, each a view of the deployment table made when asked: an object held per
 * deployment, and lists of them, were 30 MB of an organisation's heap (ADR 0009). Views of the same row are
 * different objects: compare rows, or ids, not objects.
 */
export interface DeploymentList extends Iterable<LinkedDeployment> {
  readonly length: number;
  get(row: number): LinkedDeployment;
}

/** Finds a deployment by id (src/domain/linking/deployments-by-id.ts). */
export interface DeploymentsById {
  get(id: string): LinkedDeployment | undefined;
  has(id: string): boolean;
}

export interface LinkedDataset {
  services: Map<string, ServiceRecord>;
  deployments: DeploymentList;
  deploymentsById: DeploymentsById;
  /** the columns `deployments` are views of (LinkedDeployment.row is a row of it) */
  deploymentTable: DeploymentTable;
  /** per deployment target (service and environment): the changes each successful deployment shipped first */
  shipments: Shipments;
  incidents: LinkedIncident[];
  builds: Builds;
  /** successful deployments that said neither when they started nor finished: they cannot be placed in time */
  unplaced: LinkedDeployment[];
  /** the same records per service, so a scope of a few services does not scan the organisation */
  index: {
    /** per service, the rows of its deployments in time order (unplaced ones first) */
    deployments: Map<string, Int32Array>;
    /** shipment indices per service, in deployment-time order */
    shipments: Map<string, Int32Array>;
  };
}
