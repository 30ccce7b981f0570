import type { DemoEvent } from "./generate-demo.js";
import type { Random } from "./random.js";

/**
 * What the two halves of a demo service's history share: `ServiceHistory` (commits, pull requests, CI) and
 * its `ReleaseHistory` (deployments, incidents, flag rollouts) draw from one random stream and act on one
 * timeline, so that one seed keeps yielding the same events in the same order.
 */

export type Status = "success" | "failure" | "cancelled";

/** A merge to main: the commits it brought, and when CI made it deployable (Infinity if it never did). */
export interface Merge {
  sha: string;
  commits: string[];
  deployableAt: number;
}

export interface ServiceContext {
  readonly r: Random;
  readonly name: string;
  readonly repo: string;
  readonly end: number;
  /** Every merge to main so far, oldest first. */
  readonly merges: readonly Merge[];
  readonly timeline: Timeline;
  emit(at: number, event: DemoEvent): void;
  /** Opens a hotfix pull request for the incident; returns when that resolves it. */
  hotfix(at: number, incident: string): number;
}

/** Timed actions of one service, run in time order (equal times in the order they were scheduled). */
export class Timeline {
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

/** An instant in events: whole seconds, as ISO with Z. */
export function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
