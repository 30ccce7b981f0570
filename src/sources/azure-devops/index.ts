import { defineSource } from "../source.js";
import { firstHeader } from "../verify.js";
import { mapAzureDevops } from "./map-azure-devops.js";
import { azureDevopsSettings } from "./payload-schema.js";
import { verifyAzureDevops } from "./verify-azure-devops.js";

/** A client-chosen delivery id, when something between Azure DevOps and Stride adds one. */
const DELIVERY_ID = ["idempotency-key"];

/** Azure DevOps (Services and Server) service-hook subscriptions, Web Hooks consumer (docs/sources/azure-devops.md). */
export const azureDevops = defineSource({
  name: "azure-devops",
  title: "Azure DevOps",
  secretScheme: "token",
  deliveryIdHeaders: DELIVERY_ID,
  eventTypeHeader: undefined,
  settings: azureDevopsSettings,
  verify: verifyAzureDevops,
  // Azure DevOps sends no delivery header: the event's `id` is the same on every retry of a notification.
  deliveryId: (request, body) => {
    const fromHeader = firstHeader(request.headers, DELIVERY_ID);
    if (fromHeader !== undefined) return fromHeader;
    const id = (body as { id?: unknown }).id;
    return typeof id === "string" && id.length > 0 && id.length <= 200 ? `event:${id}` : undefined;
  },
  map: mapAzureDevops,
});
