import { type Kysely, sql } from "kysely";
import type { Database, EntityTableName } from "./database.js";

/** A filtered, keyset-paginated read of one entity table (the list endpoints). */
export interface ListQuery {
  table: EntityTableName;
  /** column = value */
  equals: Record<string, string | number>;
  /** column in values (e.g. the services of a team) */
  oneOf?: { column: string; values: string[] };
  /** a JSON-array text column holds the value (e.g. an incident's services) */
  contains?: { column: string; value: string };
  /** column is (or is not) null (e.g. open incidents) */
  isNull?: { column: string; null: boolean };
  /** from ≤ column < to */
  range?: { column: string; from?: number; to?: number };
  /** newest first by this instant column (rows without it last), then id; null: by id */
  orderBy: string | null;
  limit: number;
  /** the position after which to continue: [instant, id] or [id] */
  after?: (string | number)[];
}

export interface ListPage {
  rows: Record<string, unknown>[];
  /** the position of the last row when more may follow, else null */
  next: (string | number)[] | null;
}

export async function listEntities(db: Kysely<Database>, q: ListQuery): Promise<ListPage> {
  // Column names come from the route specs, never from the request; values are bound parameters.
  const ref = (column: string) => sql.ref(column);
  let query = db.selectFrom(q.table as "deployments").select(["id", "data"]);
  const where = (condition: ReturnType<typeof sql<boolean>>) => {
    query = query.where(condition);
  };
  for (const [column, value] of Object.entries(q.equals)) where(sql<boolean>`${ref(column)} = ${value}`);
  if (q.oneOf) {
    const values = q.oneOf.values.map((v) => sql`${v}`);
    where(
      values.length === 0
        ? sql<boolean>`1 = 0`
        : sql<boolean>`${ref(q.oneOf.column)} in (${sql.join(values)})`,
    );
  }
  if (q.contains) {
    const pattern = `%${JSON.stringify(q.contains.value).replace(/[%_\\]/g, "\\$&")}%`;
    where(sql<boolean>`${ref(q.contains.column)} like ${pattern} escape '\\'`);
  }
  if (q.isNull)
    where(
      q.isNull.null
        ? sql<boolean>`${ref(q.isNull.column)} is null`
        : sql<boolean>`${ref(q.isNull.column)} is not null`,
    );
  if (q.range?.from !== undefined) where(sql<boolean>`${ref(q.range.column)} >= ${q.range.from}`);
  if (q.range?.to !== undefined) where(sql<boolean>`${ref(q.range.column)} < ${q.range.to}`);
  if (q.orderBy === null) {
    if (q.after) query = query.where("id", ">", String(q.after[0]));
    query = query.orderBy("id");
  } else {
    const at = sql<number>`coalesce(${ref(q.orderBy)}, 0)`;
    if (q.after) {
      const [t, id] = q.after;
      query = query.where((eb) =>
        eb.or([eb(at, "<", Number(t)), eb.and([eb(at, "=", Number(t)), eb("id", "<", String(id))])]),
      );
    }
    query = query.orderBy(at, "desc").orderBy("id", "desc");
  }
  const found = await query
    .select(
      q.orderBy === null ? sql<number>`0`.as("at") : sql<number>`coalesce(${ref(q.orderBy)}, 0)`.as("at"),
    )
    .limit(q.limit + 1)
    .execute();
  const more = found.length > q.limit;
  const rows = found.slice(0, q.limit);
  const last = rows.at(-1);
  return {
    rows: rows.map((r) => JSON.parse(r.data) as Record<string, unknown>),
    next: more && last ? (q.orderBy === null ? [last.id] : [Number(last.at), last.id]) : null,
  };
}
