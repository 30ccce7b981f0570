import { defineSource } from "../source.js";
import { mapBitbucket } from "./map-bitbucket.js";
import { bitbucketSettings } from "./payload-schema.js";
import { verifyBitbucket } from "./verify-bitbucket.js";

/** Bitbucket Cloud repository and workspace webhooks (docs/sources/bitbucket.md). */
export const bitbucket = defineSource({
  name: "bitbucket",
  title: "Bitbucket Cloud",
  secretScheme: "hmac",
  deliveryIdHeaders: ["x-request-uuid"],
  eventTypeHeader: "x-event-key",
  settings: bitbucketSettings,
  verify: verifyBitbucket,
  map: mapBitbucket,
});
