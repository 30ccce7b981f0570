import type {
  ApiErrorBody,
  Breakdown,
  DeploymentLinks,
  ListPage,
  MetricEventsPage,
  MetricsDocument,
  ServiceEvent,
  TeamEvent,
} from "./api-types";

/**
 * The dashboard's only way to Stride: its public REST API, same origin. Every failure becomes an ApiError that
 * says which request failed and what the server answered.
 */
export class ApiError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(`${body.code}: ${body.message}`);
  }
}

export type Params = Record<string, string | number | undefined>;

export function withQuery(path: string, params: Params = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s === "" ? path : `${path}?${s}`;
}

export async function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const url = withQuery(path, params);
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: "application/json" }, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(url, 0, {
      code: "network_error",
      message: `Stride did not answer (${(error as Error).message})`,
      hint: "check that the Stride server is running, then reload",
    });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const error = (body as { error?: ApiErrorBody } | undefined)?.error;
    throw new ApiError(
      url,
      res.status,
      error ?? { code: `http_${res.status}`, message: `${res.status} ${res.statusText}`.trim() },
    );
  }
  if (body === undefined) {
    throw new ApiError(url, res.status, { code: "invalid_response", message: "the answer is not JSON" });
  }
  return body as T;
}

export const api = {
  metrics: (params: Params, signal?: AbortSignal) =>
    getJson<MetricsDocument>("/api/v1/metrics", params, signal),
  breakdown: (by: "team" | "service", params: Params, signal?: AbortSignal) =>
    getJson<Breakdown>("/api/v1/metrics/breakdown", { ...params, by }, signal),
  metricEvents: (metric: string, params: Params, signal?: AbortSignal) =>
    getJson<MetricEventsPage>(`/api/v1/metrics/${encodeURIComponent(metric)}/events`, params, signal),
  list: <T>(resource: string, params: Params, signal?: AbortSignal) =>
    getJson<ListPage<T>>(`/api/v1/${resource}`, params, signal),
  deploymentLinks: (id: string, signal?: AbortSignal) =>
    getJson<DeploymentLinks>(`/api/v1/deployments/${encodeURIComponent(id)}/links`, {}, signal),
};

/** Every page of a list, up to `max` items. */
export async function listAll<T>(
  resource: string,
  params: Params,
  signal?: AbortSignal,
  max = 5000,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.list<T>(resource, { ...params, limit: 1000, cursor }, signal);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && items.length < max);
  return items;
}

/** Every page of a metric's drill-down, up to `max` events. */
export async function metricEventsAll(
  metric: string,
  params: Params,
  signal?: AbortSignal,
  max = 10_000,
): Promise<Record<string, unknown>[]> {
  const events: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.metricEvents(metric, { ...params, limit: 1000, cursor }, signal);
    events.push(...page.events);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && events.length < max);
  return events;
}

export interface Catalogue {
  teams: string[];
  services: ServiceEvent[];
}

/** Teams and services (for the filter menus, validation of the URL, and runbook links). */
export async function loadCatalogue(signal?: AbortSignal): Promise<Catalogue> {
  const [teams, services] = await Promise.all([
    listAll<TeamEvent>("teams", {}, signal),
    listAll<ServiceEvent>("services", {}, signal),
  ]);
  const names = new Set(teams.map((t) => t.name));
  for (const s of services) if (s.team !== undefined) names.add(s.team);
  return { teams: [...names].sort(), services };
}
