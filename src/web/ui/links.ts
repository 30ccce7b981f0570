import type { Params } from "./api";
import { type Filters, filterQuery } from "./filters";

/** The drill-down view of a metric, for the filters in force (or a narrower window, e.g. one chart bucket). */
export function eventsHref(metric: string, filters: Filters, narrow: Partial<Filters> = {}): string {
  const f: Filters = { ...filters, ...narrow };
  if (narrow.from !== undefined || narrow.to !== undefined) f.window = undefined;
  return `/events/${metric}${filterQuery(f)}`;
}

export function deploymentHref(id: string): string {
  return `/deployments/${encodeURIComponent(id)}`;
}

/** A stable key for a request's parameters (useApi reloads when it changes). */
export function keyOf(name: string, params: Params): string {
  return `${name}:${JSON.stringify(
    Object.entries(params)
      .filter(([, v]) => v !== undefined)
      .sort(),
  )}`;
}
