import { defineSource } from "../source.js";
import { firstHeader } from "../verify.js";
import { mapOpsgenie } from "./map-opsgenie.js";
import { decodeOpsgenie, opsgenieSettings } from "./payload-schema.js";
import { verifyOpsgenie } from "./verify-opsgenie.js";

/** Opsgenie sends no delivery id header; a relay (or a manual resend) may name one. */
const DELIVERY_ID = ["idempotency-key"];

/** Opsgenie webhook integrations (docs/sources/opsgenie.md). */
export const opsgenie = defineSource({
  name: "opsgenie",
  title: "Opsgenie",
  secretScheme: "token",
  deliveryIdHeaders: DELIVERY_ID,
  settings: opsgenieSettings,
  verify: verifyOpsgenie,
  decode: decodeOpsgenie,
  deliveryId: (request, body) => firstHeader(request.headers, DELIVERY_ID) ?? actionId(body),
  map: mapOpsgenie,
});

/**
 * The action's identity: the alert, the action and the alert's updatedAt to the nanosecond (its exact digits, as
 * decodeOpsgenie keeps them). A retried delivery repeats all three; a second acknowledgement has a later updatedAt.
 */
function actionId(body: unknown): string | undefined {
  const { action, alert } = body as { action?: unknown; alert?: { alertId?: unknown; updatedAt?: unknown } };
  const id = alert?.alertId;
  const at = alert?.updatedAt;
  const plain = (v: unknown) =>
    (typeof v === "string" && v.length > 0 && v.length <= 64) ||
    (typeof v === "number" && Number.isFinite(v));
  if (!plain(action) || !plain(id) || !plain(at)) return undefined;
  return `action:${String(id)}/${String(action)}/${String(at)}`;
}
