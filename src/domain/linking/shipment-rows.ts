import type { ChangeRecord, DeploymentRecord } from "../metrics/dataset.js";
import type { ChangeFacts, ShipmentRow } from "../metrics/shipments.js";
import { type PullRequestIndex, pullRequestInTitle, pullRequestOf } from "./pull-requests.js";
import type { GraphShipment } from "./shipped-by-graph.js";

/** The rows of one deployment whose changes came from the commit graph. */
export function* graphShipmentRows(
  d: DeploymentRecord,
  at: number,
  shipment: GraphShipment,
): Generator<ShipmentRow> {
  const { graph } = shipment;
  for (const [position, c] of shipment.commits.entries()) {
    const commit = graph.commits[c];
    if (commit === undefined) continue;
    yield {
      deployment: d.id,
      service: d.service,
      environment: d.environment,
      deployedAt: at,
      position,
      sha: commit.sha,
      change: commit.key,
      repo: graph.repo,
    };
  }
}

/**
 * The reference source of shipment rows, from plain records: per target, each successful non-rollback deployment
 * in order, the shas it lists or, listing none, what the commit graph says it shipped. The store produces the same
 * rows (src/store/load-shipments.ts); a test holds the two equal.
 */
export function* shipmentRowsFromRecords<T extends DeploymentRecord>(
  timelines: Iterable<T[]>,
  at: (d: T) => number | null,
  changes: readonly ChangeRecord[],
  byGraph: ReadonlyMap<string, GraphShipment>,
): Generator<ShipmentRow> {
  // a change's key is its index among the records (as commitGraphs numbers them)
  const changeBySha = new Map(changes.map((c, key) => [c.sha, key]));
  for (const timeline of timelines) {
    for (const d of timeline) {
      const deployedAt = at(d);
      if (d.kind === "rollback" || deployedAt === null) continue;
      const shipment = byGraph.get(d.id);
      if (shipment !== undefined) yield* graphShipmentRows(d, deployedAt, shipment);
      if (d.changes === null) continue;
      for (const [position, sha] of d.changes.entries()) {
        const key = changeBySha.get(sha);
        const change = key === undefined ? null : (changes[key] as ChangeRecord);
        yield {
          deployment: d.id,
          service: d.service,
          environment: d.environment,
          deployedAt,
          position,
          sha,
          change: key ?? null,
          repo: change?.repo ?? d.repo,
        };
      }
    }
  }
}

/**
 * The reference source of commit facts, by key (a change's index among the records), ascending: its pull request
 * is the one its number (else the "(#123)" of its title) names, else the one merged as its sha.
 */
export function* changeFactsFromRecords(
  changes: readonly ChangeRecord[],
  prs: PullRequestIndex,
): Generator<ChangeFacts> {
  for (const [key, c] of changes.entries()) {
    yield {
      key,
      repo: c.repo,
      committedAt: c.committedAt,
      authoredAt: c.authoredAt,
      pr: pullRequestOf(prs, c.repo, c.sha, c.pullRequest ?? pullRequestInTitle(c.title)),
    };
  }
}
