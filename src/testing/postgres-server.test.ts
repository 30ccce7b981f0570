import pg from "pg";
import { expect, test } from "vitest";
import { freshDatabaseUrl, freshPostgresUrl, freshSqliteUrl } from "./test-databases.js";

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

test("freshPostgresUrl gives a reachable, empty database", async () => {
  const url = await freshPostgresUrl();
  await withClient(url, async (client) => {
    const one = await client.query<{ one: number }>("select 1 as one");
    expect(one.rows).toEqual([{ one: 1 }]);

    const current = await client.query<{ name: string }>("select current_database() as name");
    expect(`/${current.rows[0]?.name}`).toBe(new URL(url).pathname);

    const relations = await client.query<{ count: string }>(
      `select count(*) as count from pg_catalog.pg_class c
         join pg_catalog.pg_namespace n on n.oid = c.relnamespace
        where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')`,
    );
    expect(relations.rows[0]?.count).toBe("0");
  });
});

test("two freshPostgresUrl calls give different databases", async () => {
  const [a, b] = await Promise.all([freshPostgresUrl(), freshPostgresUrl()]);
  expect(a).not.toBe(b);

  await withClient(a, (client) => client.query("create table marker (id int)"));
  const tables = await withClient(b, (client) =>
    client.query("select 1 from information_schema.tables where table_name = 'marker'"),
  );
  expect(tables.rowCount).toBe(0);
});

test("freshSqliteUrl gives a new path each time", async () => {
  const a = freshSqliteUrl();
  expect(a).toMatch(/^sqlite:.*stride-test-[^/]+\/stride\.db$/);
  expect(a).not.toBe(freshSqliteUrl());
  expect(await freshDatabaseUrl("sqlite")).toMatch(/^sqlite:/);
});
