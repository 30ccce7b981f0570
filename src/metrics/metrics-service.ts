import type { Config } from "../config.js";
import { type Breakdown, computeBreakdown } from "../domain/metrics/compute-breakdown.js";
import { computeMetrics, type MetricsDocument } from "../domain/metrics/compute-metrics.js";
import type { EngineSettings } from "../domain/metrics/dataset.js";
import { type DrillDown, drillDown } from "../domain/metrics/drill-down.js";
import { linkDataset } from "../domain/metrics/link-dataset.js";
import type { LinkedDataset } from "../domain/metrics/linked.js";
import { isMetricName, metricNames } from "../domain/metrics/results.js";
import { resolveScope } from "../domain/metrics/scope.js";
import { type Clock, toIso } from "../domain/time.js";
import { StrideError } from "../errors.js";
import type { Store } from "../store/store.js";
import { pageOf, parseLimit } from "./cursor.js";
import { parseMetricsQuery } from "./parse-metrics-query.js";

export type MetricsAnswer = MetricsDocument & { drillDown: Record<string, string> };

export interface MetricsService {
  /** GET /api/v1/metrics and `stride metrics --json`: the same document */
  getMetrics(raw: Record<string, unknown>): Promise<MetricsAnswer>;
  /** GET /api/v1/metrics/breakdown: the key metrics per service or team */
  getBreakdown(raw: Record<string, unknown>): Promise<Breakdown>;
  /** GET /api/v1/metrics/{metric}/events */
  getMetricEvents(metric: string, raw: Record<string, unknown>): Promise<MetricEvents>;
}

export interface MetricEvents {
  kind: DrillDown["kind"];
  events: Record<string, unknown>[];
  metric: string;
  scope: MetricsDocument["scope"];
  window: { from: string; to: string };
  total: number;
  nextCursor: string | null;
}

function engineSettings(config: Config): EngineSettings {
  return Object.freeze({
    productionEnvironments: config.productionEnvironments,
    stagingEnvironments: config.stagingEnvironments,
    leadTimeStart: config.leadTimeStart,
  });
}

/**
 * Thin service over the pure engine. The linked dataset is cached per store data version, so repeated questions
 * cost only the computation; any write (from this or another instance) bumps the version and the next question
 * relinks from the store.
 */
export function createMetricsService(deps: { store: Store; config: Config; clock: Clock }): MetricsService {
  const settings = engineSettings(deps.config);
  let cached: { version: number; linked: Promise<LinkedDataset> } | undefined;

  async function linked(): Promise<LinkedDataset> {
    const version = await deps.store.dataVersion();
    if (cached?.version !== version) {
      const loading = deps.store.loadDataset(settings).then((dataset) => linkDataset(dataset, settings));
      cached = { version, linked: loading };
      loading.catch(() => {
        if (cached?.linked === loading) cached = undefined;
      });
    }
    return cached.linked;
  }

  /** Commit titles are not part of the linked dataset (millions of strings): fetched for the page shown. */
  async function withTitles(items: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
    const titles = await deps.store.commitTitles(items.map((e) => String(e.sha)));
    return items.map((e) => ({ ...e, title: titles.get(String(e.sha)) ?? null }));
  }

  const limits = () => ({ maxWindowDays: deps.config.maxWindowDays, now: deps.clock.now() });

  return {
    async getMetrics(raw) {
      const query = parseMetricsQuery(raw, limits());
      const doc = computeMetrics(await linked(), query);
      const search = new URLSearchParams(raw as Record<string, string>).toString();
      const drillDown = Object.fromEntries(
        metricNames.map((m) => [m, `/api/v1/metrics/${m}/events${search === "" ? "" : `?${search}`}`]),
      );
      return { ...doc, drillDown };
    },
    async getBreakdown(raw) {
      const { by, ...rest } = raw;
      if (by !== "service" && by !== "team") {
        throw new StrideError(
          "invalid_request",
          `by must be service or team, got "${String(by)}"`,
          "use by=service or by=team",
          "by",
        );
      }
      return computeBreakdown(await linked(), parseMetricsQuery(rest, limits()), by);
    },
    async getMetricEvents(metric, raw) {
      if (!isMetricName(metric)) {
        throw new StrideError(
          "unknown_metric",
          `"${metric}" is not a metric`,
          `use one of ${metricNames.join(", ")}`,
          "metric",
        );
      }
      const { limit, cursor, ...rest } = raw;
      const query = parseMetricsQuery(rest, limits());
      const data = await linked();
      const scope = resolveScope(data, query.scope);
      const result = drillDown(data, scope, { from: query.from, to: query.to }, metric, settings);
      const page = pageOf(result, parseLimit(limit), typeof cursor === "string" ? cursor : undefined);
      const events = result.kind === "changes" ? await withTitles(page.items) : page.items;
      return {
        metric,
        scope: { ...query.scope, services: scope.services === null ? null : [...scope.services].sort() },
        window: { from: toIso(query.from), to: toIso(query.to) },
        kind: result.kind,
        total: result.total,
        events,
        nextCursor: page.nextCursor,
      };
    },
  };
}
