import type {
  BuildRecord,
  ChangeRecord,
  DeploymentRecord,
  IncidentRecord,
  PullRequestRecord,
  ServiceRecord,
} from "./dataset.js";

/** What linking adds to the records: every link says how it was made (method) and on what evidence. */

export type FailureCause = "incident" | "rollback" | "hotfix";
export type ReworkReason = "rollback" | "hotfix" | "fix";

export interface Link {
  method: string;
  evidence: string;
}

export interface LinkedDeployment extends DeploymentRecord {
  team: string | null;
  /** finishedAt, or startedAt for a finished deployment that did not say when it finished */
  at: number | null;
  /** the environment is one of the service's production environments */
  productionEnvironment: boolean;
  failureCauses: FailureCause[];
  /** when the failure began: finishedAt, or the attributed incident's start if later */
  failedAt: number | null;
  /** when service was restored: incident resolved, or the rollback / fix deployment finished, the earliest */
  restoredAt: number | null;
  restoredBy: string | null;
  rework: ReworkReason | null;
  /** for a rollback or fix: the deployment it reverts or fixes, and how that was found */
  reverts: (Link & { deployment: string }) | null;
  incidents: string[];
}

export interface ShippedChange {
  sha: string;
  repo: string | null;
  service: string;
  environment: string;
  deployment: string;
  deployedAt: number;
  change: ChangeRecord | null;
  pullRequest: PullRequestRecord | null;
  link: Link;
  /** the earliest staging deployment of the same service that shipped this change */
  stagingAt: number | null;
  /** another service or environment shipped the same commit too (monorepos): scopes spanning both count it once */
  shared: boolean;
}

export interface LinkedIncident extends IncidentRecord {
  /** startedAt, or detectedAt when the source did not say when impact began */
  impactAt: number;
  deployment: string | null;
  attribution: Link | null;
}

export interface LinkedDataset {
  services: Map<string, ServiceRecord>;
  deployments: LinkedDeployment[];
  deploymentsById: Map<string, LinkedDeployment>;
  /** per deployment target (service and environment): the changes each successful deployment shipped first */
  shipped: ShippedChange[];
  incidents: LinkedIncident[];
  /** listed shas with no change record, per deployment */
  unknownChanges: Map<string, number>;
  builds: BuildRecord[];
  /** successful deployments that said neither when they started nor finished: they cannot be placed in time */
  unplaced: LinkedDeployment[];
  /** the same records per service, so a scope of a few services does not scan the organisation */
  index: {
    deployments: Map<string, LinkedDeployment[]>;
    shipped: Map<string, ShippedChange[]>;
  };
}
