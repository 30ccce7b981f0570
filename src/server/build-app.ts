import { randomUUID } from "node:crypto";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance } from "fastify";
import type { AppContext } from "./app-context.js";
import { registerErrorHandling } from "./error-handler.js";
import { connectionsRoutes } from "./routes/connections-routes.js";
import { eventsRoute } from "./routes/events-route.js";
import { healthRoutes } from "./routes/health-routes.js";
import { homeRoute } from "./routes/home-route.js";
import { listRoutes } from "./routes/list-routes.js";
import { metricsRoutes } from "./routes/metrics-routes.js";
import { streamRoute } from "./routes/stream-route.js";
import { webRoutes } from "./routes/web-routes.js";
import { webhooksRoute } from "./routes/webhooks-route.js";
import { loadWebAssets } from "./web-assets.js";

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Builds the HTTP app without listening, so tests can inject requests or listen on a free port. */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: ctx.config.logLevel },
    bodyLimit: ctx.config.maxBodyBytes,
    requestIdHeader: "x-request-id",
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // In-flight requests finish on close; idle keep-alive sockets do not hold shutdown up.
    forceCloseConnections: "idle",
    return503OnClosing: true,
    // Unknown query parameters are errors (unknown_filter), never silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  registerErrorHandling(app);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Stride API",
        version: "1",
        description: "Delivery performance metrics: ingest and query.",
      },
    },
  });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  await app.register(async (scope) => eventsRoute(scope, ctx));
  await app.register(async (scope) => webhooksRoute(scope, ctx));
  await app.register(async (scope) => connectionsRoutes(scope, ctx));
  await app.register(async (scope) => healthRoutes(scope, ctx));
  await app.register(async (scope) => metricsRoutes(scope, ctx));
  await app.register(async (scope) => listRoutes(scope, ctx));
  await app.register(async (scope) => streamRoute(scope, ctx));
  // The dashboard when it is built (npm run build), else a small page with the key numbers and how to build it.
  const web = loadWebAssets();
  if (web === undefined) await app.register(async (scope) => homeRoute(scope, ctx));
  else await app.register(async (scope) => webRoutes(scope, web));
  return app;
}
