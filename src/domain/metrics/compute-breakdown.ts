import { toIso } from "../time.js";
import { changeFailureRate, deploymentFrequency, recoveryTime, reworkRate } from "./delivery-metrics.js";
import { leadTime } from "./lead-time-metrics.js";
import type { LinkedDataset } from "./linked.js";
import type { MetricsQuery } from "./query.js";
import type {
  ChangeFailureRate,
  DeploymentFrequency,
  LeadTime,
  RecoveryTime,
  ReworkRate,
} from "./results.js";
import { resolveScope } from "./scope.js";
import { selectDeliveries } from "./scoped-data.js";
import { overallTier, type Tier } from "./tiers.js";

export type BreakdownBy = "service" | "team";

export interface BreakdownRow {
  /** the service or team name; "(no team)" collects services without one */
  group: string;
  deploymentFrequency: DeploymentFrequency;
  leadTime: LeadTime;
  changeFailureRate: ChangeFailureRate;
  recoveryTime: RecoveryTime;
  reworkRate: ReworkRate;
  overall: Tier | null;
}

export interface Breakdown {
  by: BreakdownBy;
  window: { from: string; to: string };
  rows: BreakdownRow[];
}

export const NO_TEAM = "(no team)";

/**
 * The key metrics for every service (or team) inside the query's scope, side by side: the same definitions as a
 * metrics question scoped to that one service or team, without its series, trend and extended metrics.
 */
export function computeBreakdown(linked: LinkedDataset, query: MetricsQuery, by: BreakdownBy): Breakdown {
  const outer = resolveScope(linked, query.scope);
  const w = { from: query.from, to: query.to };
  const groups = new Map<string, string[]>();
  for (const service of linked.services.values()) {
    if (outer.services !== null && !outer.services.has(service.name)) continue;
    const group = by === "service" ? service.name : (service.team ?? NO_TEAM);
    groups.set(group, [...(groups.get(group) ?? []), service.name]);
  }
  // The query's scope without its team and service: each row narrows it to the row's services.
  const base = resolveScope(linked, { ...query.scope, team: undefined, service: undefined });
  const rows = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([group, services]): BreakdownRow => {
      const members = new Set(services);
      const { service, services: names } = linked.deploymentTable.records;
      const member = names.map((name) => members.has(name));
      const narrowed = {
        ...base,
        services: members,
        deployment: (row: number) => member[service[row] as number] === true && base.deployment(row),
      };
      const data = selectDeliveries(linked, narrowed, false);
      const df = deploymentFrequency(data.targets, w, query.tz, query.benchmark);
      const lt = leadTime(data.lead, w, query.benchmark);
      const cfr = changeFailureRate(data.targets, w, query.benchmark);
      const rt = recoveryTime(data.targets, w, query.benchmark);
      const tiers = [df.tier, lt.tier, cfr.tier, rt.tier].filter((t): t is Tier => t !== null);
      return {
        group,
        deploymentFrequency: df,
        leadTime: lt,
        changeFailureRate: cfr,
        recoveryTime: rt,
        reworkRate: reworkRate(data.targets, w),
        overall: overallTier(tiers),
      };
    });
  return { by, window: { from: toIso(w.from), to: toIso(w.to) }, rows };
}
