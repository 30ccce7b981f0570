import type { Kysely } from "kysely";
import type { Database } from "./database.js";

/**
 * The store's counters (store_meta): `data_version` grows whenever entities change, `key_generation` whenever a
 * replay renumbers the change rows (change keys from an older generation name other rows).
 */
export type MetaKey = "data_version" | "key_generation";

export async function readMeta(db: Kysely<Database>, key: MetaKey): Promise<number> {
  const row = await db.selectFrom("store_meta").select("value").where("key", "=", key).executeTakeFirst();
  return Number(row?.value ?? 0);
}

export async function bumpMeta(db: Kysely<Database>, key: MetaKey): Promise<void> {
  await db
    .updateTable("store_meta")
    .set((eb) => ({ value: eb("value", "+", 1) }))
    .where("key", "=", key)
    .execute();
}
