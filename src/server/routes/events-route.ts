import type { FastifyInstance } from "fastify";
import { httpStatusOf, StrideError } from "../../errors.js";
import { decodeBody, formatOf } from "../../ingest/decode-body.js";
import { ingestItems } from "../../ingest/ingest-events.js";
import type { AppContext } from "../app-context.js";
import { authorize } from "../ingest-token.js";

const anyObject = { type: "object", additionalProperties: true } as const;

/**
 * POST /api/v1/events: one event, a JSON array or NDJSON. One event answers 202 (accepted), 200 (duplicate) or
 * its error; a batch answers 202 when nothing was rejected, 207 when some were, 400 when all were.
 */
export async function eventsRoute(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // Bodies are read as text: we decode them ourselves so a bad line rejects that event, not the batch.
  for (const type of [
    "application/json",
    "application/x-ndjson",
    "application/ndjson",
    "application/jsonl",
  ]) {
    app.removeContentTypeParser(type);
    app.addContentTypeParser(type, { parseAs: "string" }, (_req, body, done) => done(null, body));
  }

  app.post(
    "/api/v1/events",
    {
      schema: {
        summary: "Ingest events",
        description:
          "Accepts one Stride event (JSON object), a JSON array, or NDJSON (Content-Type: application/x-ndjson). " +
          "See docs/events.md and schema/events.schema.json.",
        tags: ["ingest"],
        headers: {
          type: "object",
          properties: { "idempotency-key": { type: "string", maxLength: 200 } },
        },
        response: {
          200: { description: "Duplicate of a stored event", ...anyObject },
          202: { description: "Accepted", ...anyObject },
          207: { description: "Batch with some events rejected; see results", ...anyObject },
          "4xx": { description: "Rejected; see error.code (docs/errors.md)", ...anyObject },
        },
      },
    },
    async (request, reply) => {
      authorize(request, ctx.config.ingestToken);
      const format = formatOf(request.headers["content-type"]);
      if (format === undefined) {
        throw new StrideError(
          "unsupported_media_type",
          `Content-Type ${request.headers["content-type"]} is not accepted here`,
          "send application/json (one event or an array) or application/x-ndjson (one event per line)",
        );
      }
      const text = typeof request.body === "string" ? request.body : "";
      const decoded = decodeBody(text, format, ctx.config.maxBatch);
      const idempotencyKey = request.headers["idempotency-key"];
      const report = await ingestItems(ctx, decoded.items, {
        source: "api",
        idempotencyKey: typeof idempotencyKey === "string" ? idempotencyKey : undefined,
      });
      if (decoded.single) {
        const [only] = report.results;
        if (only === undefined) throw new Error("ingest answered no result for one event");
        if (only.status === "rejected")
          return reply.status(httpStatusOf(only.error.code)).send({ error: only.error });
        return reply
          .status(only.status === "accepted" ? 202 : 200)
          .send({ status: only.status, type: only.type, id: only.id });
      }
      const status = report.rejected === 0 ? 202 : report.rejected === report.results.length ? 400 : 207;
      return reply.status(status).send(report);
    },
  );
}
