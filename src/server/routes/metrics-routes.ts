import type { FastifyInstance } from "fastify";
import { metricsQueryKeys } from "../../metrics/parse-metrics-query.js";
import type { AppContext } from "../app-context.js";

const queryProperties = Object.fromEntries(metricsQueryKeys.map((k) => [k, { type: "string" }]));
const anyObject = { type: "object", additionalProperties: true } as const;

/** GET /api/v1/metrics and its drill-down, thin over the metrics service. */
export async function metricsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get(
    "/api/v1/metrics",
    {
      schema: {
        summary: "Every metric for a scope and window",
        description:
          "Scope: team, service, repo, env (default: each service's production environments). Window [from, to): ISO 8601 " +
          "with a zone, or a date (midnight in tz); default the last 30 days. bucket day|week|month, tz (IANA), benchmark " +
          "2021|2023|2024. Durations in seconds; rates as fractions. See docs/metrics.md.",
        tags: ["metrics"],
        querystring: { type: "object", additionalProperties: false, properties: queryProperties },
        response: { 200: { description: "The metrics document", ...anyObject } },
      },
    },
    async (request) => ctx.metrics.getMetrics(request.query as Record<string, unknown>),
  );

  app.get(
    "/api/v1/metrics/breakdown",
    {
      schema: {
        summary: "The key metrics per service or team",
        description: "Same scope and window parameters as /api/v1/metrics, plus by=service|team.",
        tags: ["metrics"],
        querystring: {
          type: "object",
          additionalProperties: false,
          required: ["by"],
          properties: { ...queryProperties, by: { type: "string", enum: ["service", "team"] } },
        },
        response: { 200: { description: "One row per service or team", ...anyObject } },
      },
    },
    async (request) => ctx.metrics.getBreakdown(request.query as Record<string, unknown>),
  );

  app.get(
    "/api/v1/metrics/:metric/events",
    {
      schema: {
        summary: "The events behind one metric (drill-down)",
        description:
          "The deployments, changes, incidents or builds a metric value is computed from, with how each was linked. " +
          "failed=true|false keeps only the failed deployments (or the others) of a deployments drill-down.",
        tags: ["metrics"],
        params: { type: "object", properties: { metric: { type: "string" } }, required: ["metric"] },
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            ...queryProperties,
            limit: { type: "string" },
            cursor: { type: "string" },
            failed: { type: "string", enum: ["true", "false"] },
          },
        },
        response: { 200: { description: "A page of events", ...anyObject } },
      },
    },
    async (request) => {
      const { metric } = request.params as { metric: string };
      return ctx.metrics.getMetricEvents(metric, request.query as Record<string, unknown>);
    },
  );

  for (const kind of ["deployment", "incident"] as const) {
    app.get(
      `/api/v1/${kind}s/:id/links`,
      {
        schema: {
          summary: `How one ${kind} was linked`,
          description:
            kind === "deployment"
              ? "The changes it shipped first and why (listed, commit-graph reachability, path filter), the incidents blamed on it with method, evidence and time gap, what it reverted or what reverted it, and the neighbouring deployments of its target."
              : "The deployment it blames, the method (explicit, time window), the evidence and the time between the deployment and the impact.",
          tags: ["metrics"],
          params: { type: "object", properties: { id: { type: "string" } }, required: ["id"] },
          response: { 200: { description: "The links", ...anyObject } },
        },
      },
      async (request) => {
        const { id } = request.params as { id: string };
        return kind === "deployment" ? ctx.metrics.getDeploymentLinks(id) : ctx.metrics.getIncidentLinks(id);
      },
    );
  }

  app.get(
    "/api/v1/needs-mapping",
    {
      schema: {
        summary: "Service names no mapping rule covers yet",
        description:
          "Incident services that match no Stride service, alias or deployed name (their incidents blame no deployment and count for no team), most frequent first, and the number of incidents naming no service. Add a name to a service's aliases (a service event) and it applies to every stored event.",
        tags: ["metrics"],
        response: { 200: { description: "What needs mapping", ...anyObject } },
      },
    },
    async () => ctx.metrics.getNeedsMapping(),
  );
}
