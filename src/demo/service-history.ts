import type { DemoEvent, DemoOptions } from "./generate-demo.js";
import { commitTitle, slug } from "./names.js";
import { addWorkingTime, DAY, HOUR, MINUTE, Random, WORKDAY } from "./random.js";
import { ReleaseHistory } from "./release-history.js";
import { iso, type Merge, type ServiceContext, type Status, Timeline } from "./service-context.js";

/**
 * One demo service's history: a commit history, pull requests and CI runs on main here, and what is deployed
 * and breaks in its `ReleaseHistory`. Both act on one timeline, and the events come out in time order.
 */

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

export class ServiceHistory implements ServiceContext {
  readonly r: Random;
  readonly repo: string;
  readonly end: number;
  readonly merges: Merge[] = [];
  readonly timeline = new Timeline();
  private readonly start: number;
  private readonly out: { at: number; event: DemoEvent }[] = [];
  private readonly releases: ReleaseHistory;
  // The service's character: how often it merges, how often CI fails, how big its test suite is.
  private readonly prGap: number;
  private readonly buildFailureRate: number;
  private readonly testCount: number;
  private mainHead: string;
  private prNumber: number;

  constructor(
    options: DemoOptions,
    index: number,
    readonly name: string,
    private readonly authors: string[],
  ) {
    const r = new Random(options.seed, "service", index);
    this.r = r;
    this.repo = `acme/${name}`;
    this.end = options.end;
    this.start = options.end - options.days * DAY;
    // Drawn interleaved with the release character: a seed yields the same organisation only if the order of
    // draws from the stream never changes.
    this.prGap = WORKDAY / r.range(1, 5);
    const deployGap = WORKDAY / r.pick([0.2, 0.4, 1, 1, 2, 3, 5]);
    const staging = r.chance(0.6);
    const incidentRate = r.range(0.04, 0.16);
    this.buildFailureRate = r.range(0.03, 0.12);
    this.testCount = r.int(150, 3000);
    this.mainHead = r.sha();
    this.prNumber = r.int(20, 3000);
    const character = { deployGap, staging, incidentRate, major: r.int(1, 4), minor: r.int(0, 60) };
    this.releases = new ReleaseHistory(this, character);
  }

  *events(): Generator<DemoEvent> {
    const { r, start, end } = this;
    this.timeline.at(addWorkingTime(start, r.exponential(this.prGap)), (at) => this.pullRequest(at));
    this.releases.start(start);
    this.timeline.runUntil(end);
    this.out.sort((a, b) => a.at - b.at);
    for (const { event } of this.out) yield event;
  }

  emit(at: number, event: DemoEvent): void {
    this.out.push({ at, event });
  }

  /** Plans a one-commit hotfix pull request that goes straight to production; returns when it resolves. */
  hotfix(at: number, incident: string): number {
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
    if (plan.hotfix !== undefined) this.releases.shipHotfix(sha, this.merges.length - 1, plan.hotfix);
  }
}
