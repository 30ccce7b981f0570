import { Column, Interner, ShaColumn, type Shas, shaOf } from "./columns.js";
import type { DeploymentKind, DeploymentRecord, DeploymentStatus } from "./dataset.js";

export const STATUSES: readonly DeploymentStatus[] = ["success", "failure", "cancelled", "in_progress"];
export const KINDS: readonly DeploymentKind[] = ["deploy", "rollback", "hotfix"];

/**
 * Deployment records as columns: at hundreds of thousands of deployments, an object per record with its instants
 * boxed was the largest part of the heap (ADR 0008). Instants are NaN where unknown; a sha of length 0 is none.
 * The store reads deployments straight into these; RecordView shows a row as a DeploymentRecord.
 */
export interface DeploymentRecords {
  n: number;
  ids: string[];
  service: Int32Array;
  services: string[];
  environment: Int32Array;
  environments: string[];
  status: Uint8Array;
  kind: Uint8Array;
  startedAt: Float64Array;
  finishedAt: Float64Array;
  shas: Shas;
  versions: (string | null)[];
  /** index into `repos`, -1 when none */
  repo: Int32Array;
  repos: string[];
  changes: (string[] | null)[];
}

/** Takes records one at a time, as the store reads them. */
export class DeploymentRecordsBuilder {
  private readonly ids: string[] = [];
  private readonly service = new Column(Int32Array);
  private readonly services = new Interner();
  private readonly environment = new Column(Int32Array);
  private readonly environments = new Interner();
  private readonly status = new Column(Uint8Array);
  private readonly kind = new Column(Uint8Array);
  private readonly startedAt = new Column(Float64Array);
  private readonly finishedAt = new Column(Float64Array);
  private readonly shas = new ShaColumn();
  private readonly versions: (string | null)[] = [];
  private readonly versionNames = new Interner();
  private readonly repo = new Column(Int32Array);
  private readonly repos = new Interner();
  private readonly changes: (string[] | null)[] = [];

  add(d: DeploymentRecord): void {
    this.ids.push(d.id);
    this.service.push(this.services.of(d.service));
    this.environment.push(this.environments.of(d.environment));
    this.status.push(STATUSES.indexOf(d.status));
    this.kind.push(KINDS.indexOf(d.kind));
    this.startedAt.push(d.startedAt ?? Number.NaN);
    this.finishedAt.push(d.finishedAt ?? Number.NaN);
    this.shas.push(d.sha ?? "");
    // one string per distinct version: most are deployed to several environments
    this.versions.push(
      d.version === null ? null : (this.versionNames.values[this.versionNames.of(d.version)] as string),
    );
    this.repo.push(d.repo === null ? -1 : this.repos.of(d.repo));
    this.changes.push(d.changes);
  }

  finish(): DeploymentRecords {
    return {
      n: this.ids.length,
      ids: this.ids,
      service: this.service.take(),
      services: this.services.values,
      environment: this.environment.take(),
      environments: this.environments.values,
      status: this.status.take(),
      kind: this.kind.take(),
      startedAt: this.startedAt.take(),
      finishedAt: this.finishedAt.take(),
      shas: this.shas.take(),
      versions: this.versions,
      repo: this.repo.take(),
      repos: this.repos.values,
      changes: this.changes,
    };
  }
}

export function deploymentRecords(records: readonly DeploymentRecord[]): DeploymentRecords {
  const builder = new DeploymentRecordsBuilder();
  for (const d of records) builder.add(d);
  return builder.finish();
}

/** NaN, the columns' "unknown", as null */
export const orNull = (v: number) => (Number.isNaN(v) ? null : v);

/** Row i of the columns as a DeploymentRecord. */
export class RecordView implements DeploymentRecord {
  constructor(
    protected readonly r: DeploymentRecords,
    protected readonly i: number,
  ) {}

  get id(): string {
    return this.r.ids[this.i] as string;
  }
  get service(): string {
    return this.r.services[this.r.service[this.i] as number] as string;
  }
  get environment(): string {
    return this.r.environments[this.r.environment[this.i] as number] as string;
  }
  get status(): DeploymentStatus {
    return STATUSES[this.r.status[this.i] as number] as DeploymentStatus;
  }
  get kind(): DeploymentKind {
    return KINDS[this.r.kind[this.i] as number] as DeploymentKind;
  }
  get startedAt(): number | null {
    return orNull(this.r.startedAt[this.i] as number);
  }
  get finishedAt(): number | null {
    return orNull(this.r.finishedAt[this.i] as number);
  }
  get sha(): string | null {
    return this.r.shas.length[this.i] === 0 ? null : shaOf(this.r.shas, this.i);
  }
  get version(): string | null {
    return this.r.versions[this.i] as string | null;
  }
  get repo(): string | null {
    const repo = this.r.repo[this.i] as number;
    return repo < 0 ? null : (this.r.repos[repo] as string);
  }
  get changes(): string[] | null {
    return this.r.changes[this.i] as string[] | null;
  }
}
