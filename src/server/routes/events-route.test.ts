import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freshSqliteUrl } from "../../testing/test-databases.js";
import { startTestServer, type TestServer } from "../../testing/test-server.js";

const deployment = {
  type: "deployment",
  service: "checkout",
  environment: "production",
  status: "success",
  startedAt: "2026-03-01T12:00:00Z",
  finishedAt: "2026-03-01T12:05:00Z",
};

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(freshSqliteUrl(), { maxBatch: 50, maxBodyBytes: 64 * 1024 });
});
afterAll(() => server.close());

async function post(body: string, contentType = "application/json", headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/api/v1/events`, {
    method: "POST",
    headers: { "content-type": contentType, ...headers },
    body,
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

describe("POST /api/v1/events", () => {
  test("one event: 202 accepted, then 200 duplicate; one stored row", async () => {
    const first = await post(JSON.stringify(deployment));
    expect(first.status).toBe(202);
    expect(first.body).toEqual({
      status: "accepted",
      type: "deployment",
      id: "checkout/production@@2026-03-01T12:00:00.000Z",
    });
    const again = await post(JSON.stringify(deployment));
    expect(again.status).toBe(200);
    expect(again.body.status).toBe("duplicate");
    const rows = await server.store.entityRows();
    expect(rows.deployments.filter((r) => r.service === "checkout")).toHaveLength(1);
  });

  test("a bad event: 400 with code, field and hint; kept raw as rejected, nothing normalized", async () => {
    const before = await server.store.counts();
    const res = await post(
      JSON.stringify({ ...deployment, service: "bad-one", finishedAt: "2026-03-01 12:05" }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "timestamp_without_zone", field: "finishedAt" });
    expect((res.body.error as { hint: string }).hint).toMatch(/Z/);
    const after = await server.store.counts();
    expect(after.raw.rejected).toBe(before.raw.rejected + 1);
    expect(after.entities).toEqual(before.entities);
  });

  test("malformed JSON: 400 invalid_json, the delivery is kept as rejected", async () => {
    const before = await server.store.counts();
    const res = await post('{"type": "deployment", ');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "invalid_json" });
    expect((await server.store.counts()).raw.rejected).toBe(before.raw.rejected + 1);
  });

  test("a JSON array with good and bad events: 207, per-event answers, the good ones stored", async () => {
    const batch = [
      { ...deployment, service: "cart" },
      { ...deployment, service: "cart", status: "done" },
      { type: "team", name: "payments" },
      { type: "nope" },
    ];
    const res = await post(JSON.stringify(batch));
    expect(res.status).toBe(207);
    expect(res.body).toMatchObject({ accepted: 2, duplicate: 0, rejected: 2 });
    const results = res.body.results as { index: number; status: string; error?: { code: string } }[];
    expect(results.map((r) => r.status)).toEqual(["accepted", "rejected", "accepted", "rejected"]);
    expect(results[1]?.error?.code).toBe("invalid_field");
    expect(results[3]?.error?.code).toBe("unknown_event_type");
    const rows = await server.store.entityRows();
    expect(rows.teams.map((t) => t.name)).toContain("payments");
  });

  test("NDJSON with a broken line: the other lines are accepted", async () => {
    const lines = [
      JSON.stringify({ ...deployment, service: "search" }),
      "{not json",
      "",
      JSON.stringify({ type: "incident", services: ["search"], detectedAt: "2026-03-01T13:00:00+01:00" }),
    ].join("\n");
    const res = await post(lines, "application/x-ndjson");
    expect(res.status).toBe(207);
    const results = res.body.results as { status: string; error?: { code: string } }[];
    expect(results.map((r) => r.status)).toEqual(["accepted", "rejected", "accepted"]);
    expect(results[1]?.error?.code).toBe("invalid_json");
  });

  test("all events rejected: 400 with the per-event answers", async () => {
    const res = await post(JSON.stringify([{ type: "x" }, 5]));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ accepted: 0, rejected: 2 });
  });

  test("Idempotency-Key makes a retried batch a duplicate", async () => {
    const body = JSON.stringify([{ type: "team", name: "retry-team" }]);
    const first = await post(body, "application/json", { "idempotency-key": "req-1" });
    const second = await post(body, "application/json", { "idempotency-key": "req-1" });
    expect(first.body).toMatchObject({ accepted: 1 });
    expect(second.body).toMatchObject({ duplicate: 1, accepted: 0 });
  });

  test("limits: too many events 413 batch_too_large, too many bytes 413 body_too_large; nothing stored", async () => {
    const before = await server.store.counts();
    const many = await post(
      JSON.stringify(Array.from({ length: 51 }, (_, i) => ({ type: "team", name: `t${i}` }))),
    );
    expect(many.status).toBe(413);
    expect(many.body.error).toMatchObject({ code: "batch_too_large" });
    const big = await post(JSON.stringify({ ...deployment, service: "x".repeat(70 * 1024) }));
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ code: "body_too_large" });
    expect(await server.store.counts()).toEqual(before);
  });

  test("unsupported content type: 415; empty body: 400 empty_body", async () => {
    const xml = await post("<event/>", "application/xml");
    expect(xml.status).toBe(415);
    expect(xml.body.error).toMatchObject({ code: "unsupported_media_type" });
    const empty = await post("   ");
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: "empty_body" });
  });
});

describe("operations", () => {
  test("healthz, readyz, request ids, 404s and the OpenAPI document", async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(await health.json()).toEqual({ status: "ok" });
    const ready = await fetch(`${server.url}/readyz`, { headers: { "x-request-id": "trace-123" } });
    expect(ready.status).toBe(200);
    expect(ready.headers.get("x-request-id")).toBe("trace-123");
    expect(await ready.json()).toMatchObject({ status: "ready", database: { engine: "sqlite" } });
    const missing = await fetch(`${server.url}/api/v1/nothing`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: "not_found" } });
    const openapi = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(openapi.openapi).toBe("3.1.0");
    expect(Object.keys(openapi.paths)).toContain("/api/v1/events");
  });

  test("the first screen is the dashboard", async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(await res.text()).toContain('<div id="root">');
  });
});

describe("with an ingest token", () => {
  test("ingest requires the bearer token", async () => {
    const guarded = await startTestServer(freshSqliteUrl(), { ingestToken: "s3cret-token-0123456789" });
    try {
      const body = JSON.stringify({ type: "team", name: "a" });
      const denied = await fetch(`${guarded.url}/api/v1/events`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
      expect(denied.status).toBe(401);
      expect(await denied.json()).toMatchObject({ error: { code: "unauthorized" } });
      const allowed = await fetch(`${guarded.url}/api/v1/events`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer s3cret-token-0123456789" },
        body,
      });
      expect(allowed.status).toBe(202);
      expect((await guarded.store.counts()).raw).toEqual({ accepted: 1, rejected: 0 });
    } finally {
      await guarded.close();
    }
  });
});
