import { defineSource } from "../source.js";
import { mapGithub } from "./map-github.js";
import { decodeGithub, githubSettings } from "./payload-schema.js";
import { verifyGithub } from "./verify-github.js";

/** GitHub repository and organization webhooks (docs/sources/github.md). */
export const github = defineSource({
  name: "github",
  title: "GitHub",
  secretScheme: "hmac",
  deliveryIdHeaders: ["x-github-delivery"],
  eventTypeHeader: "x-github-event",
  settings: githubSettings,
  verify: verifyGithub,
  decode: decodeGithub,
  map: mapGithub,
});
