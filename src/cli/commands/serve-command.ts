import type { Command } from "commander";
import { defaultDemoOptions } from "../../demo/generate-demo.js";
import { systemClock } from "../../domain/time.js";
import { createAppContext } from "../../server/app-context.js";
import { buildApp } from "../../server/build-app.js";
import { openStore } from "../../store/open-store.js";
import { configFor, formatCount } from "../runtime.js";
import { writeDemo } from "./demo-command.js";

export interface ServeFlags {
  host?: string;
  port?: string;
  demoIfEmpty?: boolean;
}

/** `stride serve` (declared in ../main.ts) */
export async function serve(opts: ServeFlags, command: Command): Promise<void> {
  const config = configFor(command, { host: opts.host, port: opts.port });
  const store = await openStore(config.databaseUrl);
  const ctx = createAppContext(config, store, systemClock);
  if (opts.demoIfEmpty) {
    const counts = await store.counts();
    if (counts.raw.accepted + counts.raw.rejected === 0) {
      process.stderr.write(
        "empty database: writing demo data (stride demo) so the first screen has numbers…\n",
      );
      await writeDemo(ctx, { ...defaultDemoOptions, end: systemClock.now() });
    }
  }
  const app = await buildApp(ctx);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down: finishing in-flight requests");
    await app.close();
    await ctx.queue.drain();
    await ctx.metrics.close();
    await store.close();
    app.log.info("database closed; bye");
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
  const address = await app.listen({ host: config.host, port: config.port });
  const counts = await store.counts();
  const e = counts.entities;
  process.stderr.write(
    `\nStride is running at ${address}  (database ${config.databaseUrl})\n` +
      `  ${formatCount(e.services)} services, ${formatCount(e.deployments)} deployments, ` +
      `${formatCount(e.changes)} changes, ${formatCount(e.incidents)} incidents\n` +
      `  send events: POST ${address}/api/v1/events   API: ${address}/api/openapi.json\n\n`,
  );
}
