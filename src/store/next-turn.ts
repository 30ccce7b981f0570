/**
 * Lets the event loop run (timers, I/O, other requests) before going on. SQLite answers synchronously, so a long
 * read or write made of awaited statements still never leaves the microtask queue without this.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** The rows of a long read, with a turn of the event loop every `every` rows. */
export async function* inTurns<T>(rows: AsyncIterable<T>, every: number): AsyncGenerator<T> {
  let n = 0;
  for await (const row of rows) {
    yield row;
    if (++n % every === 0) await nextTurn();
  }
}
