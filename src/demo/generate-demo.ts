import type { z } from "zod";
import type { EventType, eventSchemas } from "../domain/events/schema.js";
import {
  authorPool,
  commitTitle,
  featureFlag,
  incidentTitle,
  serviceNames,
  slug,
  teamNames,
} from "./names.js";
import { addWorkingTime, DAY, HOUR, MINUTE, Random, WORKDAY } from "./random.js";

/**
 * A synthetic organisation "acme" for `stride demo` and `serve --demo-if-empty`: teams, services, and per
 * service a commit history, pull requests, CI runs, staging and production deployments (with failures,
 * rollbacks and hotfixes), incidents caused by some deployments, and feature-flag rollouts. Deterministic for
 * a seed; streams one service at a time, so a large organisation never sits in memory.
 */

export interface DemoOptions {
  seed: number;
  teams: number;
  services: number;
  days: number;
  /** Exclusive end of the generated period, epoch ms: the injected clock's now. */
  end: number;
}

export const defaultDemoOptions = { seed: 42, teams: 4, services: 12, days: 90 };

/** An event exactly as a client would POST it: instants are ISO strings with Z. */
export type DemoEvent = { [K in EventType]: z.input<(typeof eventSchemas)[K]> }[EventType];

export function* generateDemo(options: DemoOptions): Generator<DemoEvent> {
  const setup = new Random(options.seed, "setup");
  const teams = teamNames(setup, options.teams);
  const services = serviceNames(setup, options.services);
  // Stated as of the period's start, so the same seed and end give the same stored state on every run.
  const asOf = new Date(options.end - options.days * 86_400_000).toISOString();
  for (const name of teams) yield { type: "team", name, updatedAt: asOf };
  for (const [index, name] of services.entries()) {
    const team = teams[index % teams.length];
    yield {
      type: "service",
      name,
      updatedAt: asOf,
      ...(team === undefined ? {} : { team }),
      repos: [`acme/${name}`],
      productionEnvironments: ["production"],
      runbookUrl: `https://runbooks.acme.example/${name}`,
    };
  }
  for (const [index, name] of services.entries()) {
    const authors = authorPool(new Random(options.seed, "team", index % Math.max(1, teams.length)), 6);
    yield* new ServiceHistory(options, index, name, authors).events();
  }
}

type Environment = "staging" | "production";
type Status = "success" | "failure" | "cancelled";

interface Commit {
  sha: string;
  authoredAt: number;
  committedAt: number;
  title: string;
}

interface PullRequestPlan {
  number: number;
  author: string;
  title: string;
  commits: Commit[];
  createdAt: number;
  firstReviewAt: number;
  mergedAt: number;
  merged: boolean;
  /** For a hotfix: its CI run is green, finishes then, and it goes straight to production. */
  hotfix?: { buildEnd: number; deployStart: number; deployEnd: number };
}

/** A merge to main: the commits it brought, and when CI made it deployable (Infinity if it never did). */
interface Merge {
  sha: string;
  commits: string[];
  deployableAt: number;
}

interface Release {
  id: string;
  sha: string;
  version: string;
  index: number;
  finishedAt: number;
}

/** Timed actions of one service, run in time order (equal times in the order they were scheduled). */
class Timeline {
  private readonly items: { at: number; run: (at: number) => void }[] = [];

  at(at: number, run: (at: number) => void): void {
    let i = this.items.length;
    while (i > 0 && (this.items[i - 1]?.at ?? 0) > at) i--;
    this.items.splice(i, 0, { at, run });
  }

  runUntil(end: number): void {
    for (let item = this.items.shift(); item !== undefined && item.at < end; item = this.items.shift()) {
      item.run(item.at);
    }
  }
}

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

class ServiceHistory {
  private readonly r: Random;
  private readonly repo: string;
  private readonly start: number;
  private readonly end: number;
  private readonly out: { at: number; event: DemoEvent }[] = [];
  private readonly timeline = new Timeline();
  // The service's character: how often it merges and deploys, whether it has staging, how often deploys hurt.
  private readonly prGap: number;
  private readonly deployGap: number;
  private readonly staging: boolean;
  private readonly incidentRate: number;
  private readonly buildFailureRate: number;
  private readonly testCount: number;
  private readonly major: number;
  // State of the simulation.
  private mainHead: string;
  private readonly merges: Merge[] = [];
  private readonly shipped: Record<Environment, number> = { staging: -1, production: -1 };
  private live: Release | undefined;
  private previous: Release | undefined;
  private blockedUntil = 0;
  private prNumber: number;
  private minor: number;
  private patch = 0;
  private deployments = 0;
  private incidents = 0;
  private flag: string | undefined;

