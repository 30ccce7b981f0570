import type { DeploymentKind } from "../metrics/dataset.js";
import { type DeploymentRecords, KINDS, orNull, RecordView } from "../metrics/deployment-records.js";
import type {
  DeploymentList,
  FailureCause,
  Link,
  LinkedDeployment,
  ReworkReason,
} from "../metrics/linked.js";
import { CAUSES, type DeploymentTable, LISTED, REWORKS } from "./deployment-table.js";

const NONE: readonly never[] = Object.freeze([]);

/**
 * One row of the deployment table through the LinkedDeployment interface: linking and the metrics read and write
 * deployments as objects, and the table keeps them as columns. While linking runs there is one view per row, made
 * once, so views can be compared and used as keys like the objects they stand for; after it, views are made when
 * asked (deploymentList).
 */
/** A view per row of the table. */
export function deploymentViews(table: DeploymentTable): DeploymentView[] {
  return Array.from({ length: table.records.n }, (_, i) => new DeploymentView(table, i));
}

/** The table's rows as a DeploymentList: a view made for each row asked for. */
export function deploymentList(table: DeploymentTable): DeploymentList {
  const n = table.records.n;
  return {
    length: n,
    get: (row) => new DeploymentView(table, row),
    *[Symbol.iterator]() {
      for (let row = 0; row < n; row++) yield new DeploymentView(table, row);
    },
  };
}

export class DeploymentView extends RecordView implements LinkedDeployment {
  constructor(
    private readonly t: DeploymentTable,
    i: number,
  ) {
    super(i);
  }

  protected override get r(): DeploymentRecords {
    return this.t.records;
  }

  get row(): number {
    return this.i;
  }
  override get kind(): DeploymentKind {
    return KINDS[this.t.linkedKind[this.i] as number] as DeploymentKind;
  }
  override set kind(kind: DeploymentKind) {
    this.t.linkedKind[this.i] = KINDS.indexOf(kind);
  }
  get at(): number | null {
    return orNull(this.t.at[this.i] as number);
  }
  get team(): string | null {
    return this.t.teams[this.r.service[this.i] as number] as string | null;
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
    return this.t.failedAt.get(this.i) ?? null;
  }
  set failedAt(at: number | null) {
    if (at === null) this.t.failedAt.delete(this.i);
    else this.t.failedAt.set(this.i, at);
  }
  get restoredAt(): number | null {
    return this.t.restoredAt.get(this.i) ?? null;
  }
  set restoredAt(at: number | null) {
    if (at === null) this.t.restoredAt.delete(this.i);
    else this.t.restoredAt.set(this.i, at);
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
