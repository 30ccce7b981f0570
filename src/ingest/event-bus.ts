/**
 * What the ingest path tells listeners after a commit: the events it accepted, in the event format (instants as
 * ISO 8601). In-process only: the server builds one bus and passes it in (AppContext); a `stride ingest` in
 * another process, or another Stride instance on the same PostgreSQL database, publishes on its own bus.
 */
export interface AcceptedEvent {
  /** grows by one per published event in this process; SSE clients resume after it (Last-Event-ID) */
  seq: number;
  type: string;
  id: string;
  event: Record<string, unknown>;
}

export interface EventBus {
  /** the event types it carries: the ingest path renders only these (an import of commits renders none) */
  readonly types: ReadonlySet<string>;
  publish(events: readonly Omit<AcceptedEvent, "seq">[]): void;
  /** Calls `listener` for every event published from now on; returns the unsubscribe function. */
  subscribe(listener: (event: AcceptedEvent) => void): () => void;
  /** The buffered events after `seq` (oldest first), or undefined when some of them were already dropped. */
  since(seq: number): AcceptedEvent[] | undefined;
}

/** The types the live stream shows (GET /api/v1/stream). */
export const LIVE_TYPES = ["deployment", "incident"] as const;

/** A bus that keeps the last `keep` events, so a client that reconnects within seconds misses nothing. */
export function createEventBus(types: readonly string[] = LIVE_TYPES, keep = 500): EventBus {
  const listeners = new Set<(event: AcceptedEvent) => void>();
  let recent: AcceptedEvent[] = [];
  let seq = 0;
  return {
    types: new Set(types),
    publish(events) {
      for (const e of events) {
        const published = { ...e, seq: ++seq };
        recent.push(published);
        for (const listener of listeners) listener(published);
      }
      if (recent.length > keep * 2) recent = recent.slice(-keep);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    since(after) {
      const first = recent[0];
      if (after === seq) return [];
      if (after > seq) return undefined;
      if (first === undefined || first.seq > after + 1) return undefined;
      return recent.filter((e) => e.seq > after);
    },
  };
}