  constructor(
    options: DemoOptions,
    index: number,
    private readonly name: string,
    private readonly authors: string[],
  ) {
    const r = new Random(options.seed, "service", index);
    this.r = r;
    this.repo = `acme/${name}`;
    this.end = options.end;
    this.start = options.end - options.days * DAY;
    this.prGap = WORKDAY / r.range(1, 5);
    this.deployGap = WORKDAY / r.pick([0.2, 0.4, 1, 1, 2, 3, 5]);
    this.staging = r.chance(0.6);
    this.incidentRate = r.range(0.04, 0.16);
    this.buildFailureRate = r.range(0.03, 0.12);
    this.testCount = r.int(150, 3000);
    this.mainHead = r.sha();
    this.prNumber = r.int(20, 3000);
    this.major = r.int(1, 4);
    this.minor = r.int(0, 60);
  }

  *events(): Generator<DemoEvent> {
    const { r, start, end } = this;
    this.timeline.at(addWorkingTime(start, r.exponential(this.prGap)), (at) => this.pullRequest(at));
    this.timeline.at(addWorkingTime(start, r.range(0, this.deployGap)), (at) => this.deploySlot(at));
    this.timeline.at(start + r.exponential(45 * DAY), (at) => this.unplannedIncident(at));
    this.timeline.at(addWorkingTime(start, r.exponential(10 * WORKDAY)), (at) => this.flagRollout(at));
    if (r.chance(0.3)) {
      const at = Math.max(start, end - r.range(30 * MINUTE, 36 * HOUR));
      this.timeline.at(at, (t) => this.incident(t, this.live, true));
    }
    this.timeline.runUntil(end);
    this.out.sort((a, b) => a.at - b.at);
    for (const { event } of this.out) yield event;
  }

  private emit(at: number, event: DemoEvent): void {
    this.out.push({ at, event });
  }

  /** An engineer starts a pull request: commits over some working hours, then review, then merge. */
  private pullRequest(at: number): void {
    const r = this.r;
    this.timeline.at(addWorkingTime(at, r.exponential(this.prGap)), (next) => this.pullRequest(next));
    const coding = Math.min(r.lognormal(4 * HOUR, 1.3), 15 * WORKDAY);
    let count = 1;
    while (count < 12 && r.chance(0.55)) count++;
    const offsets = Array.from({ length: count }, (_, i) => (i === 0 ? 0 : r.next() * coding)).sort(
      (a, b) => a - b,
    );
    const title = commitTitle(r);
    const commits = offsets.map((offset, i): Commit => {
      const committedAt = addWorkingTime(at, offset);
      const amended = r.chance(0.2) ? r.range(MINUTE, 3 * HOUR) : 0;
      return {
        sha: r.sha(),
        authoredAt: committedAt - amended,
        committedAt,
        title: i === 0 ? title : commitTitle(r),
      };
    });
    const createdAt = addWorkingTime(at, coding) + r.range(MINUTE, 10 * MINUTE);
    const firstReviewAt = addWorkingTime(createdAt, r.lognormal(1.5 * HOUR, 1.1));
    const mergedAt =
      addWorkingTime(firstReviewAt, r.lognormal(1.5 * HOUR, 1.2)) + r.range(MINUTE, 5 * MINUTE);
    const author = r.pick(this.authors);
    const merged = !r.chance(0.03);
    this.openPullRequest({
      number: this.prNumber++,
      author,
      title,
      commits,
      createdAt,
      firstReviewAt,
      mergedAt,
      merged,
    });
  }

