import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadConfig } from "../../config.js";
import { at, scenarioEvents } from "../../domain/metrics/scenario.fixture.js";
import { ingestItems } from "../../ingest/ingest-events.js";
import { openStore } from "../../store/open-store.js";
import { freshSqliteUrl } from "../../testing/test-databases.js";
import { startTestServer, type TestServer } from "../../testing/test-server.js";
import { createAppContext } from "../app-context.js";
import { defaultWebDir, loadWebAssets } from "../web-assets.js";
import { homeRoute } from "./home-route.js";

let server: TestServer;

beforeAll(async () => {
  if (!existsSync(join(defaultWebDir, "index.html")))
    throw new Error("the dashboard is not built: run `npm run build` before these tests");
  server = await startTestServer(freshSqliteUrl());
});
afterAll(async () => {
  await server.close();
});

describe("the dashboard's files", () => {
  test("index.html for / and for every view path, never cached, with a content security policy", async () => {
    for (const path of ["/", "/on-call", "/deployments/a%3Ab", "/events/leadTime?team=x"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(await res.text()).toContain('<div id="root">');
    }
  });

  test("hashed assets: their content type, immutable, gzipped when asked, 304 on a matching etag", async () => {
    const js = readdirSync(join(defaultWebDir, "assets")).find((f) => f.endsWith(".js"));
    const path = `/assets/${js}`;
    const res = await fetch(`${server.url}${path}`, { headers: { "accept-encoding": "gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect((await res.text()).length).toBeGreaterThan(1000);
    const etag = res.headers.get("etag") ?? "";
    const again = await fetch(`${server.url}${path}`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  test("the API's 404 stays JSON, a missing file is a 404, docs are served as text", async () => {
    const api = await fetch(`${server.url}/api/v1/nothing-here`);
    expect(api.status).toBe(404);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe("not_found");
    expect((await fetch(`${server.url}/assets/missing-abcdefgh.js`)).status).toBe(404);
    const doc = await fetch(`${server.url}/docs/events.md`);
    expect(doc.status).toBe(200);
    expect(doc.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await doc.text()).toContain("# Stride's event format");
    expect((await fetch(`${server.url}/docs/..%2Fpackage.json`)).status).toBe(404);
  });

  test("without a build: no assets, and the fallback first screen shows the key metrics of the last 30 days", async () => {
    expect(loadWebAssets(join(defaultWebDir, "no-such-dir"))).toBeUndefined();
    const config = loadConfig({ env: {}, flags: { databaseUrl: freshSqliteUrl(), logLevel: "silent" } });
    const store = await openStore(config.databaseUrl);
    const ctx = createAppContext(config, store, { now: () => at(20, 0) });
    const app = Fastify();
    try {
      const decoded = scenarioEvents().map((value) => ({ value, raw: JSON.stringify(value) }));
      expect((await ingestItems(ctx, decoded, { source: "api" })).rejected).toBe(0);
      await homeRoute(app, ctx);
      const html = (await app.inject({ method: "GET", url: "/" })).body;
      expect(html).toContain("run <code>npm run build</code>");
      // Feb 18 – Mar 20: d0 d1 d2 d3 d4 d6 d7 d8 (the rollback d5 is not a change deployment) = 8 in 30 days
      expect(html).toContain('<th scope="row">Deployment frequency</th><td>0.27 per day (weekly)</td>');
      expect(html).toMatch(/Change failure rate<\/th><td>[\d.]+ % \(3 of 8\)<\/td><td>low/);
      expect(html).toMatch(/deployments<\/th><td>\d+/);
    } finally {
      await app.close();
      await ctx.queue.drain();
      await ctx.metrics.close();
      await store.close();
    }
  });
});

describe("GET /api/v1/stream", () => {
  /** Reads the event stream until `until` matches what arrived, or fails after `ms`. */
  async function readUntil(res: Response, until: RegExp, ms = 2000): Promise<string> {
    const reader = res.body?.getReader();
    if (reader === undefined) throw new Error("no body");
    const decoder = new TextDecoder();
    let text = "";
    const deadline = Date.now() + ms;
    try {
      while (!until.test(text)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`stream did not say ${until} within ${ms} ms; got: ${text}`);
        const chunk = await Promise.race([
          reader.read(),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error(`timeout; got: ${text}`)), left),
          ),
        ]);
        if (chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
      }
    } finally {
      await reader.cancel();
    }
    return text;
  }

  test("an accepted deployment is pushed to listeners, with an id to resume from", async () => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api/v1/stream`, { signal: controller.signal });
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const deployment = {
      type: "deployment",
      id: "stream-1",
      service: "checkout",
      environment: "production",
      status: "success",
      finishedAt: "2026-03-01T12:05:00Z",
    };
    const reading = readUntil(res, /event: deployment\n/);
    const posted = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(deployment),
    });
    expect(posted.status).toBe(202);
    const text = await reading;
    const data = /data: (.*)\n/.exec(text.slice(text.indexOf("event: deployment")))?.[1];
    expect(JSON.parse(data ?? "{}")).toMatchObject({ ...deployment, finishedAt: "2026-03-01T12:05:00.000Z" });
    const id = Number(/id: (\d+)\n/.exec(text)?.[1]);
    controller.abort();

    // A duplicate is not news; a reconnect with Last-Event-ID gets what came after that id.
    const resumed = await fetch(`${server.url}/api/v1/stream`, {
      headers: { "last-event-id": String(id - 1) },
    });
    expect(await readUntil(resumed, /id: \d+\nevent: deployment\ndata: .*stream-1/)).toContain(`id: ${id}\n`);
  });

  test("a narrower stream and a wrong parameter", async () => {
    const bad = await fetch(`${server.url}/api/v1/stream?types=change`);
    expect(bad.status).toBe(400);
    const incidentsOnly = await fetch(`${server.url}/api/v1/stream?types=incident`);
    const reading = readUntil(incidentsOnly, /event: incident\n/);
    for (const event of [
      {
        type: "deployment",
        service: "a",
        environment: "production",
        status: "success",
        finishedAt: "2026-03-02T00:00:00Z",
      },
      { type: "incident", id: "inc-9", services: ["a"], detectedAt: "2026-03-02T00:10:00Z" },
    ]) {
      await fetch(`${server.url}/api/v1/events`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(event),
      });
    }
    const text = await reading;
    expect(text).not.toContain("event: deployment");
    expect(text).toContain('"id":"inc-9"');
  });
});
