import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { at, linkingEvents, sha } from "../../domain/linking/linking.fixture.js";
import { engines, freshDatabaseUrl } from "../../testing/test-databases.js";
import { startTestServer, type TestServer } from "../../testing/test-server.js";

const servers = new Map<string, TestServer>();

beforeAll(async () => {
  for (const engine of engines) {
    const server = await startTestServer(
      await freshDatabaseUrl(engine),
      {},
      { now: () => Date.parse(at(48)) },
    );
    const res = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(linkingEvents()),
    });
    expect(((await res.json()) as { rejected: number }).rejected).toBe(0);
    servers.set(engine, server);
  }
});
afterAll(async () => {
  for (const server of servers.values()) await server.close();
});

async function get(engine: string, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const server = servers.get(engine);
  if (!server) throw new Error(`no ${engine} server`);
  const res = await fetch(`${server.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

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