  private openPullRequest(plan: PullRequestPlan): void {
    let parent = this.mainHead;
    for (const commit of plan.commits) {
      if (commit.committedAt < this.end) {
        this.emit(commit.committedAt, {
          type: "change",
          repo: this.repo,
          sha: commit.sha,
          parents: [parent],
          authoredAt: iso(commit.authoredAt),
          committedAt: iso(commit.committedAt),
          author: plan.author,
          title: commit.title,
          pullRequest: plan.number,
        });
      }
      parent = commit.sha;
    }
    const head = parent;
    if (plan.merged && plan.mergedAt < this.end) {
      this.timeline.at(plan.mergedAt, () => this.merge(plan, head));
    } else if (plan.createdAt < this.end) {
      this.emit(plan.createdAt, this.pullRequestEvent(plan)); // still open (or abandoned) at the end
    }
  }

  private pullRequestEvent(plan: PullRequestPlan, mergeSha?: string): DemoEvent {
    const reviewed = plan.firstReviewAt < this.end;
    return {
      type: "pull_request",
      repo: this.repo,
      number: plan.number,
      title: plan.title,
      author: plan.author,
      createdAt: iso(plan.createdAt),
      firstCommitAt: iso(Math.min(...plan.commits.map((c) => c.authoredAt))),
      ...(reviewed ? { firstReviewAt: iso(plan.firstReviewAt) } : {}),
      ...(mergeSha === undefined ? {} : { mergedAt: iso(plan.mergedAt), mergeSha }),
      baseBranch: "main",
      commits: plan.commits.filter((c) => c.committedAt < this.end).map((c) => c.sha),
    };
  }

