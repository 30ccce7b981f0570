/**
 * Yields what `source` yields, asking it for the next item as soon as the current one is handed out: while the
 * consumer writes one chunk of commits, the next chunk is read from git (as far as the consumer lets the event
 * loop run). One item ahead at most. Stopping early stops the source once its item in flight has arrived.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  let done = false;
  try {
    while (true) {
      const current = await next;
      if (current.done) {
        done = true;
        return;
      }
      next = iterator.next();
      // Observed by the await above on the next turn; a consumer that stops first must not leave it unhandled.
      next.catch(() => {});
      yield current.value;
    }
  } finally {
    if (!done) {
      await next.catch(() => {});
      await iterator.return?.();
    }
  }
}
