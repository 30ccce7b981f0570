import { defineSource } from "../source.js";
import { firstHeader } from "../verify.js";
import { mapPagerduty } from "./map-pagerduty.js";
import { pagerdutySettings } from "./payload-schema.js";
import { verifyPagerduty } from "./verify-pagerduty.js";

const DELIVERY_ID = ["x-webhook-id"];

/** PagerDuty v3 webhook subscriptions (docs/sources/pagerduty.md). */
export const pagerduty = defineSource({
  name: "pagerduty",
  title: "PagerDuty",
  secretScheme: "hmac",
  deliveryIdHeaders: DELIVERY_ID,
  settings: pagerdutySettings,
  verify: verifyPagerduty,
  // X-Webhook-Id, else the event's own id (the same on every retry)
  deliveryId: (request, body) => {
    const fromHeader = firstHeader(request.headers, DELIVERY_ID);
    if (fromHeader !== undefined) return fromHeader;
    const id = (body as { event?: { id?: unknown } }).event?.id;
    return typeof id === "string" && id.length > 0 && id.length <= 200 ? `event:${id}` : undefined;
  },
  map: mapPagerduty,
});
