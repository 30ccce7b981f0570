import type { FastifyInstance } from "fastify";
import {
  addConnection,
  type ConnectionsContext,
  configureConnection,
  connectionDeliveries,
  connectionStatuses,
  removeConnection,
  rotateConnection,
} from "../../connections/manage-connections.js";
import type { DeliveryOutcome } from "../../store/connections-store.js";
import type { AppContext } from "../app-context.js";
import { authorize } from "../ingest-token.js";

const anyObject = { type: "object", additionalProperties: true } as const;
const name = { type: "string", minLength: 1, maxLength: 128 } as const;
const settings = { type: "object", additionalProperties: true } as const;
const connectionParams = {
  type: "object",
  properties: { source: name, name },
  required: ["source", "name"],
  additionalProperties: false,
} as const;

/**
 * /api/v1/connections: the webhook connections, as `stride connections` manages them. Secrets are answered once,
 * when Stride generates them, and never listed. Requires the ingest token when one is configured.
 */
export async function connectionsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const c: ConnectionsContext = { store: ctx.store, config: ctx.config, clock: ctx.clock };
  app.addHook("onRequest", async (request) => authorize(request, ctx.config.ingestToken));
  const tags = ["connections"];

  app.get(
    "/api/v1/connections",
    {
      schema: {
        summary: "List webhook connections with their delivery counts",
        tags,
        response: { 200: anyObject },
      },
    },
    async () => ({ connections: await connectionStatuses(c) }),
  );

  app.post(
    "/api/v1/connections",
    {
      schema: {
        summary: "Add a webhook connection",
        description: "Without a secret, Stride generates one and answers it once.",
        tags,
        body: {
          type: "object",
          properties: { source: name, name, secret: { type: "string", maxLength: 1024 }, settings },
          required: ["source", "name"],
          additionalProperties: false,
        },
        response: { 201: anyObject, "4xx": anyObject },
      },
    },
    async (request, reply) => {
      const body = request.body as {
        source: string;
        name: string;
        secret?: string;
        settings?: Record<string, unknown>;
      };
      return reply.status(201).send(await addConnection(c, body));
    },
  );

  app.patch(
    "/api/v1/connections/:source/:name",
    {
      schema: {
        summary: "Change a connection's settings (a null value restores the default)",
        tags,
        params: connectionParams,
        body: {
          type: "object",
          properties: { settings },
          required: ["settings"],
          additionalProperties: false,
        },
        response: { 200: anyObject, "4xx": anyObject },
      },
    },
    async (request) => {
      const params = request.params as { source: string; name: string };
      const body = request.body as { settings: Record<string, unknown> };
      return { connection: await configureConnection(c, { ...params, settings: body.settings }) };
    },
  );

  app.post(
    "/api/v1/connections/:source/:name/rotate",
    {
      schema: {
        summary: "Give a connection a new secret",
        description: "graceSeconds keeps the previous secret valid that long (default 0).",
        tags,
        params: connectionParams,
        body: {
          type: "object",
          properties: {
            secret: { type: "string", maxLength: 1024 },
            graceSeconds: { type: "integer", minimum: 0, maximum: 2_592_000 },
          },
          additionalProperties: false,
        },
        response: { 200: anyObject, "4xx": anyObject },
      },
    },
    async (request) => {
      const params = request.params as { source: string; name: string };
      const body = (request.body ?? {}) as { secret?: string; graceSeconds?: number };
      return rotateConnection(c, { ...params, ...body });
    },
  );

  app.delete(
    "/api/v1/connections/:source/:name",
    {
      schema: { summary: "Remove a connection (the events it brought stay)", tags, params: connectionParams },
    },
    async (request, reply) => {
      await removeConnection(c, request.params as { source: string; name: string });
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/v1/connections/:source/:name/deliveries",
    {
      schema: {
        summary: "A connection's recent deliveries, newest first (rejected ones with their payload)",
        tags,
        params: connectionParams,
        querystring: {
          type: "object",
          properties: {
            limit: { type: "integer", minimum: 1, maximum: 1000, default: 50 },
            outcome: { type: "string", enum: ["accepted", "duplicate", "ignored", "rejected"] },
          },
          additionalProperties: false,
        },
        response: { 200: anyObject, "4xx": anyObject },
      },
    },
    async (request) => {
      const params = request.params as { source: string; name: string };
      const query = request.query as { limit: number; outcome?: DeliveryOutcome };
      return { deliveries: await connectionDeliveries(c, { ...params, ...query }) };
    },
  );
}
