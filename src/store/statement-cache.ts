import { type Compilable, CompiledQuery, type Transaction } from "kysely";
import type { Database } from "./database.js";

/** How many statement texts a store keeps: a few shapes per table and chunk size are in use at a time. */
const CAPACITY = 64;

/**
 * Set-based writes run the same few statements over and over: "insert these 500 rows", "load these 500 ids".
 * Kysely's builder makes an operation node per value and compiles them to text for every chunk, though the text
 * depends only on the statement's shape (table, columns, number of rows). This keeps the compiled text per shape
 * and runs it with each chunk's parameters, in the engine's own placeholder style.
 */
export interface StatementCache {
  /**
   * Runs the statement of shape `key` with `parameters`, the values in the order the compiled statement binds
   * them. `build` makes the statement with Kysely (with these values); it is called the first time a shape is seen.
   */
  run<R>(
    trx: Transaction<Database>,
    key: string,
    build: () => Compilable,
    parameters: unknown[],
  ): Promise<R[]>;
}

export function createStatementCache(): StatementCache {
  const texts = new Map<string, string>();
  return {
    async run<R>(
      trx: Transaction<Database>,
      key: string,
      build: () => Compilable,
      parameters: unknown[],
    ): Promise<R[]> {
      let text = texts.get(key);
      if (text === undefined) {
        const compiled = build().compile();
        // The parameters must be the very values, in the very order, the builder binds: checked once per shape.
        if (
          compiled.parameters.length !== parameters.length ||
          compiled.parameters.some((value, i) => value !== parameters[i])
        ) {
          throw new Error(`statement "${key}": its parameters are not in the order the builder binds them`);
        }
        text = compiled.sql;
        if (texts.size >= CAPACITY) texts.delete(texts.keys().next().value as string);
      } else {
        texts.delete(key); // re-inserted below: the map's order is least recently used first
      }
      texts.set(key, text);
      const result = await trx.executeQuery<R>(CompiledQuery.raw(text, parameters));
      return result.rows;
    },
  };
}
