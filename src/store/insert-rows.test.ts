import { describe, expect, test } from "vitest";
import { engines, freshDatabaseUrl } from "../testing/test-databases.js";
import { createStore } from "./kysely-store.js";
import { openEngine } from "./open-store.js";

/** EngineAdapter.insertRows, each engine its own way (SQLite row by row, PostgreSQL multi-row): the same answers. */
describe.each(engines)("insertRows on %s", (engine) => {
  test("answers per row in the caller's order; a stored key is not inserted; a key twice in one call: its first row", async () => {
    const adapter = await openEngine(await freshDatabaseUrl(engine));
    try {
      await createStore(adapter).migrate();
      const team = (id: string, name: string) => ({ id, name, data: JSON.stringify({ name }), clocks: "{}" });
      const first = await adapter.db
        .transaction()
        .execute((trx) => adapter.insertRows(trx, "teams", ["id"], [team("m", "m"), team("c", "c")]));
      expect(first).toEqual([true, true]);
      // out of key order, a stored key (c), and a key twice in one call (x): its first row is the one kept
      const rows = [
        team("z", "z"),
        team("x", "x first"),
        team("c", "c again"),
        team("a", "a"),
        team("x", "x second"),
      ];
      const second = await adapter.db
        .transaction()
        .execute((trx) => adapter.insertRows(trx, "teams", ["id"], rows));
      expect(second).toEqual([true, true, false, true, false]);
      const stored = await adapter.db.selectFrom("teams").select(["id", "name"]).orderBy("id").execute();
      expect(stored).toEqual([
        { id: "a", name: "a" },
        { id: "c", name: "c" },
        { id: "m", name: "m" },
        { id: "x", name: "x first" },
        { id: "z", name: "z" },
      ]);
    } finally {
      await adapter.close();
    }
  });
});
