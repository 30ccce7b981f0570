import { entriesIn, type LeadTimes, NEGATIVE, pullRequestsIn, UNKNOWN_START } from "./lead-times.js";
import type { Warning } from "./query.js";
import type { LeadTime, LeadTimeBreakdown } from "./results.js";
import { summarizeRange } from "./span-index.js";
import { type DurationSummary, durationsOf } from "./stats.js";
import { type Benchmark, leadTimeTier } from "./tiers.js";
import type { Window } from "./window.js";

/**
 * Lead time of the changes whose first deployment in scope lies in the window; the start (commit, authoring, PR
 * first commit or merge) was fixed when the shipments were built.
 */
export function leadTime(lead: LeadTimes, w: Window, benchmark: Benchmark): LeadTime {
  const [start, end] = entriesIn(lead, w);
  let negative = 0;
  let unknown = 0;
  for (let k = start; k < end; k++) {
    const problem = lead.problem[k] as number;
    if (problem === UNKNOWN_START) unknown++;
    else if (problem === NEGATIVE) negative++;
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
  const result = durationsOf(
    summarizeRange(lead.span, start, end),
    "no changes with a known commit reached production in this window",
  );
  return {
    ...result,
    warnings,
    tier: result.medianSeconds === null ? null : leadTimeTier(result.medianSeconds, benchmark),
  };
}

/**
 * The value stream (GUIDE §2): coding → pickup → review → deploy per pull request, counted once, in the window of
 * the first deployment in scope that shipped it; staging where it exists.
 */
export function leadTimeBreakdown(lead: LeadTimes, w: Window): LeadTimeBreakdown {
  const stages = lead.stages;
  if (stages === null) throw new Error("lead times were selected without their stages");
  const entries = entriesIn(lead, w);
  const [from, to] = pullRequestsIn(stages, entries);
  const summaries = {
    coding: summarizeRange(stages.coding, from, to),
    pickup: summarizeRange(stages.pickup, from, to),
    review: summarizeRange(stages.review, from, to),
    deploy: summarizeRange(stages.deploy, from, to),
  };
  let slowest: LeadTimeBreakdown["slowest"] = null;
  for (const [name, summary] of Object.entries(summaries) as [keyof typeof summaries, DurationSummary][]) {
    const best = slowest === null ? null : summaries[slowest].medianSeconds;
    if (summary.medianSeconds !== null && (best === null || summary.medianSeconds > best)) slowest = name;
  }
  const prCount = to - from;
  return {
    ...summaries,
    timeToStaging: summarizeRange(stages.toStaging, ...entries),
    stagingToProduction: summarizeRange(stages.stagingToProduction, ...entries),
    slowest,
    sampleSize: prCount,
    noData: prCount === 0 ? "no pull requests reached production in this window" : null,
    warnings: [],
  };
}
