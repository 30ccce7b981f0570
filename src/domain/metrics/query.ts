import type { Bucket } from "./buckets.js";
import type { Benchmark } from "./tiers.js";

/** A metrics question: which slice of the organisation, over which window [from, to), bucketed how. */
export interface MetricsQuery {
  scope: ScopeQuery;
  from: number;
  to: number;
  bucket: Bucket;
  tz: string;
  benchmark: Benchmark;
}

export interface ScopeQuery {
  team?: string;
  service?: string;
  repo?: string;
  /** an environment name; default: each service's production environments */
  env?: string;
}

export interface Warning {
  code: string;
  message: string;
  count?: number;
}

/** Changing a definition (GUIDE §2) bumps this, so stored or exported numbers say which rules made them. */
export const DEFINITIONS_VERSION = "2026-11.1";
