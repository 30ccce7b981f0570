import type { FastifyInstance } from "fastify";
import { renderEvent } from "../../domain/events/render-event.js";
import { decodeCursor, encodeCursor, MAX_LIMIT, parseLimit } from "../../metrics/cursor.js";
import { parseQueryInstant } from "../../metrics/parse-metrics-query.js";
import type { EntityTableName } from "../../store/database.js";
import type { ListQuery } from "../../store/list-entities.js";
import type { AppContext } from "../app-context.js";

/** How a query parameter filters a resource. */
type Filter =
  | { equals: string; integer?: boolean }
  | { contains: string }
  | { nullWhenFalse: string }
  | { nullWhenTrue: string }
  | { teamOf: string };

interface Resource {
  table: EntityTableName;
  /** newest first by this instant (also what from/to filter), or by id */
  time: string | null;
  filters: Record<string, Filter>;
}

/** GET /api/v1/<resource>: filters, newest first, cursor pagination; items in the event format. */
const resources: Record<string, Resource> = {
  deployments: {
    table: "deployments",
    time: "finished_at",
    filters: {
      service: { equals: "service" },
      team: { teamOf: "service" },
      env: { equals: "environment" },
      status: { equals: "status" },
      kind: { equals: "kind" },
      sha: { equals: "sha" },
      version: { equals: "version" },
      repo: { equals: "repo" },
    },
  },
  changes: {
    table: "changes",
    time: "committed_at",
    filters: { repo: { equals: "repo" }, sha: { equals: "sha" }, author: { equals: "author" } },
  },
  incidents: {
    table: "incidents",
    time: "detected_at",
    filters: {
      service: { contains: "services" },
      severity: { equals: "severity" },
      env: { equals: "environment" },
      open: { nullWhenTrue: "resolved_at" },
    },
  },
  builds: {
    table: "builds",
    time: "started_at",
    filters: {
      repo: { equals: "repo" },
      sha: { equals: "sha" },
      pipeline: { equals: "pipeline" },
      status: { equals: "status" },
    },
  },
  "pull-requests": {
    table: "pull_requests",
    time: "created_at",
    filters: {
      repo: { equals: "repo" },
      author: { equals: "author" },
      number: { equals: "number", integer: true },
      merged: { nullWhenFalse: "merged_at" },
    },
  },
  services: { table: "services", time: null, filters: { team: { equals: "team" } } },
  teams: { table: "teams", time: null, filters: {} },
};

export async function listRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  for (const [name, resource] of Object.entries(resources)) {
    const params: Record<string, { type: string; enum?: string[]; pattern?: string }> = {};
    for (const [param, filter] of Object.entries(resource.filters)) {
      if ("nullWhenTrue" in filter || "nullWhenFalse" in filter)
        params[param] = { type: "string", enum: ["true", "false"] };
      else if ("equals" in filter && filter.integer)
        params[param] = { type: "string", pattern: "^[0-9]{1,9}$" };
      else params[param] = { type: "string" };
    }
    if (resource.time !== null) Object.assign(params, { from: { type: "string" }, to: { type: "string" } });
    app.get(
      `/api/v1/${name}`,
      {
        schema: {
          summary: `List ${name}`,
          description:
            resource.time === null
              ? "Ordered by name."
              : "Newest first; from/to bound the time it is ordered by ([from, to)).",
          tags: ["entities"],
          querystring: {
            type: "object",
            additionalProperties: false,
            properties: { ...params, limit: { type: "string" }, cursor: { type: "string" } },
          },
        },
      },
      async (request) => {
        const q = request.query as Record<string, string | undefined>;
        const query = await toListQuery(resource, q, ctx);
        const page = await ctx.store.listEntities(query);
        return {
          items: page.rows.map(renderEvent),
          nextCursor: page.next === null ? null : encodeCursor(page.next),
        };
      },
    );
  }
}

async function toListQuery(
  resource: Resource,
  q: Record<string, string | undefined>,
  ctx: AppContext,
): Promise<ListQuery> {
  const query: ListQuery = {
    table: resource.table,
    equals: {},
    orderBy: resource.time,
    limit: parseLimit(q.limit ?? undefined),
  };
  if (q.cursor !== undefined) query.after = decodeCursor(q.cursor);
  for (const [param, filter] of Object.entries(resource.filters)) {
    const value = q[param];
    if (value === undefined) continue;
    if ("equals" in filter) query.equals[filter.equals] = filter.integer ? Number(value) : value;
    else if ("contains" in filter) query.contains = { column: filter.contains, value };
    else if ("nullWhenTrue" in filter) query.isNull = { column: filter.nullWhenTrue, null: value === "true" };
    else if ("nullWhenFalse" in filter)
      query.isNull = { column: filter.nullWhenFalse, null: value === "false" };
    else query.oneOf = { column: filter.teamOf, values: await servicesOfTeam(ctx, value) };
  }
  if (resource.time !== null && (q.from !== undefined || q.to !== undefined)) {
    query.range = {
      column: resource.time,
      from: q.from === undefined ? undefined : parseQueryInstant(q.from, "from", "UTC"),
      to: q.to === undefined ? undefined : parseQueryInstant(q.to, "to", "UTC"),
    };
  }
  return query;
}

async function servicesOfTeam(ctx: AppContext, team: string): Promise<string[]> {
  const page = await ctx.store.listEntities({
    table: "services",
    equals: { team },
    orderBy: null,
    limit: MAX_LIMIT * 10,
  });
  return page.rows.map((r) => String(r.name));
}
