import { defineSource } from "../source.js";
import { mapBitbucketServer } from "./map-bitbucket-server.js";
import { bitbucketServerSettings } from "./payload-schema.js";
import { verifyBitbucketServer } from "./verify-bitbucket-server.js";

/** Bitbucket Data Center and Server repository and project webhooks (docs/sources/bitbucket-server.md). */
export const bitbucketServer = defineSource({
  name: "bitbucket-server",
  title: "Bitbucket Data Center",
  secretScheme: "hmac",
  deliveryIdHeaders: ["x-request-id"],
  eventTypeHeader: "x-event-key",
  settings: bitbucketServerSettings,
  verify: verifyBitbucketServer,
  map: mapBitbucketServer,
});
