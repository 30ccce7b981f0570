import type { FastifyInstance } from "fastify";
import { type Config, loadConfig } from "../config.js";
import type { Clock } from "../domain/time.js";
import { createAppContext } from "../server/app-context.js";
import { buildApp } from "../server/build-app.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";
import { type Engine, freshDatabaseUrl } from "./test-databases.js";

export interface TestServer {
  url: string;
  app: FastifyInstance;
  store: Store;
  config: Config;
  close(): Promise<void>;
}

/** A real server on a free loopback port over a real database, as `stride serve` builds it. */
export async function startTestServer(
  databaseUrl: string,
  overrides: Record<string, string | number> = {},
  clock: Clock = { now: () => Date.now() },
): Promise<TestServer> {
  const config = loadConfig({ env: {}, flags: { databaseUrl, port: 0, logLevel: "silent", ...overrides } });
  const store = await openStore(config.databaseUrl);
  const ctx = createAppContext(config, store, clock);
  const app = await buildApp(ctx);
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return {
    url,
    app,
    store,
    config,
    async close() {
      await app.close();
      await ctx.queue.drain();
      await ctx.metrics.close();
      await store.close();
    },
  };
}

/** One test server per engine, each seeded with the same events through POST /api/v1/events. */
export async function startSeededServers(
  engines: readonly Engine[],
  events: unknown[],
  clock: Clock,
): Promise<SeededServers> {
  const servers = new Map<string, TestServer>();
  for (const engine of engines) {
    const server = await startTestServer(await freshDatabaseUrl(engine), {}, clock);
    const res = await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(events),
    });
    const { rejected } = (await res.json()) as { rejected: number };
    if (rejected !== 0) throw new Error(`${rejected} seed events rejected on ${engine}`);
    servers.set(engine, server);
  }
  const url = (engine: string) => {
    const server = servers.get(engine);
    if (server === undefined) throw new Error(`no ${engine} server`);
    return server.url;
  };
  return {
    url,
    async get(engine, path) {
      const res = await fetch(`${url(engine)}${path}`);
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async close() {
      for (const server of servers.values()) await server.close();
    },
  };
}

export interface SeededServers {
  url(engine: string): string;
  /** GET `path` from the engine's server, answered as JSON */
  get(engine: string, path: string): Promise<JsonResponse>;
  close(): Promise<void>;
}

export interface JsonResponse {
  status: number;
  body: Record<string, unknown>;
}
