import { defineSource } from "../source.js";
import { firstHeader } from "../verify.js";
import { mapCircleci } from "./map-circleci.js";
import { circleciSettings } from "./payload-schema.js";
import { verifyCircleci } from "./verify-circleci.js";

/** CircleCI sends no delivery id header; a relay (or a manual resend) may name one. */
const DELIVERY_ID = ["idempotency-key"];

/** CircleCI outbound webhooks (docs/sources/circleci.md). */
export const circleci = defineSource({
  name: "circleci",
  title: "CircleCI",
  secretScheme: "hmac",
  deliveryIdHeaders: DELIVERY_ID,
  eventTypeHeader: "circleci-event-type",
  settings: circleciSettings,
  verify: verifyCircleci,
  // The payload's `id` names the event and is the same on every retry (CircleCI's documented dedupe key).
  deliveryId: (request, body) => {
    const fromHeader = firstHeader(request.headers, DELIVERY_ID);
    if (fromHeader !== undefined) return fromHeader;
    const id = (body as { id?: unknown }).id;
    return typeof id === "string" && id.length > 0 && id.length <= 200 ? `event:${id}` : undefined;
  },
  map: mapCircleci,
});
