import { defineSource } from "../source.js";
import { firstHeader } from "../verify.js";
import { mapJira } from "./map-jira.js";
import { jiraSettings } from "./payload-schema.js";
import { verifyJira } from "./verify-jira.js";

/** Jira Cloud names each delivery (the same on every retry). */
const DELIVERY_ID = ["x-atlassian-webhook-identifier"];

/** Jira webhooks (docs/sources/jira.md). */
export const jira = defineSource({
  name: "jira",
  title: "Jira",
  secretScheme: "hmac",
  deliveryIdHeaders: DELIVERY_ID,
  settings: jiraSettings,
  verify: verifyJira,
  deliveryId: (request, body) => firstHeader(request.headers, DELIVERY_ID) ?? eventId(body),
  map: mapJira,
});

/** Without the header (Jira Data Center): the event, the issue and the event's millisecond, and the changelog's id. */
function eventId(body: unknown): string | undefined {
  const b = body as {
    webhookEvent?: unknown;
    timestamp?: unknown;
    issue?: { id?: unknown };
    changelog?: { id?: unknown };
  };
  const plain = (v: unknown) =>
    (typeof v === "string" && v.length > 0 && v.length <= 64) ||
    (typeof v === "number" && Number.isFinite(v));
  if (!plain(b.webhookEvent) || !plain(b.timestamp) || !plain(b.issue?.id)) return undefined;
  const changelog = plain(b.changelog?.id) ? `/${String(b.changelog?.id)}` : "";
  return `event:${String(b.webhookEvent)}/${String(b.issue?.id)}/${String(b.timestamp)}${changelog}`;
}
