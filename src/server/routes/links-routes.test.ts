import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { at, linkingEvents, sha } from "../../domain/linking/linking.fixture.js";
import { engines } from "../../testing/test-databases.js";
import { type SeededServers, startSeededServers } from "../../testing/test-server.js";

let servers: SeededServers;

beforeAll(async () => {
  servers = await startSeededServers(engines, linkingEvents(), { now: () => Date.parse(at(48)) });
});
afterAll(() => servers.close());

const get = (engine: string, path: string) => servers.get(engine, path);

describe.each(engines)("how a deployment or an incident was linked, over HTTP on %s", (engine) => {
  test("a deployment: the changes it shipped and why, the incidents blamed on it, what reverted it", async () => {
    const { status, body } = await get(engine, "/api/v1/deployments/D4/links");
    expect(status).toBe(200);
    expect(body.deployment).toMatchObject({
      id: "D4",
      changesShipped: 2,
      shipped: { method: "reachability" },
      failureCauses: ["rollback", "incident"],
      restoredBy: "D5",
    });
    expect(body.changes).toMatchObject([
      { sha: sha("e"), title: "commit e", leadTimeSeconds: 3600, link: { method: "reachability" } },
      { sha: sha("d"), title: "commit d", leadTimeSeconds: 3 * 3600 },
    ]);
    expect(body.incidents).toMatchObject([
      { id: "I1", attribution: { method: "time-window" }, gapSeconds: 15 * 60 },
    ]);
    expect(body.revertedBy).toMatchObject([{ id: "D5", rework: "rollback", method: "ancestry" }]);
    expect(body).toMatchObject({ previous: { id: "D3" }, next: { id: "D5" } });
  });

  test("an incident: the deployment it blames, the method, the evidence and the gap", async () => {
    const { body } = await get(engine, "/api/v1/incidents/I3/links");
    expect(body).toMatchObject({
      incident: { id: "I3", deployment: "D2", attribution: { method: "explicit:sha" }, gapSeconds: 2 * 3600 },
      deployment: { id: "D2", changesShipped: 4 },
    });
    const unattributed = await get(engine, "/api/v1/incidents/I6/links");
    expect(unattributed.body).toMatchObject({
      incident: { deployment: null, attribution: null },
      deployment: null,
    });
  });

  test("an unknown id is a 404 with a stable code and a hint", async () => {
    const { status, body } = await get(engine, "/api/v1/deployments/nope/links");
    expect(status).toBe(404);
    expect(body).toMatchObject({
      error: { code: "not_found", hint: expect.stringContaining("/api/v1/deployments") },
    });
  });
});
