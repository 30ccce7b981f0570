import { fitted } from "./columns.js";
import { deployedAt, type Shipments } from "./shipments.js";
import { type SpanIndex, spanIndex } from "./span-index.js";
import { rangeIn, spanOf, type Window } from "./window.js";

/**
 * A scope's changes in production order (each at the first deployment in scope that shipped it), with their
 * spans worked out once per scope and data version: any window is then a contiguous range, summarized in place.
 * NaN marks no span (an unknown instant, or an end before its start).
 */
export interface LeadTimes {
  shipments: Shipments;
  /** shipment indices, in deployment-time order */
  first: Int32Array;
  /** commit (or the configured start) to production */
  span: SpanIndex;
  /** per entry: UNKNOWN_START, NEGATIVE, or 0 */
  problem: Uint8Array;
  /** the value stream; left out where only the key metrics are asked (a breakdown row) */
  stages: Stages | null;
}

export interface Stages {
  /** per entry: merge (else the start) → first staging deployment, and staging → this deployment */
  toStaging: SpanIndex;
  stagingToProduction: SpanIndex;
  /** the entries at which each pull request first shipped, ascending, and its stages */
  prEntry: Int32Array;
  coding: SpanIndex;
  pickup: SpanIndex;
  review: SpanIndex;
  deploy: SpanIndex;
}

export const UNKNOWN_START = 1;
export const NEGATIVE = 2;

export function leadTimes(s: Shipments, first: Int32Array, withStages: boolean): LeadTimes {
  const n = first.length;
  const span = new Float64Array(n);
  const problem = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const i = first[k] as number;
    const start = s.start[i] as number;
    const at = deployedAt(s, i);
    span[k] = spanOf(start, at);
    if (Number.isNaN(start)) problem[k] = UNKNOWN_START;
    else if (at < start) problem[k] = NEGATIVE;
  }
  return {
    shipments: s,
    first,
    span: spanIndex(span),
    problem,
    stages: withStages ? stagesOf(s, first) : null,
  };
}

function stagesOf(s: Shipments, first: Int32Array): Stages {
  const { prs } = s;
  const toStaging = new Float64Array(first.length);
  const stagingToProduction = new Float64Array(first.length);
  const seen = new Uint8Array(prs.n);
  // at most one entry per pull request (720 k for an organisation): a typed array, not a growing array of numbers
  const entries = new Int32Array(Math.min(prs.n, first.length));
  let m = 0;
  first.forEach((i, k) => {
    const at = deployedAt(s, i);
    const stagingAt = s.stagingAt[i] as number;
    const pr = s.pr[i] as number;
    const mergedAt = pr < 0 ? Number.NaN : (prs.mergedAt[pr] as number);
    toStaging[k] = spanOf(Number.isNaN(mergedAt) ? (s.start[i] as number) : mergedAt, stagingAt);
    stagingToProduction[k] = spanOf(stagingAt, at);
    // entries are in time order, so a pull request's first entry is its earliest shipment in scope
    if (pr >= 0 && seen[pr] === 0) {
      seen[pr] = 1;
      entries[m++] = k;
    }
  });
  const prEntry = fitted(entries, m, 1);
  const [coding, pickup, review, deploy] = [1, 2, 3, 4].map(() => new Float64Array(m)) as [
    Float64Array,
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  prEntry.forEach((k, j) => {
    const i = first[k] as number;
    const pr = s.pr[i] as number;
    const createdAt = prs.createdAt[pr] as number;
    const firstReviewAt = prs.firstReviewAt[pr] as number;
    const mergedAt = prs.mergedAt[pr] as number;
    coding[j] = spanOf(prs.firstCommitAt[pr] as number, createdAt);
    pickup[j] = spanOf(createdAt, firstReviewAt);
    review[j] = spanOf(firstReviewAt, mergedAt);
    deploy[j] = spanOf(mergedAt, deployedAt(s, i));
  });
  return {
    toStaging: spanIndex(toStaging),
    stagingToProduction: spanIndex(stagingToProduction),
    prEntry,
    coding: spanIndex(coding),
    pickup: spanIndex(pickup),
    review: spanIndex(review),
    deploy: spanIndex(deploy),
  };
}

/** The entries [start, end) whose deployment lies in the window. */
export function entriesIn(lead: LeadTimes, w: Window): [number, number] {
  const { first, shipments } = lead;
  const key = (k: number) => deployedAt(shipments, first[k] as number);
  return rangeIn(first.length, key, w);
}

/** The pull requests [start, end) (indices into `prEntry`) that first shipped in the entries [from, to). */
export function pullRequestsIn(stages: Stages, [from, to]: [number, number]): [number, number] {
  const key = (j: number) => stages.prEntry[j] as number;
  return rangeIn(stages.prEntry.length, key, { from, to });
}
