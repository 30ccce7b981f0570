import { shaOf } from "../metrics/columns.js";
import type { DeploymentKind, DeploymentStatus } from "../metrics/dataset.js";
import type { FailureCause, Link, LinkedDeployment, ReworkReason } from "../metrics/linked.js";
import { CAUSES, type DeploymentTable, KINDS, LISTED, REWORKS, STATUSES } from "./deployment-table.js";

const NONE: readonly never[] = Object.freeze([]);
const orNull = (v: number) => (Number.isNaN(v) ? null : v);

/**
 * One row of the deployment table through the LinkedDeployment interface: linking and the metrics read and write
 * deployments as objects, and the table keeps them as columns. One view per row, made once, so views can be
 * compared and used as keys like the objects they stand for.
 */
export class DeploymentView implements LinkedDeployment {
  constructor(
    private readonly t: DeploymentTable,
    private readonly i: number,
  ) {}

  get id(): string {
    return this.t.ids[this.i] as string;
  }
  get service(): string {
    return this.t.services[this.t.service[this.i] as number] as string;
  }
  get environment(): string {
    return this.t.environments[this.t.environment[this.i] as number] as string;
  }
  get status(): DeploymentStatus {
    return STATUSES[this.t.status[this.i] as number] as DeploymentStatus;
  }
  get kind(): DeploymentKind {
    return KINDS[this.t.linkedKind[this.i] as number] as DeploymentKind;
  }
  set kind(kind: DeploymentKind) {
    this.t.linkedKind[this.i] = KINDS.indexOf(kind);
  }
  get startedAt(): number | null {
    return orNull(this.t.startedAt[this.i] as number);
  }
  get finishedAt(): number | null {
    return orNull(this.t.finishedAt[this.i] as number);
  }
  get at(): number | null {
    return orNull(this.t.at[this.i] as number);
  }
  get sha(): string | null {
    return this.t.shas.length[this.i] === 0 ? null : shaOf(this.t.shas, this.i);
  }
  get version(): string | null {
    return this.t.versions[this.i] as string | null;
  }
  get repo(): string | null {
    const repo = this.t.repo[this.i] as number;
    return repo < 0 ? null : (this.t.repos[repo] as string);
  }
  get changes(): string[] | null {
    return this.t.changes[this.i] as string[] | null;
  }
  get team(): string | null {
    return this.t.teams[this.t.service[this.i] as number] as string | null;
  }
  get productionEnvironment(): boolean {
    return this.t.production[this.i] === 1;
  }
  get shipped(): Link | null {
    const code = this.t.shipped[this.i];
    return code === 1 ? LISTED : code === 2 ? (this.t.shippedBy.get(this.i) as Link) : null;
  }
  set shipped(link: Link | null) {
    this.t.shipped[this.i] = link === null ? 0 : link === LISTED ? 1 : 2;
    if (link !== null && link !== LISTED) this.t.shippedBy.set(this.i, link);
    else this.t.shippedBy.delete(this.i);
  }
  /** in the order of CAUSES */
  get failureCauses(): readonly FailureCause[] {
    const bits = this.t.causes[this.i] as number;
    return bits === 0 ? NONE : CAUSES.filter((_, k) => (bits & (1 << k)) !== 0);
  }
  set failureCauses(causes: readonly FailureCause[]) {
    let bits = 0;
    for (const cause of causes) bits |= 1 << CAUSES.indexOf(cause);
    this.t.causes[this.i] = bits;
  }
  get failedAt(): number | null {
    return orNull(this.t.failedAt[this.i] as number);
  }
  set failedAt(at: number | null) {
    this.t.failedAt[this.i] = at ?? Number.NaN;
  }
  get restoredAt(): number | null {
    return orNull(this.t.restoredAt[this.i] as number);
  }
  set restoredAt(at: number | null) {
    this.t.restoredAt[this.i] = at ?? Number.NaN;
  }
  get restoredBy(): string | null {
    return this.t.restoredBy.get(this.i) ?? null;
  }
  set restoredBy(by: string | null) {
    if (by === null) this.t.restoredBy.delete(this.i);
    else this.t.restoredBy.set(this.i, by);
  }
  get rework(): ReworkReason | null {
    return REWORKS[this.t.rework[this.i] as number] ?? null;
  }
  set rework(reason: ReworkReason | null) {
    this.t.rework[this.i] = REWORKS.indexOf(reason);
  }
  get reverts(): (Link & { deployment: string }) | null {
    return this.t.reverts.get(this.i) ?? null;
  }
  set reverts(link: (Link & { deployment: string }) | null) {
    if (link === null) this.t.reverts.delete(this.i);
    else this.t.reverts.set(this.i, link);
  }
  get incidents(): readonly string[] {
    return this.t.incidents.get(this.i) ?? NONE;
  }
  set incidents(ids: readonly string[]) {
    if (ids.length === 0) this.t.incidents.delete(this.i);
    else this.t.incidents.set(this.i, ids);
  }
}
