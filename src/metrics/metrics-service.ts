import type { Config } from "../config.js";
import { windowMs } from "../domain/events/fields.js";
import { linkDataset } from "../domain/linking/link-dataset.js";
import { needsMapping } from "../domain/linking/needs-mapping.js";
import { type Breakdown, computeBreakdown } from "../domain/metrics/compute-breakdown.js";
import { computeMetrics, type MetricsDocument } from "../domain/metrics/compute-metrics.js";
import type { EngineSettings } from "../domain/metrics/dataset.js";
import { type DrillDown, drillDown } from "../domain/metrics/drill-down.js";
import { explainDeployment, explainIncident } from "../domain/metrics/explain-links.js";
import type { LinkedDataset } from "../domain/metrics/linked.js";
import { isMetricName, metricNames } from "../domain/metrics/results.js";
import { resolveScope } from "../domain/metrics/scope.js";
import { selectScope } from "../domain/metrics/scoped-data.js";
import { type Clock, toIso } from "../domain/time.js";
import { StrideError } from "../errors.js";
import type { Store } from "../store/store.js";
import { pageOf, parseLimit } from "./cursor.js";
import { parseMetricsQuery } from "./parse-metrics-query.js";

export type MetricsAnswer = MetricsDocument & { drillDown: Record<string, string>; freshness: Freshness };

export interface MetricsService {
  /** GET /api/v1/metrics and `stride metrics --json`: the same document */
  getMetrics(raw: Record<string, unknown>): Promise<MetricsAnswer>;
  /** GET /api/v1/metrics/breakdown: the key metrics per service or team */
  getBreakdown(raw: Record<string, unknown>): Promise<Breakdown & { freshness: Freshness }>;
  /** GET /api/v1/metrics/{metric}/events */
  getMetricEvents(metric: string, raw: Record<string, unknown>): Promise<MetricEvents>;
  /** GET /api/v1/deployments/{id}/links: what it shipped and why, the incidents blamed on it, its neighbours */
  getDeploymentLinks(id: string): Promise<Record<string, unknown>>;
  /** GET /api/v1/incidents/{id}/links: the deployment it blames, how, and how long before */
  getIncidentLinks(id: string): Promise<Record<string, unknown>>;
  /** GET /api/v1/needs-mapping: the service names incident tools use that no mapping rule covers yet */
  getNeedsMapping(): Promise<Record<string, unknown>>;
  /** Stops a reload in progress and waits until it has let go of the store (before the store closes). */
  close(): Promise<void>;
}

export interface MetricEvents {
  kind: DrillDown["kind"];
  events: Record<string, unknown>[];
  metric: string;
  scope: MetricsDocument["scope"];
  window: { from: string; to: string };
  total: number;
  nextCursor: string | null;
  freshness: Freshness;
}

function engineSettings(config: Config): EngineSettings {
  return Object.freeze({
    productionEnvironments: config.productionEnvironments,
    stagingEnvironments: config.stagingEnvironments,
    leadTimeStart: config.leadTimeStart,
    attributionWindowMs: windowMs(config.attributionWindow),
  });
}

/** The promise's value if it settles within `ms`, else undefined (and no timer left to hold the process). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function notFound(kind: string, id: string): StrideError {
  return new StrideError(
    "not_found",
    `no ${kind} with id "${id}"`,
    `list them with GET /api/v1/${kind}s; a ${kind} sent moments ago is linked within seconds`,
    "id",
  );
}

/** How long a question waits for the data written since the last load before it is answered from that load. */
const FRESHNESS_WAIT_MS = 2000;

interface Loaded {
  version: number;
  linked: LinkedDataset;
  loadedAt: number;
  /** of the change keys in `linked` (Dataset.keyGeneration) */
  keyGeneration: number;
}

/** Which load of the store answered: its data version, when it was read, and whether newer writes are not in it. */
export interface Freshness {
  dataVersion: number;
  loadedAt: string;
  stale: boolean;
}

/**
 * Thin service over the pure engine. The linked dataset is cached per store data version, so repeated questions
 * cost only the computation. Any write (from this or another instance) bumps the version and starts one reload in
 * the background; a question waits for it up to `freshnessWaitMs`, then is answered from the previous load and
 * says so (`freshness.stale`): a large organisation takes minutes to relink, and a dashboard must not hang on it.
 */
