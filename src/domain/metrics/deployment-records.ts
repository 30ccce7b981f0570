import { Column, Interner, ShaColumn, type Shas, shaOf } from "./columns.js";
import type { DeploymentKind, DeploymentRecord, DeploymentStatus } from "./dataset.js";
import { type StringList, stringList } from "./string-list.js";

export const STATUSES: readonly DeploymentStatus[] = ["success", "failure", "cancelled", "in_progress"];
export const KINDS: readonly DeploymentKind[] = ["deploy", "rollback", "hotfix"];

/**
 * Deployment records as columns: at hundreds of thousands of deployments, an object per record with its instants
 * boxed was the largest part of the heap (ADR 0008). Instants are NaN where unknown; a sha of length 0 is none.
 * The store reads deployments straight into these; RecordView shows a row as a DeploymentRecord.
 */
export interface DeploymentRecords {
  n: number;
  /** strings while linking runs; packed after it (linkDataset) */
  ids: StringList;
  service: Int32Array;
  services: string[];
  environment: Int32Array;
  environments: string[];
  status: Uint8Array;
  kind: Uint8Array;
  startedAt: Float64Array;
  finishedAt: Float64Array;
  shas: Shas;
  /** index into `versions`, -1 when none (most versions are deployed to several environments) */
  version: Int32Array;
  versions: string[];
  /** index into `repos`, -1 when none */
  repo: Int32Array;
  repos: string[];
  /** 1: the deployment listed its changes (an empty list too), 0: it did not */
  listed: Uint8Array;
  /** the lists, by row, of the deployments that listed changes (the store's are empty: its shipments hold them) */
  changes: Map<number, string[]>;
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
  private readonly version = new Column(Int32Array);
  private readonly versions = new Interner();
  private readonly repo = new Column(Int32Array);
  private readonly repos = new Interner();
  private readonly listed = new Column(Uint8Array);
  private readonly changes = new Map<number, string[]>();

  add(d: DeploymentRecord): void {
    this.ids.push(d.id);
    this.service.push(this.services.of(d.service));
    this.environment.push(this.environments.of(d.environment));
    this.status.push(STATUSES.indexOf(d.status));
    this.kind.push(KINDS.indexOf(d.kind));
    this.startedAt.push(d.startedAt ?? Number.NaN);
    this.finishedAt.push(d.finishedAt ?? Number.NaN);
    this.shas.push(d.sha ?? "");
    this.version.push(d.version === null ? -1 : this.versions.of(d.version));
    this.repo.push(d.repo === null ? -1 : this.repos.of(d.repo));
    this.listed.push(d.changes === null ? 0 : 1);
    if (d.changes !== null && d.changes.length > 0) this.changes.set(this.ids.length - 1, d.changes);
  }

  finish(): DeploymentRecords {
    return {
      n: this.ids.length,
      ids: stringList(this.ids),
      service: this.service.take(),
      services: this.services.values,
      environment: this.environment.take(),
      environments: this.environments.values,
      status: this.status.take(),
      kind: this.kind.take(),
      startedAt: this.startedAt.take(),
      finishedAt: this.finishedAt.take(),
      shas: this.shas.take(),
      version: this.version.take(),
      versions: this.versions.release(),
      repo: this.repo.take(),
      repos: this.repos.values,
      listed: this.listed.take(),
      changes: this.changes,
    };
  }
}

export function deploymentRecords(records: readonly DeploymentRecord[]): DeploymentRecords {
  const builder = new DeploymentRecordsBuilder();
  for (const d of records) builder.add(d);
  return builder.finish();
}

const NO_CHANGES: string[] = [];

/** NaN, the columns' "unknown", as null */
export const orNull = (v: number) => (Number.isNaN(v) ? null : v);

/**
 * Row i of the columns as a DeploymentRecord. The columns come from the subclass (a getter, not a field: at
 * hundreds of thousands of views, every field is MBs).
 */
export abstract class RecordView implements DeploymentRecord {
  constructor(protected readonly i: number) {}
  protected abstract get r(): DeploymentRecords;

  get id(): string {
    return this.r.ids.get(this.i);
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
    const version = this.r.version[this.i] as number;
    return version < 0 ? null : (this.r.versions[version] as string);
  }
  get repo(): string | null {
    const repo = this.r.repo[this.i] as number;
    return repo < 0 ? null : (this.r.repos[repo] as string);
  }
  get changes(): string[] | null {
    return this.r.listed[this.i] === 0 ? null : (this.r.changes.get(this.i) ?? NO_CHANGES);
  }
}
