import type { DeploymentKind, DeploymentRecord, DeploymentStatus } from "../metrics/dataset.js";
import type { FailureCause, Link, LinkedDeployment, ReworkReason } from "../metrics/linked.js";

/** Shared by every deployment with no failure or incident (most of them): lists are replaced, never mutated. */
const NONE: readonly never[] = Object.freeze([]);

/**
 * A deployment's conclusions beside its record, which it reads through instead of copying: at hundreds of
 * thousands of deployments, a copy of every record beside the records being linked was tens of MB at the peak of
 * a link. `kind` is its own: linking finds rollbacks the record does not call one.
 */
export class LinkedDeploymentRecord implements LinkedDeployment {
  kind: DeploymentKind;
  shipped: Link | null = null;
  failureCauses: readonly FailureCause[] = NONE;
  failedAt: number | null = null;
  restoredAt: number | null = null;
  restoredBy: string | null = null;
  rework: ReworkReason | null = null;
  reverts: (Link & { deployment: string }) | null = null;
  incidents: readonly string[] = NONE;

  constructor(
    private readonly record: DeploymentRecord,
    readonly team: string | null,
    readonly at: number | null,
    readonly productionEnvironment: boolean,
  ) {
    this.kind = record.kind;
  }

  get id(): string {
    return this.record.id;
  }
  get service(): string {
    return this.record.service;
  }
  get environment(): string {
    return this.record.environment;
  }
  get status(): DeploymentStatus {
    return this.record.status;
  }
  get startedAt(): number | null {
    return this.record.startedAt;
  }
  get finishedAt(): number | null {
    return this.record.finishedAt;
  }
  get sha(): string | null {
    return this.record.sha;
  }
  get version(): string | null {
    return this.record.version;
  }
  get repo(): string | null {
    return this.record.repo;
  }
  get changes(): string[] | null {
    return this.record.changes;
  }
}