export function createMetricsService(deps: {
  store: Store;
  config: Config;
  clock: Clock;
  freshnessWaitMs?: number;
}): MetricsService {
  const settings = engineSettings(deps.config);
  const wait = deps.freshnessWaitMs ?? FRESHNESS_WAIT_MS;
  let current: Loaded | undefined;
  let loading: Promise<Loaded> | undefined;
  const stop = new AbortController();

  /** One load at a time: under a steady stream of writes, each question must not start a relink of its own. */
  function load(version: number): Promise<Loaded> {
    if (loading !== undefined) return loading;
    const done = deps.store
      .loadDataset(settings, stop.signal)
      // In a step of its own, so the records (a view object per deployment) are garbage once linked, before the
      // organisation's scope adds its columns: the peak of a large organisation's load.
      .then((dataset) => ({
        linked: linkDataset(dataset, settings),
        keyGeneration: dataset.keyGeneration ?? 0,
      }))
      .then(({ linked, keyGeneration }): Loaded => {
        // The organisation's scope, selected while still in the background: the dashboard's first question.
        selectScope(linked, resolveScope(linked, {}));
        const loaded = { version, linked, loadedAt: deps.clock.now(), keyGeneration };
        if (current === undefined || current.version < version) current = loaded;
        return loaded;
      });
    loading = done;
    const forget = () => {
      if (loading === done) loading = undefined;
    };
    done.then(forget, forget);
    return done;
  }

  async function linked(): Promise<{ linked: LinkedDataset; freshness: Freshness; keyGeneration: number }> {
    const version = await deps.store.dataVersion();
    const answer = (l: Loaded) => ({
      linked: l.linked,
      keyGeneration: l.keyGeneration,
      freshness: { dataVersion: l.version, loadedAt: toIso(l.loadedAt), stale: l.version < version },
    });
    if (current?.version === version) return answer(current);
    const fresh = load(version);
    const previous = current;
    if (previous === undefined) return answer(await fresh);
    if (wait <= 0) return answer(previous);
    return answer((await within(fresh, wait)) ?? previous);
  }

  /**
   * Commits' shas and titles are not part of the linked dataset (millions of strings): read by change key for the
   * page shown. Keys of a load older than a replay read nothing (the rows were renumbered): sha and title null.
   */
  async function withCommits(
    items: Record<string, unknown>[],
    generation: number,
  ): Promise<Record<string, unknown>[]> {
    const keys = items.flatMap((e) => (typeof e.changeKey === "number" ? [e.changeKey] : []));
    const commits = await deps.store.commitsByKey(keys, generation);
    return items.map(({ changeKey, ...e }) => {
      const commit = typeof changeKey === "number" ? commits.get(changeKey) : undefined;
      return { ...e, sha: commit?.sha ?? e.sha, title: commit?.title ?? null };
    });
  }

  const limits = () => ({ maxWindowDays: deps.config.maxWindowDays, now: deps.clock.now() });

  return {
    async close() {
      stop.abort();
      await loading?.catch(() => undefined);
    },
    async getMetrics(raw) {
      const query = parseMetricsQuery(raw, limits());
      const { linked: data, freshness } = await linked();
      const doc = computeMetrics(data, query);
      const search = new URLSearchParams(raw as Record<string, string>).toString();
      const drillDown = Object.fromEntries(
        metricNames.map((m) => [m, `/api/v1/metrics/${m}/events${search === "" ? "" : `?${search}`}`]),
      );
      return { ...doc, drillDown, freshness };
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
      const query = parseMetricsQuery(rest, limits());
      const { linked: data, freshness } = await linked();
      return { ...computeBreakdown(data, query, by), freshness };
    },
    async getDeploymentLinks(id) {
      const { linked: data, freshness, keyGeneration } = await linked();
      const found = explainDeployment(data, id, settings);
      if (found === undefined) throw notFound("deployment", id);
      const changes = await withCommits(found.changes as Record<string, unknown>[], keyGeneration);
      return { ...found, changes, freshness };
    },
    async getIncidentLinks(id) {
      const { linked: data, freshness } = await linked();
      const found = explainIncident(data, id);
      if (found === undefined) throw notFound("incident", id);
      return { ...found, freshness };
    },
    async getNeedsMapping() {
      const { linked: data, freshness } = await linked();
      const { services, incidentsWithoutService } = needsMapping(data);
      return {
        services: services.map((s) => ({ ...s, lastSeenAt: toIso(s.lastSeenAt) })),
        incidentsWithoutService,
        hint: 'add each name to the aliases of the Stride service it means: {"type":"service","name":"checkout","aliases":["Checkout API"]}',
        freshness,
      };
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
      const { limit, cursor, failed, ...rest } = raw;
      const query = parseMetricsQuery(rest, limits());
      const { linked: data, freshness, keyGeneration } = await linked();
      const scope = resolveScope(data, query.scope);
      const narrowed = failed === undefined ? undefined : failed === "true";
      const result = drillDown(data, scope, { from: query.from, to: query.to }, metric, settings, narrowed);
      if (narrowed !== undefined && result.kind !== "deployments") {
        throw new StrideError(
          "invalid_request",
          `failed= narrows deployments; ${metric} lists ${result.kind}`,
          "use failed= with deploymentFrequency, changeFailureRate, recoveryTime or reworkRate",
          "failed",
        );
      }
      const page = pageOf(result, parseLimit(limit), typeof cursor === "string" ? cursor : undefined);
      const events = result.kind === "changes" ? await withCommits(page.items, keyGeneration) : page.items;
      return {
        metric,
        scope: { ...query.scope, services: scope.services === null ? null : [...scope.services].sort() },
        window: { from: toIso(query.from), to: toIso(query.to) },
        kind: result.kind,
        total: result.total,
        events,
        nextCursor: page.nextCursor,
        freshness,
      };
    },
  };
}
