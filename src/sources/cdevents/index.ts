import { defineSource } from "../source.js";
import { mapCdevents } from "./map-cdevents.js";
import { type CloudEvent, cdeventsSettings, decodeCloudEvent } from "./payload-schema.js";
import { verifyCdevents } from "./verify-cdevents.js";

/** CDEvents 0.5 over CloudEvents 1.0, binary or structured mode (docs/sources/cdevents.md). */
export const cdevents = defineSource({
  name: "cdevents",
  title: "CDEvents",
  secretScheme: "token",
  deliveryIdHeaders: ["ce-id", "ce-source"],
  eventTypeHeader: "ce-type",
  settings: cdeventsSettings,
  verify: verifyCdevents,
  decode: decodeCloudEvent,
  // The CloudEvents identity is id + source (either mode); a bare CDEvent's context has the same two.
  deliveryId: (_request, body) => {
    const cloud = body as CloudEvent;
    const context = (cloud.data as { context?: { id?: unknown; source?: unknown } } | null)?.context;
    const id = cloud.id ?? (typeof context?.id === "string" ? context.id : undefined);
    const source = cloud.source ?? (typeof context?.source === "string" ? context.source : undefined);
    return id === undefined ? undefined : `${source ?? ""}#${id}`.slice(0, 1024);
  },
  map: mapCdevents,
});
