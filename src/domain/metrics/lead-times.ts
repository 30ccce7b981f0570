import { fitted } from "./columns.js";
import { deployedAt, prAt, type Shipments, stagingAt, startAt } from "./shipments.js";
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
  const span = (k: number) => {
    const i = first[k] as number;
    return spanOf(startAt(s, i) as number, deployedAt(s, i));
  };
  // kept (a byte per entry): a window's warnings count them, and reading them back from the shipments is slower
  const problem = new Uint8Array(first.length);
  for (let k = 0; k < first.length; k++) {
    const i = first[k] as number;
    const start = startAt(s, i) as number;
    if (Number.isNaN(start)) problem[k] = UNKNOWN_START;
    else if (deployedAt(s, i) < start) problem[k] = NEGATIVE;
  }
  return {
    shipments: s,
    first,
    span: spanIndex(first.length, span),
    problem,
    stages: withStages ? stagesOf(s, first) : null,
  };
}

function stagesOf(s: Shipments, first: Int32Array): Stages {
  const { prs } = s;
  const seen = new Uint8Array(prs.n);
  // at most one entry per pull request (720 k for an organisation): a typed array, not a growing array of numbers
  const entries = new Int32Array(Math.min(prs.n, first.length));
  let m = 0;
  first.forEach((i, k) => {
    const pr = prAt(s, i);
    // entries are in time order, so a pull request's first entry is its earliest shipment in scope
    if (pr >= 0 && seen[pr] === 0) {
      seen[pr] = 1;
      entries[m++] = k;
    }
  });
  const prEntry = fitted(entries, m, 1);
  const mergedAt = (pr: number) => (pr < 0 ? Number.NaN : (prs.mergedAt[pr] as number));
  const toStaging = (k: number) => {
    const i = first[k] as number;
    const merged = mergedAt(prAt(s, i));
    return spanOf(Number.isNaN(merged) ? startAt(s, i) : merged, stagingAt(s, i));
  };
  const stagingToProduction = (k: number) => {
    const i = first[k] as number;
    return spanOf(stagingAt(s, i), deployedAt(s, i));
  };
  // A pull request's stage j: from one of its instants to the next, or to the deployment that first shipped it.
  const stage = (from: (pr: number) => number, to: (pr: number, i: number) => number) =>
    spanIndex(m, (j) => {
      const i = first[prEntry[j] as number] as number;
      const pr = prAt(s, i);
      return spanOf(from(pr), to(pr, i));
    });
  return {
    toStaging: spanIndex(first.length, toStaging),
    stagingToProduction: spanIndex(first.length, stagingToProduction),
    prEntry,
    coding: stage(
      (pr) => prs.firstCommitAt[pr] as number,
      (pr) => prs.createdAt[pr] as number,
    ),
    pickup: stage(
      (pr) => prs.createdAt[pr] as number,
      (pr) => prs.firstReviewAt[pr] as number,
    ),
    review: stage(
      (pr) => prs.firstReviewAt[pr] as number,
      (pr) => prs.mergedAt[pr] as number,
    ),
    deploy: stage(
      (pr) => prs.mergedAt[pr] as number,
      (_pr, i) => deployedAt(s, i),
    ),
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
