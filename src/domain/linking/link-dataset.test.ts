import { expect, test } from "vitest";
import { datasetFromEvents } from "../../testing/dataset-from-events.js";
import { linkWithShas } from "../../testing/shipment-shas.js";
import { defaultEngineSettings } from "../metrics/dataset.js";
import type { LinkedDataset } from "../metrics/linked.js";
import { deployedAt, deploymentIdAt, prAt, pullRequestKey, startAt } from "../metrics/shipments.js";
import { linkDataset } from "./link-dataset.js";
import { lateDeployment, linkingEvents, sha } from "./linking.fixture.js";

const HOUR = 3_600_000;
const link = (events: unknown[]) => linkWithShas(datasetFromEvents(events), defaultEngineSettings);
const linked = link(linkingEvents());
const names = new Map(
  ["a", "b", "c", "f1", "f2", "m", "d", "e", "r1", "r2", "r3", "r4"].map((n) => [sha(n), n]),
);

/** What each deployment shipped first: commit name → lead time in hours and pull request. */
function shippedBy(
  l: ReturnType<typeof link>,
  id: string,
): Record<string, { hours: number; pr: string | null }> {
  const s = l.shipments;
  const out: Record<string, { hours: number; pr: string | null }> = {};
  for (let i = 0; i < s.n; i++) {
    if (deploymentIdAt(s, i) !== id) continue;
    const pr = prAt(s, i);
    const sha = l.shas[i] as string;
    out[names.get(sha) ?? sha] = {
      hours: (deployedAt(s, i) - startAt(s, i)) / HOUR,
      pr: pr < 0 ? null : pullRequestKey(s, pr),
    };
  }
  return out;
}

const deployment = (id: string) => {
  const d = linked.deploymentsById.get(id);
  if (d === undefined) throw new Error(id);
  return d;
};
const incident = (l: LinkedDataset, id: string) => l.incidents.find((i) => i.id === id);

test("a deployment that lists nothing ships what its sha reaches and the previous one's does not", () => {
  expect(shippedBy(linked, "D1")).toEqual({});
  expect(deployment("D1").shipped?.method).toBe("first-deployment");
  // the merge brings the branch's commits and the squash-merged one on main
  expect(shippedBy(linked, "D2")).toEqual({
    m: { hours: 1, pr: "acme/shop#8" }, // by merge sha
    f2: { hours: 2, pr: "acme/shop#8" }, // by the number on the commit
    f1: { hours: 3, pr: "acme/shop#8" },
    c: { hours: 4, pr: "acme/shop#7" }, // by "(#7)" in its title
  });
  expect(deployment("D2").shipped).toEqual({
    method: "reachability",
    evidence: `commits reachable from ${sha("m").slice(0, 12)} and not from ${sha("b").slice(0, 12)}, which D1 deployed before it`,
  });
  expect(shippedBy(linked, "D4")).toEqual({ e: { hours: 1, pr: null }, d: { hours: 3, pr: null } });
});

test("a redeploy of the live sha ships nothing and is no rollback; a rollback by ancestry fails the live one", () => {
  expect(shippedBy(linked, "D3")).toEqual({});
  expect(deployment("D3")).toMatchObject({ kind: "deploy", rework: null, reverts: null });
  expect(deployment("D5")).toMatchObject({
    kind: "rollback",
    rework: "rollback",
    reverts: { deployment: "D4", method: "ancestry" },
  });
  expect(deployment("D4").failureCauses).toEqual(["rollback", "incident"]);
  expect(deployment("D4").restoredBy).toBe("D5");
  // back to e after the rollback: not a rollback (e is no ancestor of m), and its commits were shipped by D4
  expect(deployment("D6")).toMatchObject({ kind: "deploy", rework: null });
  expect(shippedBy(linked, "D6")).toEqual({});
});

test("with no sha, a version deployed before the live one is a rollback", () => {
  expect(deployment("L3")).toMatchObject({
    kind: "rollback",
    reverts: { deployment: "L2", method: "version" },
  });
  expect(deployment("L2").failureCauses).toContain("rollback");
  expect(deployment("L1").shipped).toBeNull(); // nothing listed, no sha: changes unknown
  // going forward again to v2 after the rollback: v2 was first deployed after v1
  expect(deployment("L4")).toMatchObject({ kind: "deploy", rework: null });
});

