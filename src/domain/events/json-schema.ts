import { z } from "zod";
import { eventSchemas, eventTypes } from "./schema.js";

/** The event format as JSON Schema (2020-12), generated from the same zod schemas that validate input. */
export function eventsJsonSchema(): Record<string, unknown> {
  const one = (type: (typeof eventTypes)[number]) =>
    z.toJSONSchema(eventSchemas[type], { io: "input", unrepresentable: "any", target: "draft-2020-12" });
  const defs = Object.fromEntries(
    eventTypes.map((type) => {
      const { $schema: _drop, ...rest } = one(type) as Record<string, unknown>;
      return [type, rest];
    }),
  );
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://stride.dev/schema/events.schema.json",
    title: "Stride event",
    description: "One event accepted by POST /api/v1/events; see docs/events.md.",
    oneOf: eventTypes.map((type) => ({ $ref: `#/$defs/${type}` })),
    $defs: defs,
  };
}
