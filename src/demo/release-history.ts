import { featureFlag, incidentTitle } from "./names.js";
import { addWorkingTime, DAY, HOUR, MINUTE, WORKDAY } from "./random.js";
import { iso, type ServiceContext, type Status } from "./service-context.js";

/**
 * The release side of one demo service's history: deployment windows through staging to production, retries,
 * rollbacks and hotfix releases, the incidents some deployments cause, and feature-flag rollouts.
 */

type Environment = "staging" | "production";

interface Release {
  id: string;
  sha: string;
  version: string;
  index: number;
  finishedAt: number;
}

/** How often the service deploys, whether it has staging, how often deploys hurt, its starting version. */
export interface ReleaseCharacter {
  deployGap: number;
  staging: boolean;
  incidentRate: number;
  major: number;
  minor: number;
}

export class ReleaseHistory {
  private readonly shipped: Record<Environment, number> = { staging: -1, production: -1 };
  private live: Release | undefined;
  private previous: Release | undefined;
  private blockedUntil = 0;
  private minor: number;
  private patch = 0;
  private deployments = 0;
  private incidents = 0;
  private flag: string | undefined;

  constructor(
    private readonly service: ServiceContext,
    private readonly character: ReleaseCharacter,
  ) {
    this.minor = character.minor;
  }

  /** Schedules the first deployment window, unplanned incident and flag rollout; perhaps an open incident. */
  start(start: number): void {
    const { r, end, timeline } = this.service;
    timeline.at(addWorkingTime(start, r.range(0, this.character.deployGap)), (at) => this.deploySlot(at));
    timeline.at(start + r.exponential(45 * DAY), (at) => this.unplannedIncident(at));
    timeline.at(addWorkingTime(start, r.exponential(10 * WORKDAY)), (at) => this.flagRollout(at));
    if (r.chance(0.3)) {
      const at = Math.max(start, end - r.range(30 * MINUTE, 36 * HOUR));
      timeline.at(at, (t) => this.incident(t, this.live, true));
    }
  }

  /** A merged hotfix goes straight to production as a patch of the current minor version. */
  shipHotfix(sha: string, index: number, hotfix: { deployStart: number; deployEnd: number }): void {
    const version = `${this.character.major}.${this.minor}.${++this.patch}`;
    const target = { sha, version, index };
    const release = this.deploy(
      "production",
      "hotfix",
      hotfix.deployStart,
      hotfix.deployEnd,
      target,
      "success",
    );
    if (release !== undefined) this.maybeIncident(release);
  }

  /** A planned deployment window: ship the newest green merge, through staging when the service has one. */
  private deploySlot(at: number): void {
    const { r, merges, timeline } = this.service;
    const { deployGap, major } = this.character;
    timeline.at(addWorkingTime(at, deployGap * r.range(0.3, 1.7)), (next) => this.deploySlot(next));
    if (at < this.blockedUntil) return;
    let index = merges.length - 1;
    while (index > this.shipped.production && (merges[index]?.deployableAt ?? 0) > at) index--;
    const merge = merges[index];
    if (merge === undefined || index <= this.shipped.production) return;
    const target = { sha: merge.sha, version: `${major}.${++this.minor}.0`, index };
    this.patch = 0;
    let start = at;
    if (this.character.staging) {
      const finish = start + r.lognormal(5 * MINUTE, 0.4);
      const status: Status = r.chance(0.04) ? "failure" : "success";
      if (this.deploy("staging", "deploy", start, finish, target, status) === undefined) return;
      if (status === "failure") return;
      start = finish + r.lognormal(40 * MINUTE, 0.7);
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const roll = r.next();
      const status: Status = roll < 0.9 ? "success" : roll < 0.97 ? "failure" : "cancelled";
      const finish = start + r.lognormal(6 * MINUTE, 0.5);
      const release = this.deploy("production", "deploy", start, finish, target, status);
      if (release === undefined || status === "cancelled") return;
      if (status === "success") {
        this.maybeIncident(release);
        return;
      }
      start = finish + r.lognormal(20 * MINUTE, 0.5);
    }
  }

  private deploy(
    environment: Environment,
    kind: "deploy" | "rollback" | "hotfix",
    startedAt: number,
    finishedAt: number,
    target: { sha: string; version: string; index: number },
    status: Status,
  ): Release | undefined {
    const { name, repo, end, merges } = this.service;
    if (finishedAt >= end) return undefined;
    const id = `demo:${name}:${++this.deployments}`;
    const changes = merges.slice(this.shipped[environment] + 1, target.index + 1).flatMap((m) => m.commits);
    this.service.emit(finishedAt, {
      type: "deployment",
      id,
      service: name,
      environment,
      startedAt: iso(startedAt),
      finishedAt: iso(finishedAt),
      status,
      kind,
      sha: target.sha,
      version: target.version,
      repo,
      ...(kind === "rollback" ? {} : { changes }),
    });
    this.blockedUntil = Math.max(this.blockedUntil, finishedAt);
    const release = { id, ...target, finishedAt };
    if (status === "success") {
      this.shipped[environment] = target.index;
      if (environment === "production") {
        // A hotfix repairs the live release: rolling it back would return to the release before the broken one.
        if (kind !== "hotfix") this.previous = kind === "rollback" ? undefined : this.live;
        this.live = release;
      }
    }
    return release;
  }

