import Fastify, { type FastifyInstance } from "fastify";

/** The baseline: a Fastify endpoint that parses the same bodies and acknowledges them, storing nothing. */
export async function buildNoopApp(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: 10 * 1024 * 1024 });
  app.post("/api/v1/events", async (_request, reply) => reply.status(202).send({ status: "accepted" }));
  return app;
}
