import type { Warning } from "./query.js";
import type { LeadTime, LeadTimeBreakdown } from "./results.js";
import type { Shipments } from "./shipments.js";
import { type DurationSummary, SpanCollector, spans } from "./stats.js";
import { type Benchmark, leadTimeTier } from "./tiers.js";

/**
 * Lead time over `first`: shipment indices, each change at the first deployment in scope that shipped it, in the
 * window of that deployment. The start (commit, authoring, PR first commit or merge) was fixed when the shipments
 * were built.
 */
export function leadTime(s: Shipments, first: Int32Array, benchmark: Benchmark): LeadTime {
  let negative = 0;
  let unknown = 0;
  spans.start(first.length);
  for (const i of first) {
    const start = s.start[i] as number;
    const at = s.deployedAt[i] as number;
    if (Number.isNaN(start)) unknown++;
    else if (at < start) negative++;
    else spans.add(start, at);
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
  const result = spans.durations("no changes with a known commit reached production in this window");
  return {
    ...result,
    warnings,
    tier: result.medianSeconds === null ? null : leadTimeTier(result.medianSeconds, benchmark),
  };
}

/** One collector per value-stream stage, kept between questions (see SpanCollector). */
const [coding, pickup, review, deploy, toStaging, stagingToProduction] = Array.from(
  { length: 6 },
  () => new SpanCollector(),
) as [SpanCollector, SpanCollector, SpanCollector, SpanCollector, SpanCollector, SpanCollector];

/** The value stream (GUIDE §2): coding → pickup → review → deploy per pull request; staging where it exists. */
export function leadTimeBreakdown(s: Shipments, first: Int32Array): LeadTimeBreakdown {
  for (const stage of [coding, pickup, review, deploy, toStaging, stagingToProduction]) stage.start();
  const { prs } = s;
  const seenPr = new Uint8Array(prs.n);
  let prCount = 0;
  for (const i of first) {
    const deployedAt = s.deployedAt[i] as number;
    const stagingAt = s.stagingAt[i] as number;
    const pr = s.pr[i] as number;
    const mergedAt = pr < 0 ? Number.NaN : (prs.mergedAt[pr] as number);
    if (!Number.isNaN(stagingAt)) {
      toStaging.add(Number.isNaN(mergedAt) ? (s.start[i] as number) : mergedAt, stagingAt);
      stagingToProduction.add(stagingAt, deployedAt);
    }
    // `first` is in time order, so a pull request's first shipment is its earliest
    if (pr < 0 || seenPr[pr] === 1) continue;
    seenPr[pr] = 1;
    prCount++;
    const createdAt = prs.createdAt[pr] as number;
    const firstReviewAt = prs.firstReviewAt[pr] as number;
    coding.add(prs.firstCommitAt[pr] as number, createdAt);
    pickup.add(createdAt, firstReviewAt);
    review.add(firstReviewAt, mergedAt);
    deploy.add(mergedAt, deployedAt);
  }
  const stages = {
    coding: coding.summary(),
    pickup: pickup.summary(),
    review: review.summary(),
    deploy: deploy.summary(),
  };
  let slowest: LeadTimeBreakdown["slowest"] = null;
  for (const [name, summary] of Object.entries(stages) as [keyof typeof stages, DurationSummary][]) {
    const best = slowest === null ? null : stages[slowest].medianSeconds;
    if (summary.medianSeconds !== null && (best === null || summary.medianSeconds > best)) slowest = name;
  }
  return {
    ...stages,
    timeToStaging: toStaging.summary(),
    stagingToProduction: stagingToProduction.summary(),
    slowest,
    sampleSize: prCount,
    noData: prCount === 0 ? "no pull requests reached production in this window" : null,
    warnings: [],
  };
}
