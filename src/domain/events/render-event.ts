import { toIso } from "../time.js";
import { instantFields } from "./fields.js";

/** A stored entity in the event format clients send: instants as ISO 8601 UTC. */
export function renderEvent(data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  for (const field of instantFields) {
    const v = out[field];
    if (typeof v === "number") out[field] = toIso(v);
  }
  return out;
}
