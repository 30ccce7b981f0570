import type { FastifyInstance } from "fastify";
import { type Config, loadConfig } from "../config.js";
import type { Clock } from "../domain/time.js";
import { createAppContext } from "../server/app-context.js";
import { buildApp } from "../server/build-app.js";
import { openStore } from "../store/open-store.js";
import type { Store } from "../store/store.js";

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
