/** The parts of Stride's public REST API the dashboard reads (docs/metrics.md, GET /api/openapi.json). */

export type Tier = "elite" | "high" | "medium" | "low";

export interface Warning {
  code: string;
  message: string;
  count?: number;
}

export interface MetricBase {
  sampleSize: number;
  noData: string | null;
  warnings: Warning[];
}

export interface DurationSummary {
  count: number;
  medianSeconds: number | null;
  p75Seconds: number | null;
  p90Seconds: number | null;
  meanSeconds: number | null;
}

export type Durations = MetricBase & DurationSummary;

export interface Metrics {
  deploymentFrequency: MetricBase & {
    count: number;
    perDay: number;
    perWeek: number;
    deployDaysPerWeek: number;
    category: string | null;
    tier: Tier | null;
  };
  leadTime: Durations & { tier: Tier | null };
  changeFailureRate: MetricBase & {
    failed: number;
    total: number;
    rate: number | null;
    byCause: { incident: number; rollback: number; hotfix: number };
    tier: Tier | null;
  };
  recoveryTime: Durations & { open: number; tier: Tier | null };
  reworkRate: MetricBase & {
    rework: number;
    total: number;
    rate: number | null;
    byReason: { rollback: number; hotfix: number; fix: number };
  };
  timeToRestore: Durations & { open: number };
  leadTimeBreakdown: MetricBase & {
    coding: DurationSummary;
    pickup: DurationSummary;
    review: DurationSummary;
    deploy: DurationSummary;
    timeToStaging: DurationSummary;
    stagingToProduction: DurationSummary;
    slowest: "coding" | "pickup" | "review" | "deploy" | null;
  };
  [other: string]: unknown;
}

export type KeyMetric =
  | "deploymentFrequency"
  | "leadTime"
  | "changeFailureRate"
  | "recoveryTime"
  | "reworkRate";

export interface TrendEntry {
  current: number | null;
  previous: number | null;
  change: number | null;
  direction: "improving" | "worsening" | "unchanged" | null;
}

export interface SeriesPoint {
  start: string;
  end: string;
  label: string;
  deployments: number;
  leadTimeMedianSeconds: number | null;
  changeFailureRate: number | null;
  recoveryTimeMedianSeconds: number | null;
  reworkRate: number | null;
  incidents: number;
}

export interface Freshness {
  dataVersion: number;
  loadedAt: string;
  stale: boolean;
}

export interface MetricsDocument {
  scope: Record<string, unknown>;
  window: { from: string; to: string; days: number; tz: string; bucket: string };
  definitionVersion: string;
  benchmark: { benchmark: string; source: string; [k: string]: unknown };
  metrics: Metrics;
  tiers: Record<
    "deploymentFrequency" | "leadTime" | "changeFailureRate" | "recoveryTime" | "overall",
    Tier | null
  >;
  trend: {
    previousWindow: { from: string; to: string };
    deploymentsPerDay: TrendEntry;
    leadTimeMedianSeconds: TrendEntry;
    changeFailureRate: TrendEntry;
    recoveryTimeMedianSeconds: TrendEntry;
    reworkRate: TrendEntry;
  };
  series: SeriesPoint[];
  warnings: Warning[];
  drillDown: Record<string, string>;
  freshness: Freshness;
}

export interface BreakdownRow {
  group: string;
  deploymentFrequency: Metrics["deploymentFrequency"];
  leadTime: Metrics["leadTime"];
  changeFailureRate: Metrics["changeFailureRate"];
  recoveryTime: Metrics["recoveryTime"];
  reworkRate: Metrics["reworkRate"];
  overall: Tier | null;
}

export interface Breakdown {
  by: "service" | "team";
  window: { from: string; to: string };
  rows: BreakdownRow[];
}

export interface LinkReason {
  method: string;
  evidence: string;
}

/** A deployment as drill-downs and the links endpoint explain it. */
export interface ExplainedDeployment {
  id: string;
  service: string;
  team: string | null;
  environment: string;
  status: string;
  kind: string;
  version: string | null;
  sha: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  changesShipped: number | null;
  shipped: LinkReason | null;
  failed: boolean;
  failureCauses: string[];
  failedAt: string | null;
  restoredAt: string | null;
  restoredBy: string | null;
  recoverySeconds: number | null;
  rework: string | null;
  reverts: string | null;
  incidents: string[];
}

export interface ExplainedChange {
  sha: string;
  repo: string;
  pullRequest: string | null;
  service: string;
  environment: string;
  deployment: string;
  deployedAt: string;
  leadTimeStart: string;
  leadTimeStartedAt: string | null;
  leadTimeSeconds: number | null;
  stagingAt: string | null;
  link: LinkReason | null;
  title: string | null;
}

export interface ExplainedIncident {
  id: string;
  services: string[];
  severity: string | null;
  title: string | null;
  startedAt: string | null;
  detectedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  open: boolean;
  restoreSeconds: number | null;
  deployment: string | null;
  attribution: LinkReason | null;
  gapSeconds: number | null;
}

export interface ExplainedBuild {
  id: string;
  repo: string;
  sha: string;
  pipeline: string;
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
  tests: { total: number; failed: number; skipped: number } | null;
}

export interface Neighbour {
  id: string;
  status: string;
  kind: string;
  sha: string | null;
  version: string | null;
  at: number | null;
}

export interface DeploymentLinks {
  deployment: ExplainedDeployment;
  changes: ExplainedChange[];
  incidents: ExplainedIncident[];
  revertedBy: { id: string; rework: string; deployment: string; method: string; evidence: string }[];
  previous: Neighbour | null;
  next: Neighbour | null;
  freshness: Freshness;
}

export interface MetricEventsPage {
  metric: string;
  window: { from: string; to: string };
  kind: "deployments" | "changes" | "incidents" | "builds";
  total: number;
  events: Record<string, unknown>[];
  nextCursor: string | null;
}

export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** Entities as the list endpoints return them: the event format. */
export interface DeploymentEvent {
  type: "deployment";
  id: string;
  service: string;
  environment: string;
  status: string;
  kind?: string;
  version?: string;
  sha?: string;
  repo?: string;
  startedAt?: string;
  finishedAt?: string;
  stage?: string;
}

export interface IncidentEvent {
  type: "incident";
  id: string;
  services: string[];
  environment?: string;
  severity?: string;
  title?: string;
  startedAt?: string;
  detectedAt: string;
  acknowledgedAt?: string;
  resolvedAt?: string;
  cause?: { deployment?: string; sha?: string; version?: string };
}

export interface BuildEvent {
  type: "build";
  id: string;
  repo: string;
  sha: string;
  pipeline: string;
  status: string;
  startedAt: string;
  finishedAt?: string;
  tests?: { total: number; failed: number; skipped: number };
}

export interface PullRequestEvent {
  type: "pull_request";
  id: string;
  repo: string;
  number: number;
  title?: string;
  author?: string;
  createdAt?: string;
  mergedAt?: string;
}

export interface ServiceEvent {
  type: "service";
  name: string;
  team?: string;
  repos?: string[];
  runbookUrl?: string;
}

export interface TeamEvent {
  type: "team";
  name: string;
}

export interface ApiErrorBody {
  code: string;
  message: string;
  hint?: string;
  field?: string;
}
