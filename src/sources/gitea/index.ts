import { defineSource } from "../source.js";
import { mapGitea } from "./map-gitea.js";
import { giteaSettings } from "./payload-schema.js";
import { verifyGitea } from "./verify-gitea.js";

/** Gitea (and Forgejo) repository, organization and system webhooks of type Gitea (docs/sources/gitea.md). */
export const gitea = defineSource({
  name: "gitea",
  title: "Gitea",
  secretScheme: "hmac",
  deliveryIdHeaders: ["x-gitea-delivery"],
  eventTypeHeader: "x-gitea-event",
  settings: giteaSettings,
  verify: verifyGitea,
  map: mapGitea,
});
