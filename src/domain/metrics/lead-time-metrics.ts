import type { EngineSettings } from "./dataset.js";
import { durations } from "./delivery-metrics.js";
import type { ShippedChange } from "./linked.js";
import type { Warning } from "./query.js";
import type { LeadTime, LeadTimeBreakdown } from "./results.js";
import { summarizeDurations } from "./stats.js";
import { type Benchmark, leadTimeTier } from "./tiers.js";

export function leadTimeStartOf(s: ShippedChange, settings: EngineSettings): number | null {
  const { change, pullRequest: pr } = s;
  if (change === null) return null;
  switch (settings.leadTimeStart) {
    case "committed":
      return change.committedAt;
    case "authored":
      return change.authoredAt;
    case "first_commit":
      return pr?.firstCommitAt ?? change.authoredAt;
    case "merged":
      return pr?.mergedAt ?? change.committedAt;
  }
}

export function leadTime(first: ShippedChange[], settings: EngineSettings, benchmark: Benchmark): LeadTime {
  const spans: number[] = [];
  let negative = 0;
  let unknown = 0;
  for (const s of first) {
    const start = leadTimeStartOf(s, settings);
    if (start === null) unknown++;
    else if (s.deployedAt - start < 0) negative++;
    else spans.push(s.deployedAt - start);
  }
  const warnings: Warning[] = [];
  if (negative > 0) {
    warnings.push({
      code: "negative_lead_time_excluded",
      message: `${negative} change(s) deployed before their commit time (clock skew or rewritten history) are left out`,
      count: negative,
    });
  }
  if (unknown > 0) {
    warnings.push({
      code: "changes_without_commit",
      message: `${unknown} shipped sha(s) have no commit in Stride, so their lead time is unknown; send change events or run \`stride import git\``,
      count: unknown,
    });
  }
  const result = durations(spans, "no changes with a known commit reached production in this window");
  return {
    ...result,
    warnings,
    tier: result.medianSeconds === null ? null : leadTimeTier(result.medianSeconds, benchmark),
  };
}

const nonNegative = (spans: (number | null)[]) => spans.filter((s): s is number => s !== null && s >= 0);
const span = (from: number | null | undefined, to: number | null | undefined) =>
  from === null || from === undefined || to === null || to === undefined ? null : to - from;

/** The value stream (GUIDE §2): coding → pickup → review → deploy per pull request; staging where it exists. */
export function leadTimeBreakdown(first: ShippedChange[]): LeadTimeBreakdown {
  const byPr = new Map<string, ShippedChange>();
  for (const s of first) {
    if (s.pullRequest === null) continue;
    const key = `${s.pullRequest.repo}#${s.pullRequest.number}`;
    const held = byPr.get(key);
    if (held === undefined || s.deployedAt < held.deployedAt) byPr.set(key, s);
  }
  const prs = [...byPr.values()];
  const stage = (f: (s: ShippedChange) => number | null) => summarizeDurations(nonNegative(prs.map(f)));
  const coding = stage((s) =>
    span(s.pullRequest?.firstCommitAt ?? s.change?.authoredAt, s.pullRequest?.createdAt),
  );
  const pickup = stage((s) => span(s.pullRequest?.createdAt, s.pullRequest?.firstReviewAt));
  const review = stage((s) => span(s.pullRequest?.firstReviewAt, s.pullRequest?.mergedAt));
  const deploy = stage((s) => span(s.pullRequest?.mergedAt, s.deployedAt));
  const staged = first.map((s) => ({ s, at: s.stagingAt })).filter((x) => x.at !== null);
  const timeToStaging = summarizeDurations(
    nonNegative(staged.map(({ s, at }) => span(s.pullRequest?.mergedAt ?? s.change?.committedAt, at))),
  );
  const stagingToProduction = summarizeDurations(
    nonNegative(staged.map(({ s, at }) => span(at, s.deployedAt))),
  );
  const stages = { coding, pickup, review, deploy };
  let slowest: LeadTimeBreakdown["slowest"] = null;
  for (const [name, summary] of Object.entries(stages) as [keyof typeof stages, typeof coding][]) {
    const best = slowest === null ? null : stages[slowest].medianSeconds;
    if (summary.medianSeconds !== null && (best === null || summary.medianSeconds > best)) slowest = name;
  }
  return {
    ...stages,
    timeToStaging,
    stagingToProduction,
    slowest,
    sampleSize: prs.length,
    noData: prs.length === 0 ? "no pull requests reached production in this window" : null,
    warnings: [],
  };
}
