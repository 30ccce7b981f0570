import { windowMs } from "../events/fields.js";
import { formatDuration } from "../format-values.js";
import type { EngineSettings, IncidentRecord, ServiceRecord } from "../metrics/dataset.js";
import type { DeploymentsById, Link, LinkedDeployment, LinkedIncident } from "../metrics/linked.js";
import { byTime } from "./timelines.js";

const ROOT_CAUSE = /root cause:\s*([0-9a-f]{7,64})\b/i;

export interface AttributionContext {
  byId: DeploymentsById;
  services: ReadonlyMap<string, ServiceRecord>;
  /** per service, its successful deployments in the order they went live */
  successes: ReadonlyMap<string, LinkedDeployment[]>;
  /** the deployments that first shipped a sha (full or prefix) */
  shipping: (sha: string) => LinkedDeployment[];
  settings: EngineSettings;
}

/**
 * GUIDE §3, in order of precedence: (1) explicit — the incident names a deployment id, a sha (field or
 * "root cause: <sha>" in its title) or a version; a sha points at the first deployment of the incident's services
 * that shipped or deployed it, a version at the first deployment of that version; (2) the latest successful
 * deployment of one of its services that finished before the impact began, within the service's window;
 * (3) otherwise unattributed. A cause naming a deployment Stride has not seen stays unattributed (and is not
 * second-guessed by the window) until that deployment arrives: linking runs again on every change.
 */
export function attributeIncidents(incidents: IncidentRecord[], ctx: AttributionContext): LinkedIncident[] {
  return incidents.map((incident) => {
    const impactAt = incident.startedAt ?? incident.detectedAt;
    const found =
      explicit(incident, ctx) ?? (named(incident) ? undefined : byWindow(incident, impactAt, ctx));
    // Every field listed, never spread: tens of thousands of these must share one hidden class to scan fast.
    return {
      id: incident.id,
      services: incident.services,
      environment: incident.environment,
      severity: incident.severity,
      title: incident.title,
      startedAt: incident.startedAt,
      detectedAt: incident.detectedAt,
      acknowledgedAt: incident.acknowledgedAt,
      resolvedAt: incident.resolvedAt,
      cause: incident.cause,
      impactAt,
      deployment: found?.deployment ?? null,
      attribution: found === undefined ? null : { method: found.method, evidence: found.evidence },
    };
  });
}

type Attribution = Link & { deployment: string };

/** The sha the incident names as its cause (field, or "root cause: <sha>" in its title). */
function rootCause(incident: IncidentRecord): string | null {
  return incident.cause.sha ?? ROOT_CAUSE.exec(incident.title ?? "")?.[1]?.toLowerCase() ?? null;
}

/** The shas the incidents name as their cause: the shipments builder finds theirs (it keeps no shas). */
export function causeShas(incidents: readonly IncidentRecord[]): Set<string> {
  const shas = new Set<string>();
  for (const incident of incidents) {
    const sha = rootCause(incident);
    if (sha !== null) shas.add(sha);
  }
  return shas;
}

/** The incident names its cause: the heuristic must not blame something else. */
function named(incident: IncidentRecord): boolean {
  return (
    incident.cause.deployment !== null || incident.cause.version !== null || rootCause(incident) !== null
  );
}

function relevantTo(incident: IncidentRecord) {
  return (d: LinkedDeployment) =>
    (incident.services.length === 0 || incident.services.includes(d.service)) &&
    (incident.environment === null ? d.productionEnvironment : d.environment === incident.environment);
}

function explicit(incident: IncidentRecord, ctx: AttributionContext): Attribution | undefined {
  const { cause } = incident;
  if (cause.deployment !== null) {
    if (!ctx.byId.has(cause.deployment)) return undefined;
    return {
      deployment: cause.deployment,
      method: "explicit:deployment",
      evidence: `cause.deployment = ${cause.deployment}`,
    };
  }
  const relevant = relevantTo(incident);
  const candidates = () =>
    (incident.services.length === 0
      ? [...ctx.successes.values()].flat()
      : incident.services.flatMap((s) => ctx.successes.get(s) ?? [])
    )
      .filter(relevant)
      .sort(byTime);
  const sha = rootCause(incident);
  if (sha !== null) {
    const shippers = ctx.shipping(sha).filter(relevant);
    const deployers = candidates().filter(
      (d) => d.sha !== null && (d.sha.startsWith(sha) || sha.startsWith(d.sha)),
    );
    const hit = [...shippers, ...deployers].sort(byTime)[0];
    const source = cause.sha !== null ? `cause.sha = ${sha}` : `title says "root cause: ${sha}"`;
    return (
      hit && {
        deployment: hit.id,
        method: "explicit:sha",
        evidence: `${source}; first deployment shipping it`,
      }
    );
  }
  if (cause.version !== null) {
    const hit = candidates().find((d) => d.version === cause.version);
    return (
      hit && {
        deployment: hit.id,
        method: "explicit:version",
        evidence: `cause.version = ${cause.version}; first deployment of it`,
      }
    );
  }
  return undefined;
}

/** Rule 2: the latest relevant success at or before the impact, each service within its own window. */
function byWindow(
  incident: IncidentRecord,
  impactAt: number,
  ctx: AttributionContext,
): Attribution | undefined {
  const relevant = relevantTo(incident);
  let best: { d: LinkedDeployment; window: number } | undefined;
  for (const name of incident.services) {
    const own = ctx.services.get(name)?.attributionWindow;
    const window = own === null || own === undefined ? ctx.settings.attributionWindowMs : windowMs(own);
    if (window === null) continue;
    const list = ctx.successes.get(name) ?? [];
    // The last one live at the impact: binary search, then step back over other environments.
    let k = upperBound(list, impactAt) - 1;
    while (k >= 0 && !relevant(list[k] as LinkedDeployment)) k--;
    const d = list[k];
    if (d === undefined || impactAt - (d.at as number) > window) continue;
    if (best === undefined || byTime(best.d, d) < 0) best = { d, window };
  }
  if (best === undefined) return undefined;
  const gap = impactAt - (best.d.at as number);
  return {
    deployment: best.d.id,
    method: "time-window",
    evidence: `latest successful ${best.d.environment} deployment of ${best.d.service} before the impact began, ${formatDuration(gap / 1000)} earlier (window ${formatDuration(best.window / 1000)})`,
  };
}

/** First index whose deployment went live after `at`. */
function upperBound(list: LinkedDeployment[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (((list[mid] as LinkedDeployment).at as number) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
