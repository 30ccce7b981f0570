import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { engines, freshDatabaseUrl } from "../../testing/test-databases.js";
import { startTestServer, type TestServer } from "../../testing/test-server.js";

/**
 * Mapping rules apply to what is already stored: a deployment sent under the repository's default name and an
 * incident from PagerDuty under its own service name belong to one Stride service once a service event says so.
 */
const at = (hour: number) => new Date(Date.UTC(2026, 2, 2) + hour * 3_600_000).toISOString();
const sha = "c1".padEnd(40, "0");
const events = [
  {
    type: "change",
    repo: "acme/checkout-web",
    sha,
    authoredAt: at(0),
    committedAt: at(1),
    author: "a",
    title: "t",
  },
  {
    type: "deployment",
    id: "x1",
    service: "checkout-web",
    environment: "production",
    status: "success",
    finishedAt: at(3),
    repo: "acme/checkout-web",
    changes: [sha],
  },
  { type: "incident", id: "p1", services: ["Checkout API"], detectedAt: at(4), resolvedAt: at(5) },
  { type: "incident", id: "p2", services: ["Search (prod)"], detectedAt: at(6) },
  { type: "incident", id: "p3", services: [], detectedAt: at(7) },
];
const rule = { type: "service", name: "checkout", repos: ["acme/checkout-web"], aliases: ["Checkout API"] };

describe.each(engines)("mapping rules on %s", (engine) => {
  let server: TestServer;
  const post = (body: unknown) =>
    fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  const get = async (path: string) =>
    (await (await fetch(`${server.url}${path}`)).json()) as Record<string, unknown>;
  const window = `from=${at(0)}&to=${at(24)}`;
  beforeAll(async () => {
    server = await startTestServer(await freshDatabaseUrl(engine), {}, { now: () => Date.parse(at(24)) });
    expect(((await (await post(events)).json()) as { rejected: number }).rejected).toBe(0);
  });
  afterAll(() => server.close());

  test("before any rule: the tool's names stand apart, and needs-mapping lists the incident services", async () => {
    expect(await get("/api/v1/needs-mapping")).toMatchObject({
      services: [
        { name: "Checkout API", incidents: 1 },
        { name: "Search (prod)", incidents: 1 },
      ],
      incidentsWithoutService: 1,
    });
    const links = await get("/api/v1/incidents/p1/links");
    expect(links).toMatchObject({ incident: { deployment: null } });
  });

  test("a service event's aliases and repos apply to every stored event at once", async () => {
    expect(((await (await post(rule)).json()) as { status: string }).status).toBe("accepted");
    expect(await get("/api/v1/needs-mapping")).toMatchObject({
      services: [{ name: "Search (prod)", incidents: 1 }],
    });
    // the PagerDuty incident now blames the deployment sent under the repository's name
    expect(await get("/api/v1/incidents/p1/links")).toMatchObject({
      incident: { services: ["checkout"], deployment: "x1", attribution: { method: "time-window" } },
    });
    const metrics = await get(`/api/v1/metrics?service=checkout&${window}`);
    expect(metrics).toMatchObject({
      metrics: {
        deploymentFrequency: { count: 1 },
        leadTime: { count: 1, medianSeconds: 2 * 3600 },
        changeFailureRate: { failed: 1, total: 1 },
      },
    });
    const old = await get(`/api/v1/metrics?service=checkout-web&${window}`);
    // the old name is no service any more: an empty scope, said so
    expect(old).toMatchObject({
      metrics: { deploymentFrequency: { count: 0 } },
      warnings: expect.arrayContaining([expect.objectContaining({ code: "unknown_service" })]),
    });
  });
});
