import { StrideError } from "../errors.js";

/** One event as it arrived: its text, and its decoded value unless the text was not JSON. */
export type DecodedItem = { raw: string; value: unknown } | { raw: string; parseError: string };

export type BodyFormat = "json" | "ndjson";

export interface DecodedBody {
  /** true when the body was one JSON object, not an array or NDJSON */
  single: boolean;
  items: DecodedItem[];
}

/**
 * Splits a request body into events: one JSON object, a JSON array of them, or NDJSON (one per line). A body
 * that is not JSON at all is one undecodable item, so it is still logged as rejected rather than lost.
 */
export function decodeBody(text: string, format: BodyFormat, maxEvents: number): DecodedBody {
  if (text.trim() === "") {
    throw new StrideError(
      "empty_body",
      "the request body is empty",
      "send one event, a JSON array, or NDJSON lines",
    );
  }
  if (format === "ndjson") {
    const items: DecodedItem[] = [];
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      items.push(decodeOne(line.endsWith("\r") ? line.slice(0, -1) : line));
    }
    return { single: false, items: limit(items, maxEvents) };
  }
  const whole = decodeOne(text);
  if ("parseError" in whole || !Array.isArray(whole.value)) return { single: true, items: [whole] };
  const items = whole.value.map((value: unknown) => ({ raw: JSON.stringify(value), value }));
  return { single: false, items: limit(items, maxEvents) };
}

/** One event's text, decoded; text that is not JSON becomes an undecodable item, not an exception. */
export function decodeOne(raw: string): DecodedItem {
  try {
    return { raw, value: JSON.parse(raw) };
  } catch (error) {
    return { raw, parseError: (error as Error).message };
  }
}

function limit(items: DecodedItem[], maxEvents: number): DecodedItem[] {
  if (items.length > maxEvents) {
    throw new StrideError(
      "batch_too_large",
      `${items.length} events in one request; the limit is ${maxEvents}`,
      `split the batch into requests of at most ${maxEvents} events (STRIDE_MAX_BATCH raises the limit)`,
    );
  }
  return items;
}

/** Reads the format from a Content-Type header; undefined for types the events endpoint does not take. */
export function formatOf(contentType: string | undefined): BodyFormat | undefined {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase();
  if (type === "application/json" || type === "") return "json";
  if (type === "application/x-ndjson" || type === "application/ndjson" || type === "application/jsonl") {
    return "ndjson";
  }
  return undefined;
}
