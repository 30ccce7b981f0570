import type { FastifyInstance } from "fastify";
import type { AcceptedEvent } from "../../ingest/event-bus.js";
import type { AppContext } from "../app-context.js";

const HEARTBEAT_MS = 15_000;
/** A client this far behind is sent `reset` (refetch) instead of every event it missed. */
const MAX_BUFFERED_BYTES = 1 << 20;

/**
 * GET /api/v1/stream: server-sent events of newly accepted deployments and incidents (event name = type, data =
 * the event as accepted, id = a sequence number). A reconnecting client sends Last-Event-ID and gets what it
 * missed, or `reset` when that is no longer known (it should then refetch). Comments keep proxies from timing out.
 */
export async function streamRoute(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const open = new Set<() => void>();
  app.addHook("preClose", async () => {
    for (const end of open) end();
  });

  app.get(
    "/api/v1/stream",
    {
      schema: {
        summary: "Live stream of accepted deployments and incidents",
        description:
          "text/event-stream. Events `deployment` and `incident` (data: the event as accepted, JSON), `reset` when " +
          "events were missed. types=deployment,incident narrows it. Resume with the Last-Event-ID header.",
        tags: ["live"],
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            types: { type: "string", pattern: "^(deployment|incident)(,(deployment|incident))*$" },
          },
        },
      },
    },
    async (request, reply) => {
      const { types } = request.query as { types?: string };
      const wanted = new Set<string>(types === undefined ? ctx.bus.types : types.split(","));
      const res = reply.raw;
      reply.hijack();
      res.writeHead(200, {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        connection: "keep-alive",
        "x-accel-buffering": "no",
        "x-request-id": request.id,
      });
      res.write("retry: 2000\n: connected\n\n");

      let behind = false;
      const send = (e: AcceptedEvent) => {
        if (!wanted.has(e.type)) return;
        if (behind || res.writableLength > MAX_BUFFERED_BYTES) {
          behind = true;
          return;
        }
        res.write(`id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e.event)}\n\n`);
      };
      const onDrain = () => {
        if (!behind) return;
        behind = false;
        res.write("event: reset\ndata: {}\n\n");
      };
      const lastId = Number(request.headers["last-event-id"]);
      if (Number.isSafeInteger(lastId) && lastId >= 0) {
        const missed = ctx.bus.since(lastId);
        if (missed === undefined) res.write("event: reset\ndata: {}\n\n");
        else for (const e of missed) send(e);
      }
      const unsubscribe = ctx.bus.subscribe(send);
      const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), HEARTBEAT_MS);
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
        res.off("drain", onDrain);
        if (!res.writableEnded) res.end();
      };
      open.add(end);
      res.on("drain", onDrain);
      res.on("close", end);
    },
  );
}