  private maybeIncident(release: Release): void {
    const r = this.service.r;
    if (r.chance(this.character.incidentRate))
      this.incident(release.finishedAt + r.lognormal(20 * MINUTE, 1), release);
  }

  private unplannedIncident(at: number): void {
    const { r, timeline } = this.service;
    timeline.at(at + r.exponential(45 * DAY), (next) => this.unplannedIncident(next));
    this.incident(at, undefined);
  }

  /**
   * An incident, caused by `cause` when given. A caused incident is answered by a rollback, a hotfix or a
   * mitigation (a flag turned off); an `open` one is still going on at the end of the period.
   */
  private incident(startedAt: number, cause: Release | undefined, open = false): void {
    const { r, name, end } = this.service;
    const detectedAt = startedAt + r.lognormal(5 * MINUTE, 0.8);
    const acknowledgedAt = detectedAt + r.lognormal(4 * MINUTE, 0.9);
    const roll = r.next();
    const severity = roll < 0.07 ? "sev1" : roll < 0.3 ? "sev2" : roll < 0.75 ? "sev3" : "sev4";
    const title = incidentTitle(r);
    const linked = cause !== undefined && cause.finishedAt < startedAt && (!open || r.chance(0.5));
    let resolvedAt = detectedAt + r.lognormal(HOUR, 1.1);
    if (open) resolvedAt = Number.POSITIVE_INFINITY;
    else if (linked) {
      const response = r.next();
      const previous = this.previous;
      if (previous !== undefined && this.live === cause && response < 0.45) {
        const rollbackStart = acknowledgedAt + r.lognormal(12 * MINUTE, 0.6);
        const rollbackEnd = rollbackStart + r.lognormal(4 * MINUTE, 0.4);
        const rollback = this.deploy(
          "production",
          "rollback",
          rollbackStart,
          rollbackEnd,
          previous,
          "success",
        );
        resolvedAt =
          rollback === undefined ? Number.POSITIVE_INFINITY : rollbackEnd + r.lognormal(8 * MINUTE, 0.6);
      } else if (response < 0.75) {
        resolvedAt = this.service.hotfix(acknowledgedAt + r.lognormal(30 * MINUTE, 0.5), title);
      } else if (this.flag !== undefined && resolvedAt < end) {
        const at = resolvedAt - r.range(MINUTE, 5 * MINUTE);
        const flag = { flag: this.flag, service: name, environment: "production" };
        this.service.emit(at, {
          type: "flag_change",
          ...flag,
          at: iso(at),
          from: "on",
          to: "off",
          percentage: 0,
        });
      }
    }
    if (detectedAt >= end) return;
    this.blockedUntil = Math.max(this.blockedUntil, Math.min(resolvedAt, end));
    const resolved = resolvedAt < end;
    this.service.emit(resolved ? resolvedAt : acknowledgedAt, {
      type: "incident",
      id: `demo:${name}:incident-${++this.incidents}`,
      services: [name],
      environment: "production",
      severity,
      title: `${name}: ${title}`,
      startedAt: iso(startedAt),
      detectedAt: iso(detectedAt),
      ...(acknowledgedAt < end ? { acknowledgedAt: iso(acknowledgedAt) } : {}),
      ...(resolved ? { resolvedAt: iso(resolvedAt) } : {}),
      ...(linked && cause !== undefined ? { cause: { deployment: cause.id } } : {}),
    });
  }

  /** A feature flag rolled out to 10 %, 50 % and 100 % of production over a few working days. */
  private flagRollout(at: number): void {
    const { r, name, end, timeline } = this.service;
    timeline.at(addWorkingTime(at, r.exponential(20 * WORKDAY)), (next) => this.flagRollout(next));
    const flag = featureFlag(r, name);
    let time = at;
    let from = "off";
    for (const percentage of [10, 50, 100]) {
      if (time >= end) return;
      const change = {
        flag,
        service: name,
        environment: "production",
        at: iso(time),
        from,
        to: "on",
        percentage,
      };
      this.service.emit(time, { type: "flag_change", ...change });
      from = "on";
      time = addWorkingTime(time, r.lognormal(WORKDAY, 0.7));
    }
    this.flag = flag;
  }
}
