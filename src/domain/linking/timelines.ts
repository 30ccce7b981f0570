import type { DeploymentRecord, ServiceRecord } from "../metrics/dataset.js";

/** When a deployment went live: its finish, or its start when it finished without saying when. */
export function deploymentAt(d: DeploymentRecord): number | null {
  const finished = d.status === "success" || d.status === "failure" || d.status === "cancelled";
  return d.finishedAt ?? (finished ? d.startedAt : null);
}

/**
 * Successful deployments per deployment target (service and environment), in the order they went live (then by
 * id): what "the previous successful deployment" means everywhere in linking.
 */
export function successTimelines<T extends DeploymentRecord>(
  deployments: readonly T[],
  at: (d: T) => number | null,
): Map<string, T[]> {
  const timelines = new Map<string, T[]>();
  for (const d of deployments) {
    if (d.status !== "success" || at(d) === null) continue;
    const key = `${d.service}\u0000${d.environment}`;
    const list = timelines.get(key);
    if (list === undefined) timelines.set(key, [d]);
    else list.push(d);
  }
  const order = (a: T, b: T) =>
    (at(a) as number) - (at(b) as number) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const list of timelines.values()) list.sort(order);
  return timelines;
}

/** The repositories a deployment's sha may belong to: its own, else its service's. */
export function reposOf(d: DeploymentRecord, service: ServiceRecord | undefined): readonly string[] {
  return d.repo !== null ? [d.repo] : (service?.repos ?? []);
}

/** Shas as people write them: a short sha names the full one it starts. */
export function shasMatch(a: string, b: string): boolean {
  return a.length <= b.length ? b.startsWith(a) : a.startsWith(b);
}

export const shortSha = (sha: string) => sha.slice(0, 12);

/** Deployments in the order they went live, then by id. */
export function byTime(a: { at: number | null; id: string }, b: { at: number | null; id: string }): number {
  return (a.at ?? 0) - (b.at ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
