import type { IncidentRecord } from "./dataset.js";
import { byTime } from "./link-dataset.js";
import type { Link, LinkedDeployment, LinkedIncident } from "./linked.js";

const ROOT_CAUSE = /root cause:\s*([0-9a-f]{7,64})\b/i;

/**
 * Explicit attribution (GUIDE §3, rule 1): the incident names a deployment id, a sha (field or "root cause: <sha>"
 * in its title) or a version. A sha points at the first production deployment of the incident's services that
 * shipped or deployed it; a version at the first deployment of that version. Anything else stays unattributed
 * here; the time-window heuristic belongs to the linking engine.
 */
export function attributeIncidents(
  incidents: IncidentRecord[],
  deployments: LinkedDeployment[],
  byId: Map<string, LinkedDeployment>,
  shipping: (sha: string) => LinkedDeployment[],
): LinkedIncident[] {
  const candidates = deployments.filter((d) => d.status === "success" && d.at !== null).sort(byTime);
  return incidents.map((incident) => {
    const found = attribute(incident, candidates, byId, shipping);
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
      impactAt: incident.startedAt ?? incident.detectedAt,
      deployment: found?.deployment ?? null,
      attribution: found === undefined ? null : { method: found.method, evidence: found.evidence },
    };
  });
}

function attribute(
  incident: IncidentRecord,
  candidates: LinkedDeployment[],
  byId: Map<string, LinkedDeployment>,
  shipping: (sha: string) => LinkedDeployment[],
): (Link & { deployment: string }) | undefined {
  const { cause } = incident;
  if (cause.deployment !== null) {
    if (!byId.has(cause.deployment)) return undefined;
    return {
      deployment: cause.deployment,
      method: "explicit:deployment",
      evidence: `cause.deployment = ${cause.deployment}`,
    };
  }
  const relevant = (d: LinkedDeployment) =>
    (incident.services.length === 0 || incident.services.includes(d.service)) &&
    (incident.environment === null ? d.productionEnvironment : d.environment === incident.environment);
  const sha = cause.sha ?? ROOT_CAUSE.exec(incident.title ?? "")?.[1]?.toLowerCase() ?? null;
  if (sha !== null) {
    const shippers = shipping(sha).filter(relevant);
    const deployers = candidates.filter(
      (d) => relevant(d) && d.sha !== null && (d.sha.startsWith(sha) || sha.startsWith(d.sha)),
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
    const hit = candidates.find((d) => relevant(d) && d.version === cause.version);
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
