import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { at, scenarioEvents, shas } from "../../domain/metrics/scenario.fixture.js";
import { engines } from "../../testing/test-databases.js";
import { type SeededServers, startSeededServers } from "../../testing/test-server.js";

const WEEK = "from=2026-03-02&to=2026-03-09";
let servers: SeededServers;

beforeAll(async () => {
  // reversed: arrival order must not matter
  servers = await startSeededServers(engines, scenarioEvents().reverse(), { now: () => at(20, 0) });
});
afterAll(() => servers.close());

const get = (engine: string, path: string) => servers.get(engine, path);

describe.each(engines)("metrics over HTTP on %s", (engine) => {
  test("the hand-checked week: the key metrics, tiers and units of the API contract", async () => {
    const { status, body } = await get(engine, `/api/v1/metrics?${WEEK}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      window: {
        from: "2026-03-02T00:00:00.000Z",
        to: "2026-03-09T00:00:00.000Z",
        days: 7,
        tz: "UTC",
        bucket: "day",
      },
      metrics: {
        deploymentFrequency: { count: 6, category: "daily", tier: "high" },
        leadTime: { count: 4, medianSeconds: 10800, tier: "elite" },
        changeFailureRate: { failed: 3, total: 6, rate: 0.5, tier: "low" },
        recoveryTime: { count: 3, medianSeconds: 3600, tier: "high" },
        reworkRate: { rework: 3, total: 7 },
      },
      tiers: { overall: "high" },
      drillDown: { leadTime: `/api/v1/metrics/leadTime/events?${WEEK}` },
    });
    expect(typeof body.definitionVersion).toBe("string");
  });

  test("drill-down: the changes behind lead time, each with its link", async () => {
    const { body } = await get(engine, `/api/v1/metrics/leadTime/events?${WEEK}`);
    expect(body).toMatchObject({ kind: "changes", total: 5 });
    const events = body.events as { deployment: string; leadTimeSeconds: number; link: { method: string } }[];
    expect(events.map((e) => e.deployment)).toEqual(["d1", "d2", "d4", "d6", "d6"]);
    // the sha and title are read from the store by the change's key, which the answer does not show
    expect(events[0]).toMatchObject({
      sha: shas.c2,
      leadTimeSeconds: 7200,
      link: { method: "listed" },
      title: "change c2",
    });
    expect(events[0]).not.toHaveProperty("changeKey");
  });

  test("the first screen is the dashboard (its numbers are checked in a browser: src/web)", async () => {
    const html = await (await fetch(`${servers.url(engine)}/`)).text();
    expect(html).toContain('<div id="root">');
  });

  test("breakdown by service and by team", async () => {
    const { body } = await get(engine, `/api/v1/metrics/breakdown?by=service&${WEEK}`);
    expect(body).toMatchObject({
      by: "service",
      rows: [{ group: "api", changeFailureRate: { failed: 3, total: 6 } }],
    });
    const teams = await get(engine, `/api/v1/metrics/breakdown?by=team&${WEEK}`);
    expect(teams.body).toMatchObject({ rows: [{ group: "core", leadTime: { medianSeconds: 10800 } }] });
    const bad = await get(engine, `/api/v1/metrics/breakdown?by=repo&${WEEK}`);
    expect(bad.status).toBe(400);
  });

  test("drill-down pages with a cursor", async () => {
    const first = await get(engine, `/api/v1/metrics/changeFailureRate/events?${WEEK}&limit=4`);
    expect((first.body.events as unknown[]).length).toBe(4);
    const next = await get(
      engine,
      `/api/v1/metrics/changeFailureRate/events?${WEEK}&limit=4&cursor=${first.body.nextCursor}`,
    );
    const rest = next.body.events as { id: string; failureCauses: string[] }[];
    expect(rest.map((e) => e.id)).toEqual(["d6", "d7"]);
    expect(rest[0]?.failureCauses).toEqual(["hotfix"]);
    expect(next.body.nextCursor).toBeNull();
  });

  test("list endpoints: filters, newest first, cursor pagination, the event format", async () => {
    const seen: string[] = [];
    let cursor = "";
    for (let pages = 0; pages < 10; pages++) {
      const { body } = await get(engine, `/api/v1/deployments?service=api&env=production&limit=4${cursor}`);
      seen.push(...(body.items as { id: string }[]).map((d) => d.id));
      if (body.nextCursor === null) break;
      cursor = `&cursor=${body.nextCursor}`;
    }
    expect(seen).toEqual(["d8", "d7", "d6", "d9-cancelled", "d5", "d4", "d3", "d2-failed", "d2", "d1", "d0"]);
    const open = await get(engine, "/api/v1/incidents?open=true");
    expect(
      (open.body.items as { id: string; detectedAt: string }[]).map((i) => [i.id, i.detectedAt]),
    ).toEqual([["i2", "2026-03-08T10:00:00.000Z"]]);
    const team = await get(engine, "/api/v1/deployments?team=core&env=staging");
    expect((team.body.items as { id: string }[]).map((d) => d.id)).toEqual(["s1"]);
  });
});

test("SQLite and PostgreSQL answer identical metrics documents", async () => {
  const query = `/api/v1/metrics?${WEEK}&tz=Europe/Berlin&bucket=week`;
  const [a, b] = await Promise.all([get("sqlite", query), get("postgres", query)]);
  expect(a.body).toEqual(b.body);
});

describe("bad input", () => {
  test.each([
    ["/api/v1/metrics?servce=api", 400, "unknown_filter", "servce"],
    ["/api/v1/metrics?from=2026-03-09&to=2026-03-02", 400, "invalid_window", "from"],
    ["/api/v1/metrics?from=2020-01-01&to=2026-03-02", 400, "window_too_large", "from"],
    ["/api/v1/metrics?tz=Mars/Olympus", 400, "unknown_time_zone", "tz"],
    ["/api/v1/metrics?benchmark=2019", 400, "unknown_benchmark", "benchmark"],
    ["/api/v1/metrics?from=yesterday", 400, "invalid_timestamp", "from"],
    ["/api/v1/metrics?from=2026-03-02T00:00:00", 400, "timestamp_without_zone", "from"],
    ["/api/v1/metrics?bucket=hour", 400, "invalid_request", "bucket"],
    ["/api/v1/metrics/velocity/events", 400, "unknown_metric", "metric"],
    ["/api/v1/deployments?cursor=abc", 400, "invalid_cursor", "cursor"],
    ["/api/v1/deployments?limit=0", 400, "invalid_request", "limit"],
    ["/api/v1/deployments?colour=red", 400, "unknown_filter", "colour"],
  ])("%s → %i %s", async (path, status, code, field) => {
    const res = await get("sqlite", path);
    expect(res.status).toBe(status);
    expect(res.body.error).toMatchObject({ code, field });
    expect((res.body.error as { hint: string }).hint.length).toBeGreaterThan(5);
  });

  test("an unknown team answers an empty scope with a warning, not an error", async () => {
    const { status, body } = await get("sqlite", `/api/v1/metrics?team=ghosts&${WEEK}`);
    expect(status).toBe(200);
    expect(body.warnings).toEqual([expect.objectContaining({ code: "unknown_team" })]);
    expect(body.metrics).toMatchObject({
      leadTime: { medianSeconds: null },
      deploymentFrequency: { count: 0, tier: null },
    });
  });

  test("the OpenAPI document describes the metrics and list routes with their parameters", async () => {
    const { body } = await get("sqlite", "/api/openapi.json");
    const paths = body.paths as Record<string, { get?: { parameters?: { name: string }[] } }>;
    expect(paths["/api/v1/metrics"]?.get?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(["team", "service", "repo", "env", "from", "to", "bucket", "tz", "benchmark"]),
    );
    for (const resource of [
      "deployments",
      "changes",
      "incidents",
      "builds",
      "pull-requests",
      "services",
      "teams",
    ]) {
      expect(Object.keys(paths)).toContain(`/api/v1/${resource}`);
    }
  });
});