  /** The pull request is merged with a merge commit, and CI runs on main. */
  private merge(plan: PullRequestPlan, head: string): void {
    const { r, end } = this;
    const at = plan.mergedAt;
    const sha = r.sha();
    const title = `Merge pull request #${plan.number} from acme/${slug(plan.title)}`;
    this.emit(at, {
      type: "change",
      repo: this.repo,
      sha,
      parents: [this.mainHead, head],
      authoredAt: iso(at),
      committedAt: iso(at),
      author: plan.author,
      title,
      pullRequest: plan.number,
    });
    this.emit(at, this.pullRequestEvent(plan, sha));
    this.mainHead = sha;
    const buildStart = at + r.range(10_000, 90_000);
    const buildEnd = plan.hotfix?.buildEnd ?? buildStart + r.lognormal(8 * MINUTE, 0.4);
    const roll = r.next();
    const status: Status =
      plan.hotfix !== undefined || roll >= 0.03 + this.buildFailureRate
        ? "success"
        : roll < 0.03
          ? "cancelled"
          : "failure";
    if (buildEnd < end) {
      const total = this.testCount + Math.floor(this.merges.length / 5);
      const tests = { total, failed: status === "failure" ? r.int(1, 8) : 0, skipped: r.int(0, 12) };
      this.emit(buildEnd, {
        type: "build",
        repo: this.repo,
        sha,
        pipeline: "ci",
        startedAt: iso(buildStart),
        finishedAt: iso(buildEnd),
        status,
        ...(status === "cancelled" ? {} : { tests }),
      });
    }
    const commits = [...plan.commits.map((c) => c.sha), sha];
    this.merges.push({
      sha,
      commits,
      deployableAt: status === "success" ? buildEnd : Number.POSITIVE_INFINITY,
    });
    const hotfix = plan.hotfix;
    if (hotfix !== undefined) {
      const version = `${this.major}.${this.minor}.${++this.patch}`;
      const target = { sha, version, index: this.merges.length - 1 };
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
  }

  /** A planned deployment window: ship the newest green merge, through staging when the service has one. */
  private deploySlot(at: number): void {
    const r = this.r;
    this.timeline.at(addWorkingTime(at, this.deployGap * r.range(0.3, 1.7)), (next) => this.deploySlot(next));
    if (at < this.blockedUntil) return;
    let index = this.merges.length - 1;
    while (index > this.shipped.production && (this.merges[index]?.deployableAt ?? 0) > at) index--;
    const merge = this.merges[index];
    if (merge === undefined || index <= this.shipped.production) return;
    const target = { sha: merge.sha, version: `${this.major}.${++this.minor}.0`, index };
    this.patch = 0;
    let start = at;
    if (this.staging) {
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
    if (finishedAt >= this.end) return undefined;
    const id = `demo:${this.name}:${++this.deployments}`;
    const changes = this.merges
      .slice(this.shipped[environment] + 1, target.index + 1)
      .flatMap((m) => m.commits);
    this.emit(finishedAt, {
      type: "deployment",
      id,
      service: this.name,
      environment,
      startedAt: iso(startedAt),
      finishedAt: iso(finishedAt),
      status,
      kind,
      sha: target.sha,
      version: target.version,
      repo: this.repo,
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
    if (this.r.chance(this.incidentRate))
      this.incident(release.finishedAt + this.r.lognormal(20 * MINUTE, 1), release);
  }

  private unplannedIncident(at: number): void {
    this.timeline.at(at + this.r.exponential(45 * DAY), (next) => this.unplannedIncident(next));
    this.incident(at, undefined);
  }

  /**
   * An incident, caused by `cause` when given. A caused incident is answered by a rollback, a hotfix or a
   * mitigation (a flag turned off); an `open` one is still going on at the end of the period.
   */
  private incident(startedAt: number, cause: Release | undefined, open = false): void {
    const r = this.r;
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
        resolvedAt = this.hotfix(acknowledgedAt + r.lognormal(30 * MINUTE, 0.5), title);
      } else if (this.flag !== undefined && resolvedAt < this.end) {
        const at = resolvedAt - r.range(MINUTE, 5 * MINUTE);
        const flag = { flag: this.flag, service: this.name, environment: "production" };
        this.emit(at, { type: "flag_change", ...flag, at: iso(at), from: "on", to: "off", percentage: 0 });
      }
    }
    if (detectedAt >= this.end) return;
    this.blockedUntil = Math.max(this.blockedUntil, Math.min(resolvedAt, this.end));
    const resolved = resolvedAt < this.end;
    this.emit(resolved ? resolvedAt : acknowledgedAt, {
      type: "incident",
      id: `demo:${this.name}:incident-${++this.incidents}`,
      services: [this.name],
      environment: "production",
      severity,
      title: `${this.name}: ${title}`,
      startedAt: iso(startedAt),
      detectedAt: iso(detectedAt),
      ...(acknowledgedAt < this.end ? { acknowledgedAt: iso(acknowledgedAt) } : {}),
      ...(resolved ? { resolvedAt: iso(resolvedAt) } : {}),
      ...(linked && cause !== undefined ? { cause: { deployment: cause.id } } : {}),
    });
  }

  /** Plans a one-commit hotfix pull request that goes straight to production; returns when it resolves. */
  private hotfix(at: number, incident: string): number {
    const r = this.r;
    const createdAt = at + r.range(2 * MINUTE, 10 * MINUTE);
    const firstReviewAt = createdAt + r.lognormal(6 * MINUTE, 0.6);
    const mergedAt = firstReviewAt + r.range(MINUTE, 5 * MINUTE);
    const buildEnd = mergedAt + r.lognormal(7 * MINUTE, 0.3);
    const deployStart = buildEnd + r.range(MINUTE, 4 * MINUTE);
    const deployEnd = deployStart + r.lognormal(5 * MINUTE, 0.4);
    const title = `Hotfix: ${incident}`;
    const commits = [{ sha: r.sha(), authoredAt: at, committedAt: at, title }];
    const plan = { number: this.prNumber++, author: r.pick(this.authors), title, commits, merged: true };
    const hotfix = { buildEnd, deployStart, deployEnd };
    this.timeline.at(at, () => this.openPullRequest({ ...plan, createdAt, firstReviewAt, mergedAt, hotfix }));
    return deployEnd < this.end ? deployEnd + r.lognormal(8 * MINUTE, 0.6) : Number.POSITIVE_INFINITY;
  }

  /** A feature flag rolled out to 10 %, 50 % and 100 % of production over a few working days. */
  private flagRollout(at: number): void {
    const r = this.r;
    this.timeline.at(addWorkingTime(at, r.exponential(20 * WORKDAY)), (next) => this.flagRollout(next));
    const flag = featureFlag(r, this.name);
    let time = at;
    let from = "off";
    for (const percentage of [10, 50, 100]) {
      if (time >= this.end) return;
      const change = {
        flag,
        service: this.name,
        environment: "production",
        at: iso(time),
        from,
        to: "on",
        percentage,
      };
      this.emit(time, { type: "flag_change", ...change });
      from = "on";
      time = addWorkingTime(time, r.lognormal(WORKDAY, 0.7));
    }
    this.flag = flag;
  }
}
