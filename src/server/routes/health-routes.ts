import type { FastifyInstance } from "fastify";
import { StrideError } from "../../errors.js";
import type { AppContext } from "../app-context.js";

/** /healthz: the process answers. /readyz: the database answers and its schema is current. */
export async function healthRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get("/healthz", { schema: { summary: "Liveness", tags: ["ops"] } }, async () => ({ status: "ok" }));

  app.get("/readyz", { schema: { summary: "Readiness", tags: ["ops"] } }, async () => {
    let health: Awaited<ReturnType<typeof ctx.store.health>>;
    try {
      health = await ctx.store.health();
    } catch (error) {
      throw new StrideError(
        "database_unreachable",
        `database check failed: ${(error as Error).message}`,
        "check that the database server is running and STRIDE_DATABASE_URL is right",
      );
    }
    if (health.pendingMigrations.length > 0) {
      throw new StrideError(
        "migrations_pending",
        `migrations not applied: ${health.pendingMigrations.join(", ")}`,
        "restart Stride (it migrates at start) or run `stride doctor`",
      );
    }
    return { status: "ready", database: { engine: health.engine, version: health.version } };
  });
}