test("shas no graph knows: a return to one first deployed before the live one is a rollback, forward is not", () => {
  expect(deployment("O3")).toMatchObject({
    kind: "rollback",
    reverts: { deployment: "O2", method: "deployed-before" },
  });
  expect(deployment("O4")).toMatchObject({ kind: "deploy", rework: null });
  expect(deployment("O2").failureCauses).toEqual(["rollback"]);
  expect(deployment("O4").failureCauses).toEqual([]);
});

test("monorepo: each service ships only the commits touching its paths; countHistory ships the first's history", () => {
  expect(shippedBy(linked, "A1")).toEqual({ r1: { hours: 0.5, pr: null } });
  expect(deployment("A1").shipped?.method).toBe("history+paths");
  expect(shippedBy(linked, "A2")).toEqual({ r3: { hours: 2, pr: null } });
  expect(deployment("A2").shipped?.evidence).toMatch(/1 of those 3 touch services\/api$/);
  expect(shippedBy(linked, "W1")).toEqual({});
  expect(shippedBy(linked, "W2")).toEqual({});
  expect(deployment("W2").shipped?.evidence).toMatch(/0 of those 2 touch services\/web\/\*\*$/);
});

test("incidents: explicit deployment, sha, version, then the time window, else unattributed", () => {
  const attributed = Object.fromEntries(
    linked.incidents.map((i) => [i.id, [i.deployment, i.attribution?.method ?? null]]),
  );
  expect(attributed).toEqual({
    I1: ["D4", "time-window"],
    I2: ["D2", "explicit:deployment"],
    I3: ["D2", "explicit:sha"], // f1 first shipped by D2
    I4: ["L2", "explicit:version"],
    I5: ["A2", "time-window"], // exactly 24 h after: inside
    I6: [null, null], // 24 h and 1 ms after: outside
    I7: [null, null], // names D9, which has not arrived
    I8: [null, null], // the batch service turned the window off
  });
  expect(incident(linked, "I1")?.attribution?.evidence).toBe(
    "latest successful production deployment of shop before the impact began, 15 min earlier (window 24.0 h)",
  );
});

test("a late event changes the answer: the deployment an incident names arrives after it", () => {
  const later = linkDataset(datasetFromEvents([...linkingEvents(), lateDeployment]), defaultEngineSettings);
  expect(incident(later, "I7")).toMatchObject({
    deployment: "D9",
    attribution: { method: "explicit:deployment" },
  });
  expect(later.deploymentsById.get("D9")?.failureCauses).toEqual(["incident"]);
});

test("the attribution window is a setting: none turns the heuristic off, a shorter one leaves more unattributed", () => {
  const none = linkDataset(datasetFromEvents(linkingEvents()), {
    ...defaultEngineSettings,
    attributionWindowMs: null,
  });
  expect(incident(none, "I1")?.deployment).toBeNull();
  expect(incident(none, "I2")?.deployment).toBe("D2"); // explicit causes do not depend on it
  const short = linkDataset(datasetFromEvents(linkingEvents()), {
    ...defaultEngineSettings,
    attributionWindowMs: 10 * 60_000,
  });
  expect(incident(short, "I1")?.deployment).toBeNull(); // 15 min > 10 min
});

test("the answer does not depend on the order events arrive in", () => {
  const reversed = link([...linkingEvents()].reverse());
  const summary = (l: ReturnType<typeof link>) => ({
    deployments: [...l.deployments]
      .map((d) => [d.id, d.kind, d.shipped?.method ?? null, d.failureCauses, d.reverts?.deployment ?? null])
      .sort(),
    incidents: l.incidents.map((i) => [i.id, i.deployment]).sort(),
    shipments: Object.fromEntries([...l.deployments].map((d) => [d.id, shippedBy(l, d.id)])),
  });
  expect(summary(reversed)).toEqual(summary(linked));
});
