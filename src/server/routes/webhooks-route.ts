import type { FastifyInstance } from "fastify";
import { deliveryLogOf } from "../../sources/delivery-log.js";
import { receiveDelivery, type WebhookContext } from "../../sources/receive-delivery.js";
import type { Headers } from "../../sources/source.js";
import type { AppContext } from "../app-context.js";

const anyObject = { type: "object", additionalProperties: true } as const;

/**
 * POST /webhooks/<source>/<connection>: deliveries from the tools in src/sources/registry.ts (docs/sources). The body
 * is kept as the bytes received, whatever its content type, because signatures are computed over exactly those.
 * Authenticated by the connection's own secret, never by the ingest token.
 */
export async function webhooksRoute(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  const log = deliveryLogOf(ctx.store);
  app.addHook("onClose", async () => log.drain());
  const webhook: WebhookContext = {
    config: ctx.config,
    store: ctx.store,
    clock: ctx.clock,
    ingest: ctx,
    log,
    logError: (error) => app.log.error({ err: error }, "webhook delivery log write failed"),
  };

  app.post(
    "/webhooks/:source/:connection",
    {
      schema: {
        summary: "Receive a webhook delivery",
        description:
          "A source's webhook (GitHub, GitLab, Bitbucket, Azure DevOps, Gitea, CircleCI, PagerDuty v3, Opsgenie, Jira, CDEvents), verified with the connection's " +
          "secret and mapped to Stride events. 202 accepted or ignored (with a reason), 200 duplicate, 401 bad " +
          "signature. See docs/sources.",
        tags: ["webhooks"],
        params: {
          type: "object",
          properties: {
            source: { type: "string", minLength: 1, maxLength: 64 },
            connection: { type: "string", minLength: 1, maxLength: 128 },
          },
          required: ["source", "connection"],
        },
        response: {
          200: { description: "A redelivery of a delivery already stored", ...anyObject },
          202: { description: "Accepted, or ignored with a reason (ignored: true)", ...anyObject },
          "4xx": { description: "Rejected; see error.code (docs/errors.md)", ...anyObject },
        },
      },
    },
    async (request, reply) => {
      const { source, connection } = request.params as { source: string; connection: string };
      const answer = await receiveDelivery(webhook, {
        source,
        connection,
        headers: flatten(request.headers),
        rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
      });
      if (answer.security !== undefined) {
        // The security log line: who was refused and why; never the body or the signature.
        request.log.warn(
          {
            security: "webhook_rejected",
            connection: answer.security.connection,
            code: answer.security.code,
            remoteAddress: request.ip,
            userAgent: request.headers["user-agent"],
          },
          `webhook refused: ${answer.security.message}`,
        );
      }
      return reply.status(answer.status).send(answer.body);
    },
  );
}

function flatten(headers: Record<string, string | string[] | undefined>): Headers {
  const out: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
