import { cdevents } from "./cdevents/index.js";
import { github } from "./github/index.js";
import { gitlab } from "./gitlab/index.js";
import { pagerduty } from "./pagerduty/index.js";
import type { Source } from "./source.js";

/** Every source Stride takes webhooks from: one line per source folder. */
export const sources: readonly Source[] = [github, gitlab, pagerduty, cdevents];

export function sourceNamed(name: string): Source | undefined {
  return sources.find((s) => s.name === name);
}
